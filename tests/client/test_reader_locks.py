"""Readers and writers on two connections to the server (the engine's rules are in
tests/engine/test_isolation.py, with the IBM documentation they follow).

Informix Guide to SQL: Tutorial, "Committed Read isolation": a reader tests for a lock before
it returns a row (-244 with ISAM -107 under SET LOCK MODE TO NOT WAIT; it waits under WAIT);
"Dirty Read isolation": it returns rows other transactions have not committed.
"""

from __future__ import annotations

import threading
import time

import pytest

import informix_db

TABLE = "reader_locks_t"


@pytest.fixture
def writer_and_reader(db_params):
    writer = informix_db.connect(**db_params)
    reader = informix_db.connect(**db_params, autocommit=True)
    cur = writer.cursor()
    try:
        cur.execute(f"DROP TABLE {TABLE}")
    except informix_db.ProgrammingError:
        pass
    cur.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, note VARCHAR(20))")
    cur.execute(f"INSERT INTO {TABLE} VALUES (1, 'committed')")
    writer.commit()
    yield writer, reader
    writer.rollback()
    writer.close()
    reader.close()


def test_committed_read_fails_dirty_read_sees_and_a_waiting_reader_is_released(writer_and_reader):
    writer, reader = writer_and_reader
    writer.cursor().execute(f"UPDATE {TABLE} SET note = 'uncommitted' WHERE id = 1")
    cur = reader.cursor()
    with pytest.raises(informix_db.OperationalError) as caught:
        cur.execute(f"SELECT note FROM {TABLE} WHERE id = 1")
    assert (caught.value.sqlcode, caught.value.isamcode) == (-244, -107)
    cur.execute("SET ISOLATION TO DIRTY READ")
    cur.execute(f"SELECT note FROM {TABLE} WHERE id = 1")
    assert cur.fetchall() == [("uncommitted",)]
    cur.execute("SET ISOLATION TO COMMITTED READ")
    cur.execute("SET LOCK MODE TO WAIT 10")
    result: list = []
    worker = threading.Thread(target=lambda: result.append(
        (cur.execute(f"SELECT note FROM {TABLE} WHERE id = 1"), cur.fetchall())[1]))
    worker.start()
    time.sleep(0.3)
    assert worker.is_alive()  # waiting for the writer's lock
    writer.commit()
    worker.join(10)
    assert result == [[("uncommitted",)]]
