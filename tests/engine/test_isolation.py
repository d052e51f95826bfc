"""Readers against other sessions' uncommitted changes: the isolation levels.

IBM Informix Guide to SQL: Tutorial, "Set the isolation level" and its sections:
- Committed Read: "before it fetches a row, the database server tests to determine whether an
  updating process placed a lock on the row"; it places no lock itself. It is the default of a
  logged database that is not ANSI (ANSI databases default to Repeatable Read).
- Dirty Read: the reader sees rows other transactions have not committed, and waits for no lock.
- Cursor Stability: as Committed Read, plus a shared lock on the cursor's current row.
- Repeatable Read: shared locks on every row read, held until the transaction ends, so other
  sessions cannot change those rows meanwhile.
- Last Committed (SET ISOLATION TO COMMITTED READ LAST COMMITTED, or SET ENVIRONMENT
  USELASTCOMMITTED 'COMMITTED READ' | 'DIRTY READ' | 'ALL' | 'NONE'): instead of waiting for an
  exclusive lock, the reader gets the most recently committed version of the row.
Guide to SQL: Syntax, "SET LOCK MODE": NOT WAIT fails at once on a lock another session holds
(a read fails with -244 "Could not do a physical-order read to fetch next row", ISAM -107
"record is locked"), WAIT n waits up to n seconds, WAIT waits until the lock is released.
"LOCK TABLE": IN SHARE MODE lets others read the table, not change it; IN EXCLUSIVE MODE
keeps other sessions from reading it as well (except Dirty Read).
"""

from __future__ import annotations

import threading
import time

import pytest


def _waits_until(release, work) -> dict:
    """Run ``work`` in a thread, check that it waits, run ``release``; the result or the
    error ``work`` ended with."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = work()
        except Exception as exc:  # the test inspects it
            outcome["error"] = exc

    worker = threading.Thread(target=target)
    worker.start()
    time.sleep(0.3)
    assert worker.is_alive()  # waiting for the lock
    release()
    worker.join(10)
    return outcome


# ---- COMMITTED READ (the default of a logged database) ----------------------------------------------
def test_committed_read_fails_at_once_on_an_updated_row_under_not_wait(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    started = time.monotonic()
    error = reader.error("SELECT amount FROM acct WHERE id = 1")
    assert (error.sqlcode, error.isamcode) == (-244, -107)
    assert time.monotonic() - started < 1
    assert reader.query("SELECT amount FROM acct WHERE id = 2") == [(20,)]  # rows are locked one by one
    assert reader.error("SELECT SUM(amount) FROM acct").sqlcode == -244  # a scan of all rows meets it


def test_committed_read_waits_n_seconds_then_fails(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("DELETE FROM acct WHERE id = 2")
    reader.run("SET LOCK MODE TO WAIT 1")
    started = time.monotonic()
    assert reader.error("SELECT * FROM acct WHERE id = 2").sqlcode == -244
    assert 0.9 <= time.monotonic() - started < 5


@pytest.mark.parametrize(("wait", "ending", "read"), [
    ("WAIT", "COMMIT WORK", [(11,)]), ("WAIT 10", "ROLLBACK WORK", [(10,)]),
])
def test_committed_read_waits_until_the_writer_ends_and_reads_what_it_left(accounts, wait, ending, read):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    reader.run(f"SET LOCK MODE TO {wait}")
    outcome = _waits_until(lambda: writer.run(ending), lambda: reader.query("SELECT amount FROM acct WHERE id = 1"))
    assert outcome == {"result": read}


def test_committed_read_meets_an_uncommitted_insert_only_where_its_filter_would_read_it(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("INSERT INTO acct VALUES (3, 30)")
    assert reader.error("SELECT amount FROM acct WHERE id = 3").sqlcode == -244
    assert reader.error("SELECT COUNT(*) FROM acct").sqlcode == -244
    assert reader.query("SELECT amount FROM acct WHERE id = 1") == [(10,)]
    writer.run("COMMIT WORK")
    assert reader.query("SELECT amount FROM acct WHERE id = 3") == [(30,)]


def test_committed_read_meets_a_row_whose_new_value_its_filter_matches(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 500 WHERE id = 1")
    assert reader.error("SELECT id FROM acct WHERE amount = 500").sqlcode == -244
    assert reader.query("SELECT id FROM acct WHERE amount = 20") == [(2,)]


def test_a_join_meets_any_uncommitted_change_in_the_tables_it_reads(accounts):
    writer, reader = accounts
    writer.run("CREATE TABLE owner (id INTEGER, name VARCHAR(10))")
    writer.run("INSERT INTO owner VALUES (2, 'bo')")
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    # The engine judges a join's rows table by table: it meets the lock of the row it skips.
    error = reader.error("SELECT o.name FROM acct a, owner o WHERE a.id = o.id")
    assert (error.sqlcode, error.isamcode) == (-244, -107)
    assert reader.query("SELECT name FROM owner") == [("bo",)]


def test_update_locks_of_select_for_update_do_not_stop_committed_readers(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    assert writer.query("SELECT amount FROM acct WHERE id = 1 FOR UPDATE") == [(10,)]
    assert reader.query("SELECT amount FROM acct WHERE id = 1") == [(10,)]
    writer.run("UPDATE acct SET amount = 12 WHERE id = 1")  # now an exclusive lock
    assert reader.error("SELECT amount FROM acct WHERE id = 1").sqlcode == -244


def test_cursor_stability_waits_as_committed_read_does(accounts):
    writer, reader = accounts
    reader.run("SET ISOLATION TO CURSOR STABILITY")
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    assert reader.error("SELECT amount FROM acct WHERE id = 1").sqlcode == -244


# ---- LAST COMMITTED -----------------------------------------------------------------------------------
def test_last_committed_reads_the_committed_row_without_waiting(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    writer.run("INSERT INTO acct VALUES (3, 30)")
    reader.run("SET ISOLATION TO COMMITTED READ LAST COMMITTED")
    assert reader.query("SELECT id, amount FROM acct ORDER BY id") == [(1, 10), (2, 20)]
    reader.run("SET ISOLATION TO COMMITTED READ")  # without LAST COMMITTED: waits again
    assert reader.error("SELECT id, amount FROM acct ORDER BY id").sqlcode == -244


@pytest.mark.parametrize("value", ["COMMITTED READ", "All", "all"])
def test_uselastcommitted_environment_turns_committed_read_to_last_committed(accounts, value):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    reader.run(f"SET ENVIRONMENT USELASTCOMMITTED '{value}'")
    assert reader.query("SELECT amount FROM acct WHERE id = 1") == [(10,)]
    reader.run("SET ISOLATION TO REPEATABLE READ")  # never last-committed
    assert reader.error("SELECT amount FROM acct WHERE id = 1").sqlcode == -244
    reader.run("SET ISOLATION TO COMMITTED READ")
    reader.run("SET ENVIRONMENT USELASTCOMMITTED 'NONE'")  # the default: off
    assert reader.error("SELECT amount FROM acct WHERE id = 1").sqlcode == -244


def test_set_isolation_refuses_what_informix_has_not(accounts):
    _, reader = accounts
    assert reader.error("SET ISOLATION TO SOMETIMES READ").sqlcode == -201
    assert reader.error("SET ISOLATION TO DIRTY READ LAST COMMITTED").sqlcode == -201
    assert reader.error("SET ENVIRONMENT USELASTCOMMITTED 'SOMETIMES'").sqlcode != 0


# ---- REPEATABLE READ ------------------------------------------------------------------------------------
def test_repeatable_read_share_locks_the_rows_it_read_until_commit(accounts):
    writer, reader = accounts
    reader.run("SET ISOLATION TO REPEATABLE READ")
    reader.run("BEGIN WORK")
    assert reader.query("SELECT amount FROM acct WHERE id = 1") == [(10,)]
    assert writer.error("UPDATE acct SET amount = 0 WHERE id = 1").sqlcode == -346
    assert writer.error("DELETE FROM acct WHERE id = 1").sqlcode == -240
    assert writer.run("UPDATE acct SET amount = 0 WHERE id = 2") == (1, 0)  # a row it did not read
    assert writer.query("SELECT amount FROM acct WHERE id = 1") == [(10,)]  # others may still read
    writer.run("SET LOCK MODE TO WAIT 10")
    outcome = _waits_until(lambda: reader.run("COMMIT WORK"), lambda: writer.run("UPDATE acct SET amount = 5 WHERE id = 1"))
    assert outcome == {"result": (1, 0)}


def test_repeatable_read_outside_a_transaction_keeps_no_lock(accounts):
    writer, reader = accounts
    reader.run("SET ISOLATION TO REPEATABLE READ")
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 21 WHERE id = 2")
    assert reader.query("SELECT amount FROM acct WHERE id = 1") == [(10,)]  # takes and drops its lock
    assert writer.run("UPDATE acct SET amount = 11 WHERE id = 1") == (1, 0)


def test_an_ansi_database_reads_at_repeatable_read(connect, dbname):
    first = connect()
    first.run(f"CREATE DATABASE {dbname} WITH LOG MODE ANSI")
    first.run("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    first.run("INSERT INTO t VALUES (1)")
    first.run("COMMIT WORK")
    second = connect(dbname)
    assert second.query("SELECT id FROM t") == [(1,)]  # shared lock until second commits
    assert first.error("DELETE FROM t WHERE id = 1").sqlcode == -240
    second.run("COMMIT WORK")
    assert first.run("DELETE FROM t WHERE id = 1") == (1, 0)
    first.run("COMMIT WORK")


# ---- DIRTY READ ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("statement", [
    "SET ISOLATION TO DIRTY READ", "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED",
])
def test_dirty_read_sees_uncommitted_inserts_updates_and_deletes(accounts, statement):
    writer, reader = accounts
    reader.run(statement)
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    writer.run("DELETE FROM acct WHERE id = 2")
    writer.run("INSERT INTO acct VALUES (3, 30)")
    writer.run("INSERT INTO acct VALUES (4, 40)")
    writer.run("UPDATE acct SET amount = 41 WHERE id = 4")  # a row the writer itself inserted
    started = time.monotonic()
    assert reader.query("SELECT id, amount FROM acct ORDER BY id") == [(1, 11), (3, 30), (4, 41)]
    assert reader.query("SELECT a.amount FROM acct a WHERE a.id = 3") == [(30,)]
    assert time.monotonic() - started < 5  # no waiting
    writer.run("ROLLBACK WORK")
    assert reader.query("SELECT id, amount FROM acct ORDER BY id") == [(1, 10), (2, 20)]


def test_dirty_read_sees_a_key_the_writer_changed(accounts):
    writer, reader = accounts
    reader.run("SET ISOLATION TO DIRTY READ")
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET id = 7 WHERE id = 2")  # DuckDB moves the row: a new rowid
    assert reader.query("SELECT id, amount FROM acct ORDER BY id") == [(1, 10), (7, 20)]


def test_dirty_read_joins_uncommitted_rows_of_several_sessions(accounts, connect, dbname):
    writer, reader = accounts
    third = connect(dbname)
    reader.run("SET ISOLATION TO DIRTY READ")
    writer.run("BEGIN WORK")
    writer.run("INSERT INTO acct VALUES (3, 30)")
    third.run("BEGIN WORK")
    third.run("UPDATE acct SET amount = 22 WHERE id = 2")
    rows = reader.query("SELECT x.id, y.amount FROM acct x JOIN acct y ON y.id = x.id WHERE x.amount > 15 ORDER BY 1")
    assert rows == [(2, 22), (3, 30)]
    third.run("ROLLBACK WORK")


def test_uselastcommitted_dirty_read_reads_the_committed_rows(accounts):
    writer, reader = accounts
    reader.run("SET ISOLATION TO DIRTY READ")
    reader.run("SET ENVIRONMENT USELASTCOMMITTED 'DIRTY READ'")
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    assert reader.query("SELECT amount FROM acct WHERE id = 1") == [(10,)]


def test_set_transaction_lasts_until_the_transaction_ends(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("UPDATE acct SET amount = 11 WHERE id = 1")
    reader.run("BEGIN WORK")
    reader.run("SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")
    assert reader.query("SELECT amount FROM acct WHERE id = 1") == [(11,)]
    reader.run("COMMIT WORK")
    assert reader.error("SELECT amount FROM acct WHERE id = 1").sqlcode == -244


# ---- LOCK TABLE --------------------------------------------------------------------------------------------
def test_an_exclusive_table_lock_stops_readers_a_share_lock_only_writers(accounts):
    writer, reader = accounts
    writer.run("BEGIN WORK")
    writer.run("LOCK TABLE acct IN SHARE MODE")
    assert reader.query("SELECT COUNT(*) FROM acct") == [(2,)]
    assert reader.error("UPDATE acct SET amount = 0 WHERE id = 1").sqlcode == -346
    writer.run("COMMIT WORK")
    writer.run("BEGIN WORK")
    writer.run("LOCK TABLE acct IN EXCLUSIVE MODE")
    error = reader.error("SELECT COUNT(*) FROM acct")
    # The read fails (-244) with ISAM -113 "the file is locked": "when a user attempts to
    # access a table that has been locked" (Informix's message -113).
    assert (error.sqlcode, error.isamcode) == (-244, -113)
    reader.run("SET ISOLATION TO DIRTY READ")
    assert reader.query("SELECT COUNT(*) FROM acct") == [(2,)]


def test_a_transaction_that_waited_for_a_commit_cannot_read_past_its_snapshot(accounts):
    """The engine's difference (README): a transaction reads one snapshot, so a read that waited
    for another transaction's commit fails with the lock error instead of reading the new row;
    a wait that ends in the holder's rollback reads the row as it was."""
    writer, reader = accounts
    reader.run("SET LOCK MODE TO WAIT 10")
    reader.run("BEGIN WORK")
    assert reader.query("SELECT amount FROM acct WHERE id = 2") == [(20,)]
    for ending, outcome in (("ROLLBACK WORK", {"result": [(10,)]}), ("COMMIT WORK", {"error": -244})):
        writer.run("BEGIN WORK")
        writer.run("UPDATE acct SET amount = 99 WHERE id = 1")
        ended = _waits_until(lambda e=ending: writer.run(e), lambda: reader.query("SELECT amount FROM acct WHERE id = 1"))
        if "error" in ended:
            ended["error"] = ended["error"].sqlcode
        assert ended == outcome


def test_a_long_repeatable_read_share_locks_the_whole_table(accounts):
    writer, reader = accounts
    writer.run("CREATE TABLE many (id INTEGER)")
    writer.run("INSERT INTO many SELECT range FROM range(300)")
    reader.run("SET ISOLATION TO REPEATABLE READ")
    reader.run("BEGIN WORK")
    assert reader.query("SELECT COUNT(*) FROM many WHERE id < 299") == [(299,)]
    assert writer.error("UPDATE many SET id = 0 WHERE id = 299").sqlcode == -346  # a row it did not read
    assert writer.error("INSERT INTO many VALUES (1000)").sqlcode == -271
    reader.run("COMMIT WORK")
    assert writer.run("INSERT INTO many VALUES (1000)") == (1, 0)


def test_catalog_reads_in_an_ansi_database_take_no_row_locks(connect, dbname):
    first = connect()
    first.run(f"CREATE DATABASE {dbname} WITH LOG MODE ANSI")
    first.run("CREATE TABLE t (id INTEGER)")
    assert first.query("SELECT tabid FROM systables WHERE tabname = ?", "t") == [(100,)]
    first.run("COMMIT WORK")


def test_rows_a_cascade_deletes_are_locked_as_the_delete_s_own(accounts):
    """Guide to SQL: Syntax, "ON DELETE CASCADE": deleting a parent row deletes the child rows
    that reference it, in the same statement (so under the same transaction's locks)."""
    writer, reader = accounts
    writer.run("CREATE TABLE movement (n INTEGER, acct INTEGER REFERENCES acct (id) ON DELETE CASCADE)")
    writer.run("INSERT INTO movement VALUES (1, 1)")
    writer.run("INSERT INTO movement VALUES (2, 2)")
    writer.run("BEGIN WORK")
    writer.run("DELETE FROM acct WHERE id = 1")
    assert reader.error("SELECT n FROM movement WHERE acct = 1").sqlcode == -244
    assert reader.error("UPDATE movement SET n = 0 WHERE acct = 1").sqlcode == -346
    assert reader.query("SELECT n FROM movement WHERE acct = 2") == [(2,)]
    reader.run("SET ISOLATION TO DIRTY READ")
    assert reader.query("SELECT n FROM movement") == [(2,)]


def test_cursor_stability_share_locks_the_row_the_cursor_stands_on(accounts):
    writer, reader = accounts
    reader.run("SET ISOLATION TO CURSOR STABILITY")
    reader.run("BEGIN WORK")
    cursor = reader.session.prepare("SELECT id, amount FROM acct ORDER BY id").open([])
    assert cursor.fetch(1) == [(1, 10)]
    assert writer.error("UPDATE acct SET amount = 0 WHERE id = 1").sqlcode == -346
    assert writer.run("UPDATE acct SET amount = 21 WHERE id = 2") == (1, 0)  # not yet read
    writer.run("UPDATE acct SET amount = 20 WHERE id = 2")
    assert cursor.fetch(1) == [(2, 20)]  # moves on: the first row is free, the second held
    assert writer.run("UPDATE acct SET amount = 11 WHERE id = 1") == (1, 0)
    assert writer.error("DELETE FROM acct WHERE id = 2").sqlcode == -240
    cursor.close()
    assert writer.run("UPDATE acct SET amount = 22 WHERE id = 2") == (1, 0)
    reader.run("COMMIT WORK")


def test_dirty_read_reads_past_a_statement_running_outside_a_transaction(accounts):
    """A DIRTY READ never waits: another session's statement still running in autocommit has
    no earlier uncommitted change, so the read is the one just before that statement."""
    writer, reader = accounts
    reader.run("SET ISOLATION TO DIRTY READ")
    table = writer.session.table("acct").duck_name
    with writer.session.busy:  # the writer's server thread is inside a request ...
        writer.session.lock([("row", table, 0)], "update")  # ... whose UPDATE holds a row lock
        result: list = []
        worker = threading.Thread(target=lambda: result.append(reader.query("SELECT amount FROM acct ORDER BY id")))
        worker.start()
        worker.join(10)
        writer.session.release_keys([("row", table, 0)])
    assert result == [[(10,), (20,)]]
