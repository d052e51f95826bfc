"""Transactions: autocommit, BEGIN/COMMIT/ROLLBACK, isolation, lock conflicts, unlogged databases."""

from __future__ import annotations

import threading

import pytest

from informix_db.testing.engine import SqlError


@pytest.fixture
def pair(db, dbname, connect):
    """Two sessions on one logged database holding table t(id PRIMARY KEY, v)."""
    db.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10))")
    db.run("INSERT INTO t VALUES (1, 'one')")
    return db, connect(dbname)


def test_session_state(db, dbname):
    assert (db.session.database, db.session.logged, db.session.in_transaction) == (dbname, True, False)
    db.session.begin()
    assert db.session.in_transaction
    db.session.commit()
    assert not db.session.in_transaction


def test_autocommit_outside_a_transaction_is_visible_to_others(pair):
    first, second = pair
    first.run("INSERT INTO t VALUES (2, 'two')")
    assert second.query("SELECT id FROM t ORDER BY id") == [(1,), (2,)]


def test_uncommitted_writes_are_invisible_and_commit_publishes_them(pair):
    """A last-committed reader sees the committed rows only; a COMMITTED READ reader (the
    default) that meets the uncommitted row fails under NOT WAIT (see test_isolation.py)."""
    first, second = pair
    first.session.begin()
    first.run("INSERT INTO t VALUES (2, 'two')")
    assert first.query("SELECT COUNT(*) FROM t") == [(2,)]
    assert second.error("SELECT COUNT(*) FROM t").sqlcode == -244
    second.run("SET ISOLATION TO COMMITTED READ LAST COMMITTED")
    assert second.query("SELECT COUNT(*) FROM t") == [(1,)]
    first.session.commit()
    assert second.query("SELECT COUNT(*) FROM t") == [(2,)]


def test_rollback_undoes_everything(pair):
    first, _ = pair
    first.run("BEGIN WORK")
    first.run("INSERT INTO t VALUES (2, 'two')")
    first.run("UPDATE t SET v = 'changed'")
    first.run("CREATE TABLE extra (a INTEGER)")
    first.run("ROLLBACK WORK")
    assert first.query("SELECT id, v FROM t") == [(1, "one")]
    assert first.error("SELECT * FROM extra").sqlcode == -206


def test_failed_statement_keeps_the_transaction(pair):
    first, second = pair
    first.run("BEGIN WORK")
    first.run("INSERT INTO t VALUES (2, 'two')")
    assert first.error("INSERT INTO t VALUES (2, 'dup')").sqlcode == -268
    assert first.error("INSERT INTO t VALUES (3, 'a'), (3, 'b')").sqlcode == -268
    assert first.error("SELECT 1/0 FROM t").sqlcode == -1202
    assert first.error("SELECT nosuch FROM t").sqlcode == -217
    assert first.session.in_transaction
    first.run("INSERT INTO t VALUES (4, 'four')")
    first.run("COMMIT WORK")
    assert second.query("SELECT id FROM t ORDER BY id") == [(1,), (2,), (4,)]


def test_transaction_errors(db):
    assert db.error("COMMIT WORK").sqlcode == -255
    assert db.error("ROLLBACK WORK").sqlcode == -255
    db.run("BEGIN WORK")
    assert db.error("BEGIN WORK").sqlcode == -535
    db.run("COMMIT")
    with pytest.raises(SqlError) as caught:
        db.session.commit()
    assert caught.value.sqlcode == -255


def test_unlogged_database_has_no_transactions(connect):
    plain = connect()
    plain.run("CREATE DATABASE unlogged_db")
    assert plain.session.logged is False
    assert plain.error("BEGIN WORK").sqlcode == -256
    with pytest.raises(SqlError) as caught:
        plain.session.begin()
    assert caught.value.sqlcode == -256
    plain.run("CREATE TABLE t (a INTEGER)")
    plain.run("INSERT INTO t VALUES (1)")
    assert connect("unlogged_db").query("SELECT a FROM t") == [(1,)]


def test_sysmaster_is_logged(connect):
    master = connect("sysmaster")
    assert master.session.logged
    master.session.begin()
    assert master.query("SELECT 1 FROM systables WHERE tabid = 1") == [(1,)]
    master.session.rollback()


@pytest.mark.parametrize(
    ("holder_sql", "waiter_sql", "code"),
    [
        ("UPDATE t SET v = 'a' WHERE id = 1", "UPDATE t SET v = 'b' WHERE id = 1", -346),
        ("UPDATE t SET v = 'a' WHERE id = 1", "DELETE FROM t WHERE id = 1", -240),
        ("DELETE FROM t WHERE id = 1", "UPDATE t SET v = 'b'", -346),
        ("INSERT INTO t VALUES (7, 'x')", "INSERT INTO t VALUES (7, 'y')", -271),
    ],
)
def test_write_conflicts_fail_at_once_with_lock_errors(pair, holder_sql, waiter_sql, code):
    first, second = pair
    first.session.begin()
    first.run(holder_sql)
    second.session.begin()
    err = second.error(waiter_sql)
    assert (err.sqlcode, err.isamcode) == (code, -107)
    assert second.session.in_transaction
    first.session.rollback()
    second.run(waiter_sql)
    second.session.commit()


def test_autocommit_writer_meets_a_lock(pair):
    first, second = pair
    first.session.begin()
    first.run("UPDATE t SET v = 'a' WHERE id = 1")
    assert second.error("UPDATE t SET v = 'b' WHERE id = 1").sqlcode == -346
    first.session.commit()
    second.run("UPDATE t SET v = 'b' WHERE id = 1")
    assert first.query("SELECT v FROM t") == [("b",)]


def test_closing_a_session_rolls_back_and_releases_locks(pair, connect, dbname):
    first, second = pair
    first.session.begin()
    first.run("UPDATE t SET v = 'gone' WHERE id = 1")
    first.session.close()
    second.run("UPDATE t SET v = 'kept' WHERE id = 1")
    assert connect(dbname).query("SELECT v FROM t") == [("kept",)]


def test_many_threads_each_with_a_session(db, dbname, connect):
    db.run("CREATE TABLE counts (worker INTEGER, n INTEGER)")
    sessions = [connect(dbname) for _ in range(6)]
    failures = []

    def work(index: int, worker) -> None:
        try:
            for n in range(20):
                if n % 5 == 0:
                    worker.session.begin()
                worker.run("INSERT INTO counts VALUES (?, ?)", index, n)
                if n % 5 == 4:
                    worker.session.commit()
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(i, s)) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    assert db.query("SELECT worker, COUNT(*) FROM counts GROUP BY worker ORDER BY worker") == [
        (i, 20) for i in range(6)
    ]


def test_committed_ddl_becomes_visible_to_other_sessions(db, dbname, connect):
    other = connect(dbname)
    db.run("BEGIN WORK")
    db.run("CREATE TABLE later (a INTEGER)")
    assert other.error("SELECT a FROM later").sqlcode == -206
    db.run("COMMIT WORK")
    assert other.query("SELECT a FROM later") == []


def test_a_function_call_in_a_transaction_before_any_routine_exists(db):
    """Looking a called function up among user routines (there are none yet) leaves the
    transaction usable: INSERT ... SELECT with RTRIM and parameters inside BEGIN WORK."""
    db.script("CREATE TABLE t (id INT, data VARCHAR(20))", "BEGIN WORK", "INSERT INTO t VALUES (1, 'a ')")
    db.run("INSERT INTO t SELECT id + CAST(? AS INTEGER), RTRIM(data) FROM t WHERE data IN (?, ?)", 5, "a", "b")
    db.run("COMMIT WORK")
    assert db.query("SELECT id, data || '|' FROM t ORDER BY id") == [(1, "a |"), (6, "a|")]


def test_an_autocommit_insert_is_one_duckdb_statement_committed_alone(db, monkeypatch):
    """Outside a transaction, an INSERT into a table with no trigger, CHECK or FOREIGN KEY is
    written by one DuckDB statement that DuckDB commits alone (no BEGIN/COMMIT around it); a
    failing one still leaves nothing behind and the session usable."""
    db.run("CREATE TABLE one_w (a INT PRIMARY KEY, b VARCHAR(5) NOT NULL)")
    real, calls = db.session.conn, []

    class Spy:
        def __getattr__(self, name):
            if name in ("begin", "commit", "rollback"):
                calls.append(name)
            return getattr(real, name)

    monkeypatch.setattr(db.session, "conn", Spy())
    assert db.run("INSERT INTO one_w VALUES (1, 'x')") == (1, 0)
    assert db.error("INSERT INTO one_w VALUES (1, 'y')").sqlcode in (-239, -268)
    assert db.error("INSERT INTO one_w VALUES (2, NULL)").sqlcode == -391
    assert calls == []
    monkeypatch.undo()
    assert db.query("SELECT a, b FROM one_w") == [(1, "x")]
