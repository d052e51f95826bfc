"""ANSI-mode databases: every statement runs in a transaction that begins by itself.

Informix Guide to SQL: Tutorial, "ANSI-compliant databases": a database created WITH LOG
MODE ANSI has no BEGIN WORK needed: the first statement after a COMMIT or ROLLBACK opens a
transaction, which COMMIT WORK or ROLLBACK WORK ends (sysdatabases.is_ansi is 1).
"""

from __future__ import annotations


def test_ansi_transactions_begin_implicitly(connect, dbname):
    db = connect()
    db.run(f"CREATE DATABASE {dbname} WITH LOG MODE ANSI")
    db.run("CREATE TABLE t (id INTEGER)")
    assert db.session.in_transaction  # the CREATE TABLE opened it
    db.run("COMMIT WORK")
    db.run("INSERT INTO t VALUES (1)")
    db.run("ROLLBACK WORK")
    assert db.query("SELECT COUNT(*) FROM t") == [(0,)]
    db.run("INSERT INTO t VALUES (2)")
    db.run("COMMIT WORK")
    other = connect(dbname)
    assert other.query("SELECT id FROM t") == [(2,)]
    other.run("COMMIT WORK")
    assert db.run("COMMIT WORK") == (0, 0)  # nothing open: still fine
    db.run("DATABASE sysmaster")
    assert db.query(f"SELECT is_ansi, is_logging FROM sysdatabases WHERE name = '{dbname}'") == [(1, 1)]


def test_plain_logged_database_still_needs_begin(db):
    db.run("CREATE TABLE t (id INTEGER)")
    assert not db.session.in_transaction
    assert db.error("COMMIT WORK").sqlcode == -255
