"""Catalog reads are kept between catalog changes, yet always show what a fresh read would:
the committed catalog (Informix's committed read), plus the session's own uncommitted DDL."""

from __future__ import annotations

import duckdb
import pytest

USER_TABLES = "SELECT tabname, tabtype FROM systables WHERE tabid >= 100 ORDER BY tabname"


def _count_reads(session, monkeypatch) -> list:
    reads: list = []
    real = session.read_columnar

    def counted(sql, params=None, small=1024):
        reads.append(sql)
        return real(sql, params, small)

    monkeypatch.setattr(session, "read_columnar", counted)
    return reads


def test_a_catalog_read_is_served_again_without_running_the_query(db, monkeypatch):
    reads = _count_reads(db.session, monkeypatch)
    sql = "SELECT tabname FROM systables WHERE tabid = ?"
    assert db.query(sql, 1) == [("systables",)]
    assert db.query(sql, 2) == [("syscolumns",)]
    assert db.query(sql, 1) == [("systables",)]
    assert db.query(sql, 2) == [("syscolumns",)]
    assert len(reads) == 2


def test_a_query_of_a_user_table_is_read_every_time(db, monkeypatch):
    db.run("CREATE TABLE plain_t (a INT)")
    reads = _count_reads(db.session, monkeypatch)
    for _ in range(2):
        db.query("SELECT a FROM plain_t")
        db.query("SELECT TODAY FROM systables WHERE tabid = 1")
    assert len(reads) == 4


def test_writing_data_keeps_the_kept_catalog_reads(db, monkeypatch):
    db.run("CREATE TABLE data_t (a INT, b VARCHAR(10))")
    insert = db.session.prepare("INSERT INTO data_t VALUES (?, ?)", 2)
    update = db.session.prepare("UPDATE data_t SET b = 'y' WHERE a = 1", 0)
    assert db.query(USER_TABLES) == [("data_t", "T")]
    reads = _count_reads(db.session, monkeypatch)
    db.run("BEGIN WORK")
    assert insert.execute_batch([[n, "x"] for n in range(3)]) == [(1, 0)] * 3  # written as one Arrow batch
    assert update.execute() == (1, 0)
    assert db.query(USER_TABLES) == [("data_t", "T")]
    db.run("COMMIT WORK")
    assert db.query(USER_TABLES) == [("data_t", "T")]
    assert reads == []


@pytest.mark.parametrize("ddl, shown", [
    ("CREATE TABLE new_t (a INT)", [("new_t", "T")]),
    ("CREATE SEQUENCE new_seq", [("new_seq", "Q")]),
    ("CREATE VIEW new_v AS SELECT tabid FROM systables", [("new_v", "V")]),
])
def test_ddl_another_session_commits_shows_in_the_next_catalog_read(db, connect, dbname, ddl, shown):
    assert db.query(USER_TABLES) == []
    other = connect(dbname)
    other.run(ddl)  # outside a transaction: committed at once
    assert db.query(USER_TABLES) == shown


def test_ddl_in_another_transaction_shows_once_committed(db, connect, dbname):
    assert db.query(USER_TABLES) == []
    other = connect(dbname)
    other.run("BEGIN WORK")
    other.run("CREATE TABLE later_t (a INT)")
    assert db.query(USER_TABLES) == []
    other.run("COMMIT WORK")
    assert db.query(USER_TABLES) == [("later_t", "T")]
    other.run("DROP TABLE later_t")
    assert db.query(USER_TABLES) == []


def test_own_uncommitted_ddl_shows_to_its_session_and_goes_with_a_rollback(db):
    assert db.query(USER_TABLES) == []
    db.run("BEGIN WORK")
    db.run("CREATE TABLE mine_t (a INT)")
    assert db.query(USER_TABLES) == [("mine_t", "T")]
    db.run("ROLLBACK WORK")
    assert db.query(USER_TABLES) == []


@pytest.mark.parametrize("ddl, shown", [
    ("CREATE TABLE after_t (a INT)", [("after_t", "T")]),
    ("CREATE SEQUENCE after_seq", [("after_seq", "Q")]),
])
def test_a_read_in_a_snapshot_older_than_a_committed_change_is_not_kept(db, connect, dbname, ddl, shown):
    db.run("CREATE TABLE snap_t (a INT)")
    assert db.query(USER_TABLES) == [("snap_t", "T")]  # prepared and kept before the transaction
    assert db.query("SELECT count(*) FROM snap_t") == [(0,)]  # prepared before it too
    db.run("BEGIN WORK")
    db.run("INSERT INTO snap_t VALUES (1)")  # the first write takes the snapshot
    other = connect(dbname)
    other.run(ddl)
    assert db.query(USER_TABLES) == [("snap_t", "T")]  # the transaction's snapshot predates it
    db.run("COMMIT WORK")
    assert db.query(USER_TABLES) == sorted([("snap_t", "T"), *shown])


def test_a_transaction_that_reads_only_kept_catalog_rows_opens_no_duckdb_transaction(db):
    assert db.query(USER_TABLES) == []
    for end in ("COMMIT WORK", "ROLLBACK WORK"):
        db.run("BEGIN WORK")
        assert db.query(USER_TABLES) == []
        with pytest.raises(duckdb.TransactionException):  # DuckDB has none to end
            db.session.conn.execute("ROLLBACK")
        db.run(end)
        assert not db.session.in_transaction


def test_committed_read_sees_rows_committed_meanwhile_until_the_transaction_writes(db, connect, dbname):
    """Informix's COMMITTED READ reads the latest committed rows (IBM: "Committed Read isolation
    ... the database server returns only committed rows"; it keeps no snapshot). The engine's
    DuckDB transaction, a snapshot, starts with the transaction's first write."""
    db.run("CREATE TABLE seen_t (a INT)")
    other = connect(dbname)
    db.run("BEGIN WORK")
    other.run("INSERT INTO seen_t VALUES (1)")
    assert db.query("SELECT a FROM seen_t") == [(1,)]
    other.run("INSERT INTO seen_t VALUES (2)")
    assert sorted(db.query("SELECT a FROM seen_t")) == [(1,), (2,)]
    db.run("INSERT INTO seen_t VALUES (3)")
    assert sorted(db.query("SELECT a FROM seen_t")) == [(1,), (2,), (3,)]
    db.run("ROLLBACK WORK")
    assert sorted(db.query("SELECT a FROM seen_t")) == [(1,), (2,)]


def test_repeatable_read_reads_from_its_first_read_on(db, connect, dbname):
    """REPEATABLE READ: a row read again in the transaction reads as before."""
    db.run("CREATE TABLE seen_t (a INT)")
    db.run("INSERT INTO seen_t VALUES (1)")
    other = connect(dbname)
    db.run("SET ISOLATION TO REPEATABLE READ")
    db.run("BEGIN WORK")
    assert db.query("SELECT count(*) FROM seen_t WHERE a = 1") == [(1,)]
    other.run("INSERT INTO seen_t VALUES (2)")
    assert db.query("SELECT count(*) FROM seen_t WHERE a = 1") == [(1,)]
    assert db.query("SELECT a FROM seen_t") == [(1,)]
    db.run("COMMIT WORK")
    assert sorted(db.query("SELECT a FROM seen_t")) == [(1,), (2,)]
