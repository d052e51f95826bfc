"""Connection pool behaviour against the test server."""

from __future__ import annotations

import logging
import random
import threading
import time

import pytest

import informix_db
from informix_db.pool import ConnectionPool, PoolClosedError, PoolTimeoutError


@pytest.fixture
def make_pool(db_params):
    pools = []

    def factory(**kw):
        kw.setdefault("min_size", 1)
        kw.setdefault("max_size", 4)
        kw.setdefault("acquire_timeout", 5.0)
        pool = informix_db.create_pool(**db_params, **kw)
        pools.append(pool)
        return pool

    yield factory
    for pool in pools:
        pool.close()


@pytest.fixture(scope="module")
def pool_table(db_params):
    conn = informix_db.connect(**db_params, autocommit=True)
    cur = conn.cursor()
    try:
        cur.execute("DROP TABLE pool_t")
    except informix_db.ProgrammingError:
        pass
    cur.execute("CREATE TABLE pool_t (id INTEGER, note VARCHAR(40))")
    conn.close()
    return "pool_t"


def test_min_size_opened_and_lazy_growth(make_pool):
    pool = make_pool(min_size=2, max_size=4)
    assert (pool.size, pool.idle_count) == (2, 2)
    conns = [pool.acquire() for _ in range(3)]
    assert pool.size == 3 and pool.idle_count == 0
    for c in conns:
        pool.release(c)
    assert pool.idle_count == 3
    assert pool.stats()["created"] == 3


def test_sequential_checkouts_reuse_same_connection(make_pool):
    pool = make_pool(min_size=0, max_size=3)
    with pool.connection() as first:
        pass
    with pool.connection() as second:
        assert second is first


def test_acquire_times_out_naming_max_size(make_pool):
    pool = make_pool(min_size=1, max_size=1, acquire_timeout=0.2)
    held = pool.acquire()
    started = time.monotonic()
    with pytest.raises(PoolTimeoutError, match="max_size=1"):
        pool.acquire()
    assert time.monotonic() - started >= 0.2
    with pytest.raises(PoolTimeoutError):
        pool.acquire(timeout=0.05)
    pool.release(held)


def test_release_wakes_exactly_one_waiter_in_fifo_order(make_pool):
    pool = make_pool(min_size=1, max_size=1)
    held = pool.acquire()
    got, done = [], [threading.Event() for _ in range(3)]

    def waiter(i):
        conn = pool.acquire(timeout=10)
        got.append(i)
        done[i].wait(10)
        pool.release(conn)

    threads = []
    for i in range(3):
        threads.append(threading.Thread(target=waiter, args=(i,)))
        threads[-1].start()
        while pool.stats()["waiting"] < i + 1:  # queue them in a known order
            time.sleep(0.002)
    pool.release(held)
    for i in range(3):
        while len(got) < i + 1:
            time.sleep(0.002)
        time.sleep(0.05)
        assert got == list(range(i + 1))  # one release woke exactly one waiter, the oldest
        done[i].set()
    for t in threads:
        t.join()


def test_broken_release_evicts_and_frees_slot(make_pool):
    pool = make_pool(min_size=1, max_size=1)
    conn = pool.acquire()
    pool.release(conn, broken=True)
    assert conn.closed
    assert pool.size == 0
    with pool.connection() as fresh:
        assert fresh is not conn
    assert pool.stats()["evicted"] == 1


def test_connection_errors_evict_other_errors_return(make_pool):
    pool = make_pool(min_size=1, max_size=2)
    with pytest.raises(informix_db.OperationalError), pool.connection():
        raise informix_db.OperationalError("simulated network failure")
    assert pool.size == 0
    with pytest.raises(ValueError), pool.connection() as conn:
        kept = conn
        raise ValueError("application bug")
    assert pool.idle_count == 1
    with pytest.raises(informix_db.IntegrityError), pool.connection() as conn:
        assert conn is kept
        raise informix_db.IntegrityError("duplicate")
    assert pool.idle_count == 1


def test_dead_idle_connection_replaced_silently(make_pool):
    pool = make_pool(min_size=1, max_size=1)
    with pool.connection() as conn:
        dead = conn
    dead.socket.close()  # the network drops under an idle connection
    with pool.connection() as conn:
        assert conn is not dead
        cur = conn.cursor()
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
        assert cur.fetchall() == [(1,)]
    assert pool.stats()["health_check_failures"] >= 1


def test_health_check_does_not_wait_for_the_read_timeout(make_pool):
    pool = make_pool(min_size=1, max_size=1, read_timeout=5.0)
    with pool.connection() as conn:
        pass
    started = time.monotonic()
    with pool.connection() as again:
        assert again is conn
    assert time.monotonic() - started < 1.0
    assert conn.socket.gettimeout() == 5.0


def test_idle_beyond_check_interval_is_pinged(make_pool, monkeypatch):
    pool = make_pool(min_size=1, max_size=1, check_interval=0.0)
    with pool.connection() as conn:
        pass
    pings = []
    original = type(conn).ping
    monkeypatch.setattr(type(conn), "ping", lambda self: (pings.append(self), original(self)))
    with pool.connection() as again:
        assert again is conn
    assert pings == [conn]


def test_recent_connection_skips_round_trip(make_pool, monkeypatch):
    pool = make_pool(min_size=1, max_size=1, check_interval=60.0)
    with pool.connection() as conn:
        pass
    monkeypatch.setattr(type(conn), "ping", lambda self: pytest.fail("pinged a fresh connection"))
    with pool.connection() as again:
        assert again is conn


def test_uncommitted_writes_rolled_back_on_release(make_pool, pool_table, db_params):
    pool = make_pool(min_size=1, max_size=1)
    with pool.connection() as conn:
        conn.cursor().execute(f"INSERT INTO {pool_table} VALUES (1, 'uncommitted')")
        assert conn.in_transaction
    with pool.connection() as conn:
        assert not conn.in_transaction
        cur = conn.cursor()
        cur.execute(f"SELECT COUNT(*) FROM {pool_table} WHERE note = 'uncommitted'")
        assert cur.fetchone()[0] == 0
        conn.commit()


def test_committed_writes_survive_checkout(make_pool, pool_table):
    pool = make_pool(min_size=1, max_size=2)
    with pool.connection() as conn:
        conn.cursor().execute(f"INSERT INTO {pool_table} VALUES (2, 'committed')")
        conn.commit()
    with pool.connection() as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT id FROM {pool_table} WHERE note = 'committed'")
        assert cur.fetchall() == [(2,)]


def test_failed_rollback_evicts_with_warning(make_pool, pool_table, caplog):
    pool = make_pool(min_size=1, max_size=1)
    conn = pool.acquire()
    conn.cursor().execute(f"INSERT INTO {pool_table} VALUES (3, 'doomed')")
    conn.socket.close()  # the rollback on release cannot reach the server
    with caplog.at_level(logging.WARNING, logger="informix_db.pool"):
        pool.release(conn)
    assert pool.size == 0
    assert any("rollback" in r.getMessage() for r in caplog.records)


def test_close_idempotent_and_refuses_acquire(make_pool):
    pool = make_pool(min_size=2, max_size=3)
    out = pool.acquire()
    pool.close()
    pool.close()
    assert pool.idle_count == 0
    with pytest.raises(PoolClosedError):
        pool.acquire()
    pool.release(out)
    assert out.closed and pool.size == 0


def test_pool_context_manager_closes(db_params):
    with informix_db.create_pool(**db_params, min_size=1, max_size=2) as pool:
        with pool.connection() as conn:
            pass
    assert pool.closed and conn.closed


def test_max_lifetime_retires_connections(make_pool):
    pool = make_pool(min_size=1, max_size=1, max_lifetime=0.05)
    with pool.connection() as first:
        pass
    time.sleep(0.1)
    with pool.connection() as second:
        assert second is not first
    assert first.closed


def test_max_idle_retires_connections(make_pool):
    pool = make_pool(min_size=1, max_size=1, max_idle=0.05)
    with pool.connection() as first:
        pass
    time.sleep(0.1)
    with pool.connection() as second:
        assert second is not first


def test_release_of_foreign_connection_refused(make_pool, db_params):
    pool = make_pool()
    stranger = informix_db.connect(**db_params)
    try:
        with pytest.raises(informix_db.InterfaceError):
            pool.release(stranger)
    finally:
        stranger.close()


def test_lock_not_held_during_connect(db_params):
    """A slow handshake does not block other threads' acquires of idle connections."""
    gate = threading.Event()

    def slow_connect(**kw):
        if kw.pop("slow", False):
            gate.wait(5)
        return informix_db.connect(**kw)

    pool = ConnectionPool(dict(db_params), min_size=1, max_size=2, connect=slow_connect)
    try:
        held = pool.acquire()
        pool._connect_kwargs["slow"] = True
        t = threading.Thread(target=lambda: pool.release(pool.acquire()))
        t.start()
        time.sleep(0.05)
        pool.release(held)
        started = time.monotonic()
        again = pool.acquire(timeout=2)
        assert time.monotonic() - started < 1.0
        pool.release(again)
        gate.set()
        t.join()
    finally:
        gate.set()
        pool.close()


def test_eight_threads_three_queries(make_pool):
    pool = make_pool(min_size=1, max_size=4)
    results, errors = [], []

    def work(n):
        try:
            for i in range(3):
                with pool.connection() as conn:
                    cur = conn.cursor()
                    cur.execute("SELECT ?::INT FROM systables WHERE tabid = 1", (n * 10 + i,))
                    results.append(cur.fetchone()[0])
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == sorted(n * 10 + i for n in range(8) for i in range(3))
    assert pool.size <= 4


def test_stress_no_double_checkout_no_leak(make_pool):
    pool = make_pool(min_size=0, max_size=6, acquire_timeout=20)
    holders: set[int] = set()
    guard = threading.Lock()
    violations, errors = [], []

    def work(seed):
        rnd = random.Random(seed)
        for _ in range(200):
            roll = rnd.random()
            try:
                if roll < 0.1:
                    pool.release(pool.acquire(), broken=True)
                    continue
                with pool.connection() as conn:
                    with guard:
                        if id(conn) in holders:
                            violations.append(id(conn))
                        holders.add(id(conn))
                    try:
                        if roll < 0.2:
                            raise informix_db.OperationalError("simulated drop")
                        if roll < 0.3:
                            raise ValueError("application error")
                        if roll < 0.4:
                            conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")
                    finally:
                        with guard:
                            holders.discard(id(conn))
            except (informix_db.OperationalError, ValueError) as exc:
                if isinstance(exc, PoolTimeoutError):
                    errors.append(exc)
            except Exception as exc:  # collected for the assertion below
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats = pool.stats()
    assert not violations and not errors
    assert stats["in_use"] == 0 and stats["waiting"] == 0
    assert stats["size"] == stats["idle"] <= 6


def test_interrupted_wait_passes_on_a_handed_over_slot(make_pool, monkeypatch):
    """A signal handler's exception right after a release handed this waiter the slot."""
    import informix_db.pool as pool_module

    pool = make_pool(min_size=1, max_size=1)
    held = pool.acquire()

    class InterruptedEvent(threading.Event):
        def wait(self, timeout=None):
            pool.release(held)  # the slot is handed to this waiter ...
            raise KeyboardInterrupt  # ... and the waiter is interrupted before it wakes

    class InterruptedWaiter(pool_module._Waiter):
        def __init__(self):
            super().__init__()
            self.event = InterruptedEvent()

    monkeypatch.setattr(pool_module, "_Waiter", InterruptedWaiter)
    with pytest.raises(KeyboardInterrupt):
        pool.acquire()
    monkeypatch.undo()
    stats = pool.stats()
    assert stats["in_use"] == stats["waiting"] == 0 and stats["size"] == stats["idle"] == 1
    pool.release(pool.acquire(timeout=1.0))



def test_random_interrupts_in_release_and_health_check_lose_no_slot(make_pool, pool_table):
    """Threads whose release rollback or acquire ping is interrupted at random (as a signal
    handler's exception would) never cost the pool a slot."""
    pool = make_pool(min_size=2, max_size=4, check_interval=0.0, acquire_timeout=10)
    errors = []

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    def work(seed):
        rnd = random.Random(seed)
        for _ in range(25):
            try:
                conn = pool.acquire()
                conn.cursor().execute(f"INSERT INTO {pool_table} VALUES (99, 'interrupted')")
                roll = rnd.random()
                if roll < 0.25:
                    conn.rollback = interrupted
                elif roll < 0.5:
                    conn.ping = interrupted  # strikes when the next borrower checks it
                pool.release(conn)
            except KeyboardInterrupt:
                pass
            except Exception as exc:  # collected for the assertion below
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats = pool.stats()
    assert not errors
    assert stats["in_use"] == stats["waiting"] == 0 and stats["size"] == stats["idle"] <= 4
    held = []
    while len(held) < 4:
        try:
            held.append(pool.acquire(timeout=2.0))
        except KeyboardInterrupt:
            pass  # an idle connection whose ping a worker rigged: evicted, the slot kept
    cur = held[0].cursor()
    cur.execute(f"SELECT COUNT(*) FROM {pool_table} WHERE id = 99")
    assert cur.fetchone() == (0,)  # every write was rolled back or dropped with its connection
    for conn in held:
        pool.release(conn)
