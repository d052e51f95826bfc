"""Cancellation never costs the asyncio pool a slot (issue 11).

Many tasks borrow, write, read and release while a canceller cancels them at random
moments, so cancellations land inside the pool's own awaits (health-check ping, rollback
at release, close of an evicted connection) as well as inside the borrowers' queries.
Bounded: a fixed number of cancellations and a time cap.
"""

from __future__ import annotations

import asyncio
import random
import time

import informix_db
from informix_db import aio

TABLE = "aio_cancel_t"
TASKS = 48
MAX_SIZE = 6
CANCELLATIONS = 400
TIME_CAP = 3.0


def test_random_cancellations_lose_no_slot(db_params):
    async def main():
        async with await aio.connect(**db_params, autocommit=True) as setup:
            cur = await setup.cursor()
            try:
                await cur.execute(f"DROP TABLE {TABLE}")
            except informix_db.ProgrammingError:
                pass
            await cur.execute(f"CREATE TABLE {TABLE} (id INTEGER)")

        # check_interval=0: every checkout pings, so cancellations hit health checks too
        pool = await aio.create_pool(**db_params, min_size=2, max_size=MAX_SIZE,
                                     check_interval=0.0, acquire_timeout=10.0)
        rnd = random.Random(11)
        stop = time.monotonic() + TIME_CAP

        async def borrower(n: int) -> None:
            while time.monotonic() < stop:
                try:
                    async with pool.connection() as conn:
                        cur = await conn.cursor()
                        if n % 2:
                            await cur.execute(f"INSERT INTO {TABLE} VALUES (?)", (n,))
                        else:
                            await cur.execute(f"SELECT COUNT(*) FROM {TABLE}")
                            await cur.fetchall()
                except asyncio.CancelledError:
                    if asyncio.current_task().cancelling():
                        raise
                except informix_db.OperationalError:
                    pass  # a connection closed by a cancellation elsewhere; the pool evicts it

        tasks = {asyncio.create_task(borrower(n)) for n in range(TASKS)}
        cancelled = 0
        while cancelled < CANCELLATIONS and time.monotonic() < stop:
            await asyncio.sleep(rnd.random() * 0.004)
            victim = rnd.choice(sorted(tasks, key=id))
            if not victim.done():
                victim.cancel()
                cancelled += 1
                tasks.discard(victim)
                tasks.add(asyncio.create_task(borrower(rnd.randrange(TASKS))))
        await asyncio.gather(*tasks, return_exceptions=True)
        stats = pool.stats()
        held = [await pool.acquire(timeout=2.0) for _ in range(MAX_SIZE)]
        rows = []
        for conn in held:
            cur = await conn.cursor()
            # A COMMITTED READ meets the rows of sessions whose connections were dropped until
            # the server has rolled them back: wait for that, as against Informix.
            await cur.execute("SET LOCK MODE TO WAIT 10")
            await cur.execute(f"SELECT COUNT(*) FROM {TABLE}")
            rows.append(await cur.fetchone())
            await pool.release(conn)
        await pool.close()
        return cancelled, stats, rows

    cancelled, stats, rows = asyncio.run(main())
    assert cancelled >= 50
    assert stats["in_use"] == 0 and stats["waiting"] == 0, stats
    assert stats["size"] == stats["idle"] <= MAX_SIZE, stats
    assert rows == [(0,)] * MAX_SIZE  # nothing was committed: every write was rolled back or dropped


def test_cancelled_while_connecting_gives_the_place_back(db_params, monkeypatch):
    async def main():
        pool = await aio.create_pool(**db_params, min_size=0, max_size=1)
        started = asyncio.Event()

        async def stalled_connect(*args, **kwargs):
            started.set()
            await asyncio.Event().wait()  # a server that never answers the login

        monkeypatch.setattr(aio.AsyncConnection, "connect", stalled_connect)
        task = asyncio.create_task(pool.acquire())
        await started.wait()
        assert pool.size == 1  # the place is reserved while connecting
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        monkeypatch.undo()
        size_after = pool.size
        conn = await pool.acquire(timeout=2.0)
        await pool.release(conn)
        await pool.close()
        return size_after

    assert asyncio.run(main()) == 0


def test_cancelled_just_after_a_hand_over_passes_the_slot_on(db_params):
    async def main():
        pool = await aio.create_pool(**db_params, min_size=1, max_size=1)
        held = await pool.acquire()
        waiter = asyncio.create_task(pool.acquire())
        await asyncio.sleep(0.01)
        assert pool.stats()["waiting"] == 1
        await pool.release(held)  # hands the slot to the waiting task ...
        waiter.cancel()  # ... which is cancelled before it runs again
        await asyncio.gather(waiter, return_exceptions=True)
        stats = pool.stats()
        again = await pool.acquire(timeout=1.0)
        await pool.release(again)
        await pool.close()
        return stats, again is held

    stats, same = asyncio.run(main())
    assert stats["idle"] == stats["size"] == 1 and stats["in_use"] == 0
    assert same
