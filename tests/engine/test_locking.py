"""Locks between sessions: SET LOCK MODE, SELECT ... FOR UPDATE and LOCK TABLE.

Informix Guide to SQL: Syntax, "SET LOCK MODE": NOT WAIT (the default) fails at once on a
lock another session holds; WAIT n waits up to n seconds, WAIT as long as it takes, then
the statement goes on or fails with the lock error (-346 update, -240 delete, -244 read).
"SELECT: FOR UPDATE": in a transaction the rows fetched are locked as for an update until
the transaction ends. "LOCK TABLE ... IN SHARE|EXCLUSIVE MODE": no other session can change
the table until the transaction ends (-289 when the table cannot be locked).
"""

from __future__ import annotations

import threading
import time


def test_not_wait_fails_at_once(accounts):
    first, second = accounts
    first.run("BEGIN WORK")
    first.run("UPDATE acct SET amount = 11 WHERE id = 1")
    started = time.monotonic()
    assert second.error("UPDATE acct SET amount = 12 WHERE id = 1").sqlcode == -346
    assert time.monotonic() - started < 1


def test_wait_n_gives_up_after_n_seconds(accounts):
    first, second = accounts
    first.run("BEGIN WORK")
    first.run("UPDATE acct SET amount = 11 WHERE id = 1")
    second.run("SET LOCK MODE TO WAIT 1")
    started = time.monotonic()
    assert second.error("DELETE FROM acct WHERE id = 1").sqlcode == -240
    assert 0.9 <= time.monotonic() - started < 5


def test_wait_goes_on_when_the_holder_commits(accounts):
    first, second = accounts
    first.run("BEGIN WORK")
    first.run("UPDATE acct SET amount = 11 WHERE id = 1")
    second.run("SET LOCK MODE TO WAIT 10")
    result = {}
    worker = threading.Thread(target=lambda: result.update(done=second.run("UPDATE acct SET amount = amount + 1 WHERE id = 1")))
    worker.start()
    time.sleep(0.3)
    assert worker.is_alive()  # waiting for the lock
    first.run("COMMIT WORK")
    worker.join(10)
    assert result["done"] == (1, 0)
    assert first.query("SELECT amount FROM acct WHERE id = 1") == [(12,)]


def test_select_for_update_locks_the_rows_it_reads(accounts):
    first, second = accounts
    first.run("BEGIN WORK")
    assert first.query("SELECT amount FROM acct WHERE id = 2 FOR UPDATE") == [(20,)]
    assert second.error("UPDATE acct SET amount = 0 WHERE id = 2").sqlcode == -346
    assert second.run("UPDATE acct SET amount = 0 WHERE id = 1") == (1, 0)  # other rows are free
    second.run("BEGIN WORK")
    assert second.error("SELECT amount FROM acct WHERE id = 2 FOR UPDATE").sqlcode == -244
    second.run("ROLLBACK WORK")
    first.run("COMMIT WORK")
    assert second.run("UPDATE acct SET amount = 0 WHERE id = 2") == (1, 0)


def test_lock_table(accounts):
    first, second = accounts
    assert first.error("LOCK TABLE acct IN EXCLUSIVE MODE").sqlcode == -255  # needs a transaction
    first.run("BEGIN WORK")
    first.run("LOCK TABLE acct IN EXCLUSIVE MODE")
    assert second.error("INSERT INTO acct VALUES (3, 30)").sqlcode == -271
    assert second.error("UPDATE acct SET amount = 0 WHERE id = 1").sqlcode == -346
    first.run("UNLOCK TABLE acct")
    assert second.run("INSERT INTO acct VALUES (3, 30)") == (1, 0)
    first.run("COMMIT WORK")


def test_lock_table_waits_for_row_locks_of_others(accounts):
    first, second = accounts
    second.run("BEGIN WORK")
    second.run("UPDATE acct SET amount = 0 WHERE id = 1")
    first.run("BEGIN WORK")
    assert first.error("LOCK TABLE acct IN SHARE MODE").sqlcode == -289
    second.run("COMMIT WORK")
    first.run("LOCK TABLE acct IN SHARE MODE")
