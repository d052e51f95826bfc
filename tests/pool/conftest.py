"""One face for both pools, so the same scenario runs through the thread pool and the asyncio pool.

``PoolDriver`` wraps a pool and its connections behind blocking calls: the thread pool is
called directly, the asyncio pool on a private event loop. ``interrupt`` is the exception
that stops a borrower mid-operation on that side (``KeyboardInterrupt`` from a signal
handler for threads, ``CancelledError`` for tasks); ``inject`` makes a connection method
raise it, as if the interruption arrived while the pool awaited that method.
"""

from __future__ import annotations

import asyncio

import pytest

import informix_db
from informix_db import aio


class ThreadPoolDriver:
    kind = "threads"
    interrupt = KeyboardInterrupt

    def __init__(self, params: dict, **options) -> None:
        self.pool = informix_db.create_pool(**params, **options)

    def run(self, value):
        return value

    def acquire(self, timeout=None):
        return self.pool.acquire(timeout)

    def release(self, conn, **kw) -> None:
        self.pool.release(conn, **kw)

    def query(self, conn, sql: str, params=None):
        cur = conn.cursor()
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else None

    def commit(self, conn) -> None:
        conn.commit()

    def inject(self, conn, method: str, calls: list | None = None) -> None:
        exc = self.interrupt

        def interrupted(*args, **kwargs):
            if calls is not None:
                calls.append(method)
            raise exc()

        setattr(conn, method, interrupted)

    def count(self, conn, method: str, calls: list) -> None:
        original = getattr(conn, method)

        def counted(*args, **kwargs):
            calls.append(method)
            return original(*args, **kwargs)

        setattr(conn, method, counted)

    def drop_socket(self, conn) -> None:
        conn.socket.close()  # the socket dies under the connection, which does not know yet

    def stats(self) -> dict:
        return self.pool.stats()

    def close(self) -> None:
        self.pool.close()


class AsyncPoolDriver:
    kind = "asyncio"
    interrupt = asyncio.CancelledError

    def __init__(self, params: dict, **options) -> None:
        self.loop = asyncio.new_event_loop()
        self.pool = self.loop.run_until_complete(aio.create_pool(**params, **options))

    def run(self, awaitable):
        return self.loop.run_until_complete(awaitable)

    def acquire(self, timeout=None):
        return self.run(self.pool.acquire(timeout))

    def release(self, conn, **kw) -> None:
        self.run(self.pool.release(conn, **kw))

    def query(self, conn, sql: str, params=None):
        async def go():
            cur = await conn.cursor()
            await cur.execute(sql, params)
            return await cur.fetchall() if cur.description else None
        return self.run(go())

    def commit(self, conn) -> None:
        self.run(conn.commit())

    def inject(self, conn, method: str, calls: list | None = None) -> None:
        exc = self.interrupt

        async def interrupted(*args, **kwargs):
            if calls is not None:
                calls.append(method)
            await asyncio.sleep(0)
            raise exc()

        setattr(conn, method, interrupted)

    def count(self, conn, method: str, calls: list) -> None:
        original = getattr(conn, method)

        async def counted(*args, **kwargs):
            calls.append(method)
            return await original(*args, **kwargs)

        setattr(conn, method, counted)

    def drop_socket(self, conn) -> None:
        conn._protocol.transport.abort()  # the socket goes away under the connection
        self.run(asyncio.sleep(0))  # the loop notices

    def stats(self) -> dict:
        return self.pool.stats()

    def close(self) -> None:
        if self.loop.is_closed():
            return
        try:
            self.run(self.pool.close())
        finally:
            self.loop.close()


@pytest.fixture(params=[ThreadPoolDriver, AsyncPoolDriver], ids=["threads", "asyncio"])
def make_driver(request, db_params):
    """``make_driver(**pool_options)``: a pool of either kind on testdb, closed after the test."""
    made = []

    def factory(**options):
        options.setdefault("acquire_timeout", 5.0)
        driver = request.param(db_params, **options)
        made.append(driver)
        return driver

    yield factory
    for driver in made:
        driver.close()


def _assert_no_slot_lost(driver, max_size: int) -> None:
    """Every slot is accounted for: nothing in use, and ``max_size`` connections can be held at once."""
    stats = driver.stats()
    assert stats["in_use"] == 0 and stats["waiting"] == 0, stats
    assert stats["size"] == stats["idle"] <= max_size, stats
    held = [driver.acquire(timeout=2.0) for _ in range(max_size)]
    for conn in held:
        driver.release(conn)


@pytest.fixture
def assert_no_slot_lost():
    return _assert_no_slot_lost
