"""The same scenarios through the thread pool and the asyncio pool (one policy, two drivers).

Covers what both pools must do alike: slot accounting whatever interrupts the pool's own
round trips (rollback, health-check ping, close), resetting what a borrower may change,
and ending a read-only transaction without a round trip of its own.
"""

from __future__ import annotations

import pytest

import informix_db
from informix_db.rows import Row

TABLE = "parity_t"


@pytest.fixture(scope="module", autouse=True)
def parity_table(db_params):
    conn = informix_db.connect(**db_params, autocommit=True)
    cur = conn.cursor()
    try:
        cur.execute(f"DROP TABLE {TABLE}")
    except informix_db.ProgrammingError:
        pass
    cur.execute(f"CREATE TABLE {TABLE} (id INTEGER, note VARCHAR(40))")
    conn.close()


def _count(driver, conn, note: str) -> int:
    return driver.query(conn, f"SELECT COUNT(*) FROM {TABLE} WHERE note = ?", (note,))[0][0]


# -- basic behaviour, identical on both sides -------------------------------------------

def test_fill_reuse_and_stats(make_driver):
    driver = make_driver(min_size=2, max_size=3)
    assert driver.stats() == {"size": 2, "idle": 2, "in_use": 0, "waiting": 0, "created": 2,
                              "evicted": 0, "health_check_failures": 0}
    first = driver.acquire()
    driver.release(first)
    again = driver.acquire()
    assert again is first  # LIFO reuse
    driver.release(again)


def test_broken_release_evicts(make_driver):
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    driver.release(conn, broken=True)
    assert conn.closed and driver.stats()["evicted"] == 1 and driver.stats()["size"] == 0
    assert driver.acquire() is not conn


def test_timeout_names_max_size(make_driver):
    driver = make_driver(min_size=1, max_size=1)
    held = driver.acquire()
    with pytest.raises(informix_db.pool.PoolTimeoutError, match="max_size=1"):
        driver.acquire(timeout=0.05)
    driver.release(held)


def test_invalid_sizes_refused_alike(make_driver):
    with pytest.raises(ValueError, match="min_size"):
        make_driver(min_size=3, max_size=2)


def test_uncommitted_writes_rolled_back_on_release(make_driver):
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    driver.query(conn, f"INSERT INTO {TABLE} VALUES (1, 'parity-dirty-{driver.kind}')")
    driver.release(conn)
    again = driver.acquire()
    assert again is conn and not again.in_transaction
    assert _count(driver, again, f"parity-dirty-{driver.kind}") == 0
    driver.release(again)


def test_expired_connection_retired(make_driver):
    driver = make_driver(min_size=1, max_size=1, max_idle=0.0)
    conn = driver.acquire()
    driver.release(conn)
    assert driver.acquire() is not conn and conn.closed


def test_pool_revives_after_all_idle_connections_died(make_driver):
    driver = make_driver(min_size=2, max_size=2)
    idle = [driver.acquire(), driver.acquire()]
    for conn in idle:
        driver.release(conn)
    for conn in idle:
        driver.drop_socket(conn)  # both sockets die under idle connections
    conn = driver.acquire()
    assert conn not in idle
    assert driver.query(conn, "SELECT 1 FROM systables WHERE tabid = 1") == [(1,)]
    driver.release(conn)
    assert driver.stats()["health_check_failures"] == 2


# -- interruptions inside the pool's own round trips (issue 11) ------------------------

def test_interrupted_rollback_at_release_keeps_the_slot(make_driver, assert_no_slot_lost):
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    driver.query(conn, f"INSERT INTO {TABLE} VALUES (2, 'parity-interrupted')")
    driver.inject(conn, "rollback")
    with pytest.raises(driver.interrupt):
        driver.release(conn)
    assert conn.closed  # not rolled back, so closed: the server drops its transaction
    assert_no_slot_lost(driver, 1)
    fresh = driver.acquire()
    assert _count(driver, fresh, "parity-interrupted") == 0
    driver.release(fresh)


def test_interrupted_health_check_keeps_the_slot(make_driver, assert_no_slot_lost):
    driver = make_driver(min_size=1, max_size=1, check_interval=0.0)
    conn = driver.acquire()
    driver.release(conn)
    driver.inject(conn, "ping")
    with pytest.raises(driver.interrupt):
        driver.acquire()
    assert conn.closed
    assert_no_slot_lost(driver, 1)


def test_interrupted_close_of_an_evicted_connection_keeps_the_slot(make_driver, assert_no_slot_lost):
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    driver.inject(conn, "close")
    with pytest.raises(driver.interrupt):
        driver.release(conn, broken=True)
    assert_no_slot_lost(driver, 1)


# -- state a borrower may change is reset at release ------------------------------------

def test_autocommit_and_row_factory_reset_at_release(make_driver):
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    conn.autocommit = True
    conn.row_factory = Row
    conn.fetch_buffer_size = 4096
    driver.release(conn)
    again = driver.acquire()
    assert again is conn
    assert (again.autocommit, again.row_factory, again.fetch_buffer_size) == (False, None, 32768)
    # the next borrower's writes are undone by the rollback at release, as the pool promises
    driver.query(again, f"INSERT INTO {TABLE} VALUES (3, 'parity-after-reset-{driver.kind}')")
    driver.release(again)
    check = driver.acquire()
    assert _count(driver, check, f"parity-after-reset-{driver.kind}") == 0
    driver.release(check)


def test_autocommit_pool_keeps_autocommit(make_driver):
    driver = make_driver(min_size=1, max_size=1, autocommit=True)
    conn = driver.acquire()
    conn.autocommit = False
    driver.query(conn, f"INSERT INTO {TABLE} VALUES (4, 'parity-ac-{driver.kind}')")
    driver.release(conn)
    again = driver.acquire()
    assert again.autocommit is True and not again.in_transaction
    assert _count(driver, again, f"parity-ac-{driver.kind}") == 0
    driver.release(again)


# -- read-only transactions end without a round trip of their own (issue 9) ------------

def test_read_only_transaction_ends_without_a_round_trip_at_release(make_driver):
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    assert driver.query(conn, f"SELECT COUNT(*) FROM {TABLE} WHERE id < 0") == [(0,)]
    assert conn.in_transaction
    calls: list = []
    driver.count(conn, "_run", calls)
    driver.release(conn)
    assert calls == []  # no exchange at release
    again = driver.acquire()
    assert again is conn and not again.in_transaction
    # the deferred ROLLBACK goes out in front of the next borrower's first request, so their
    # own transaction (BEGIN, INSERT, COMMIT) is theirs alone and survives
    driver.query(again, f"INSERT INTO {TABLE} VALUES (5, 'parity-after-lazy-{driver.kind}')")
    driver.commit(again)
    assert _count(driver, again, f"parity-after-lazy-{driver.kind}") == 1
    driver.release(again)


@pytest.mark.parametrize("statement", [
    f"INSERT INTO {TABLE} VALUES (6, 'w')",
    f"UPDATE {TABLE} SET note = 'w' WHERE id = -1",
    f"SELECT id FROM {TABLE} WHERE id = -1 FOR UPDATE",
    f"SELECT id FROM {TABLE} INTO TEMP parity_tmp",
    "SET ISOLATION TO REPEATABLE READ",
])
def test_anything_that_may_write_is_rolled_back_at_release(make_driver, statement):
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    driver.query(conn, statement)
    driver.query(conn, f"SELECT COUNT(*) FROM {TABLE} WHERE id < 0")
    assert conn.in_transaction
    calls: list = []
    driver.count(conn, "rollback", calls)
    driver.release(conn)
    assert calls == ["rollback"]
    assert not conn.in_transaction


def test_isolation_changed_earlier_keeps_later_reads_eager(make_driver):
    """REPEATABLE READ holds read locks: a later read-only transaction is still rolled back at once."""
    driver = make_driver(min_size=1, max_size=1)
    conn = driver.acquire()
    driver.query(conn, "SET ISOLATION TO REPEATABLE READ")
    driver.commit(conn)
    driver.query(conn, f"SELECT COUNT(*) FROM {TABLE} WHERE id < 0")
    calls: list = []
    driver.count(conn, "rollback", calls)
    driver.release(conn)
    assert calls == ["rollback"]


def test_interrupted_close_of_the_pool_still_closes_every_idle_connection(make_driver):
    driver = make_driver(min_size=3, max_size=3)
    idle = [driver.acquire() for _ in range(3)]
    for conn in idle:
        driver.release(conn)
    driver.inject(idle[-1], "close")  # the first one the pool closes is interrupted
    with pytest.raises(driver.interrupt):
        driver.close()
    assert all(conn.closed for conn in idle)
    assert driver.stats()["size"] == 0
