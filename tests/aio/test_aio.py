"""The native asyncio API against the test server (driven with asyncio.run, no plugin)."""

from __future__ import annotations

import asyncio
import threading
from decimal import Decimal

import pytest

import informix_db
from informix_db import aio
from informix_db.pool import PoolClosedError, PoolTimeoutError


def run(coro):
    return asyncio.run(coro)


def test_connect_query_and_close(db_params):
    async def main():
        async with await aio.connect(**db_params) as conn:
            assert not conn.closed
            cur = await conn.cursor()
            await cur.execute("SELECT tabid, tabname FROM systables WHERE tabid < ? ORDER BY tabid", (4,))
            assert cur.description[0][0] == "tabid"
            rows = await cur.fetchall()
            await cur.close()
            return conn, rows

    conn, rows = run(main())
    assert rows == [(1, "systables"), (2, "syscolumns"), (3, "sysindices")]
    assert conn.closed


def test_uses_no_threads(db_params):
    """The client side runs on the event loop: no thread is started per connection or query."""

    def client_threads():
        return {t for t in threading.enumerate()
                if not t.name.startswith(("ifx-", "asyncio_"))}  # embedded server, resolver

    before = client_threads()

    async def main():
        conns = [await aio.connect(**db_params) for _ in range(5)]
        for c in conns:
            cur = await c.cursor()
            await cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
            await cur.fetchall()
        during = client_threads()
        for c in conns:
            await c.close()
        return during

    assert run(main()) == before


def test_streaming_fetch_and_async_iteration(db_params):
    async def main():
        async with await aio.connect(**db_params, autocommit=True) as conn:
            cur = await conn.cursor()
            await cur.execute("CREATE TEMP TABLE aio_many (n INTEGER, d DECIMAL(10,2))")
            await cur.executemany("INSERT INTO aio_many VALUES (?, ?)",
                                  [(i, Decimal(i) / 4) for i in range(3000)])
            assert cur.rowcount == 3000
            await cur.execute("SELECT n, d FROM aio_many ORDER BY n")
            first = await cur.fetchmany(10)
            rest = [row async for row in cur]
            return first + rest

    rows = run(main())
    assert len(rows) == 3000
    assert rows[2999] == (2999, Decimal("749.75"))


def test_transactions_commit_and_rollback(db_params):
    async def main():
        async with await aio.connect(**db_params, autocommit=True) as setup:
            cur = await setup.cursor()
            try:
                await cur.execute("DROP TABLE aio_tx")
            except informix_db.ProgrammingError:
                pass
            await cur.execute("CREATE TABLE aio_tx (id INTEGER)")
        async with await aio.connect(**db_params) as conn:
            cur = await conn.cursor()
            await cur.execute("INSERT INTO aio_tx VALUES (1)")
            assert conn.in_transaction
            await conn.rollback()
            await cur.execute("INSERT INTO aio_tx VALUES (2)")
            await conn.commit()
            await cur.execute("SELECT id FROM aio_tx")
            return await cur.fetchall()

    assert run(main()) == [(2,)]


def test_server_error_keeps_connection_usable(db_params):
    async def main():
        async with await aio.connect(**db_params) as conn:
            cur = await conn.cursor()
            with pytest.raises(informix_db.ProgrammingError) as info:
                await cur.execute("SELECT * FROM no_such_table_aio")
            await cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
            return info.value.sqlcode, await cur.fetchone()

    assert run(main()) == (-206, (1,))


def test_login_failure_is_operational_error(server_params):
    async def main():
        await aio.connect(**{**server_params, "password": "not-the-password"})

    with pytest.raises(informix_db.OperationalError) as info:
        run(main())
    assert "not-the-password" not in str(info.value)


def test_cancellation_closes_the_connection(db_params):
    async def main():
        conn = await aio.connect(**db_params)
        cur = await conn.cursor()
        task = asyncio.ensure_future(cur.execute("SELECT COUNT(*) FROM systables a, systables b"))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return conn.closed

    assert run(main()) is True


def test_pool_gathers_concurrent_queries(db_params):
    async def main():
        pool = await aio.create_pool(**db_params, min_size=1, max_size=3)
        assert (pool.size, pool.idle_count) == (1, 1)

        async def query(i):
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute("SELECT ?::INT FROM systables WHERE tabid = 1", (i,))
                return (await cur.fetchone())[0]

        results = await asyncio.gather(*(query(i) for i in range(20)))
        stats = pool.stats()
        await pool.close()
        return results, stats

    results, stats = run(main())
    assert results == list(range(20))
    assert stats["size"] <= 3 and stats["in_use"] == 0


def test_pool_timeout_close_and_cancellation_eviction(db_params):
    async def main():
        pool = await aio.create_pool(**db_params, min_size=1, max_size=1)
        held = await pool.acquire()
        with pytest.raises(PoolTimeoutError, match="max_size=1"):
            await pool.acquire(timeout=0.05)
        await pool.release(held)

        async def slow():
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute("SELECT COUNT(*) FROM systables a, systables b, systables c")
                await cur.fetchone()

        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(slow(), 0.001)
        evicted_size = pool.size
        await pool.close()
        with pytest.raises(PoolClosedError):
            await pool.acquire()
        return evicted_size

    assert run(main()) == 0


def test_pool_rolls_back_on_release(db_params):
    async def main():
        pool = await aio.create_pool(**db_params, min_size=1, max_size=1)
        async with pool.connection() as conn:
            cur = await conn.cursor()
            await cur.execute("CREATE TEMP TABLE aio_rb (id INTEGER)")
            assert conn.in_transaction
        async with pool.connection() as again:
            state = again.in_transaction
        await pool.close()
        return again is conn, state

    assert run(main()) == (True, False)


def test_many_tasks_against_a_server_in_another_process():
    """Regression: bytes landing before a waiter registered were once missed (a hang).

    With the server in another process replies arrive while tasks are still being
    scheduled, which is when the race showed.
    """
    from informix_db.testing.serve_process import serve_in_subprocess

    async def main(host, port):
        pool = await aio.create_pool(host, port, user="informix", password="in4mix", database="sysmaster",
                                     min_size=2, max_size=4, autocommit=True, read_timeout=10)

        async def worker(tid):
            for r in range(6):
                async with pool.connection() as conn:
                    cur = await conn.cursor()
                    await cur.execute("SELECT FIRST 1 ?::INT FROM systables", (tid * 1000 + r,))
                    assert await cur.fetchone() == (tid * 1000 + r,)

        await asyncio.gather(*(worker(i) for i in range(6)))
        await pool.close()

    with serve_in_subprocess() as (host, port):
        run(main(host, port))
