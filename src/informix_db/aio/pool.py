"""Asyncio connection pool: the event-loop driver of ``pool_policy.PoolPolicy``.

Same guarantees as the threaded pool (see ``informix_db.pool``). One event loop, so no
lock: the policy's calls never await. Waiters are futures served in FIFO order by direct
hand-off. A task cancelled anywhere in acquire or release (connecting, health check,
rollback, close) gives its slot back and leaves its connection rolled back or closed; a
cancelled or failed borrower's connection is evicted, never recycled, because its stream
position is unknown.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager

from ..exceptions import Error, InterfaceError, OperationalError
from ..pool_policy import AtRelease, Health, PoolClosedError, PoolInfo, PoolPolicy, Slot
from .connection import AsyncConnection

logger = logging.getLogger("informix_db.pool")


class _Waiter:
    """A queued acquirer: a future that a release resolves with a slot, or None for a place."""

    __slots__ = ("future",)

    def __init__(self) -> None:
        self.future = asyncio.get_running_loop().create_future()

    def offer(self, slot) -> bool:
        if self.future.done():
            return False
        self.future.set_result(slot)
        return True

    def wake(self) -> None:
        self.future.cancel()  # the pool closed: nothing will be handed over

    @property
    def delivered(self) -> bool:
        future = self.future
        return future.done() and not future.cancelled() and future.exception() is None

    @property
    def slot(self):
        return self.future.result()


class AsyncConnectionPool(PoolInfo):
    """Pool of :class:`AsyncConnection` objects (LIFO reuse, FIFO waiters); ``options`` as
    for :class:`~informix_db.pool_policy.PoolPolicy`."""

    def __init__(self, connect_kwargs: dict, **options) -> None:
        self._connect_kwargs = dict(connect_kwargs)
        self._policy = PoolPolicy(**options)

    async def _fill(self) -> None:
        try:
            for _ in range(self._policy.min_size):
                self._policy.reserve()
                self._policy.put_back(await self._open_reserved_slot())
        except BaseException:
            await self.close()
            raise

    # -- acquire / release -------------------------------------------------------------

    async def acquire(self, timeout: float | None = None) -> AsyncConnection:
        policy = self._policy
        deadline = time.monotonic() + (policy.acquire_timeout if timeout is None else timeout)
        while True:
            slot, waiter = policy.take(_Waiter)
            if waiter is not None:
                slot = await self._wait(waiter, deadline)
            if slot is None:  # a place to connect in
                return await self._check_out(await self._open_reserved_slot())
            if await self._usable(slot):
                return await self._check_out(slot)

    async def release(self, conn: AsyncConnection, *, broken: bool = False) -> None:
        """Return a connection (see ``ConnectionPool.release``); cancelled during its
        rollback, the connection is closed and the slot still given back."""
        policy = self._policy
        slot = policy.check_in(conn)
        action = policy.at_release(slot, broken)
        if action is AtRelease.ROLLBACK:
            try:
                await conn.rollback()
            except Error as exc:
                action = policy.rollback_failed(exc)
            except BaseException:
                self._evict_now(slot)
                raise
        if not policy.keep(slot, action):
            await self._discard(slot)

    @asynccontextmanager
    async def connection(self, timeout: float | None = None):
        """``async with pool.connection() as conn``; connection errors and cancellation evict."""
        conn = await self.acquire(timeout)
        try:
            yield conn
        except (OperationalError, InterfaceError, asyncio.CancelledError):
            await self.release(conn, broken=True)
            raise
        except BaseException:
            await self.release(conn, broken=conn.closed)
            raise
        await self.release(conn)

    async def close(self) -> None:
        """Close idle connections now and checked-out ones when they come back; idempotent."""
        idle = self._policy.close()
        try:
            while idle:
                await self._discard(idle.pop())
        finally:
            for slot in idle:  # cancelled: the rest are dropped without a goodbye
                self._evict_now(slot)

    async def __aenter__(self) -> AsyncConnectionPool:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- internals -------------------------------------------------------------------

    async def _wait(self, waiter: _Waiter, deadline: float) -> Slot | None:
        """Wait for a handed-over slot, or None for a handed-over place; raise otherwise.

        ``asyncio.wait`` rather than ``wait_for``: a cancellation that arrives just after
        a hand-over still raises here (``wait_for`` may swallow it on Python 3.11), and
        what was handed over is then passed on."""
        policy = self._policy
        try:
            await asyncio.wait((waiter.future,), timeout=max(0.0, deadline - time.monotonic()))
        except BaseException:
            if policy.withdraw(waiter):
                self._pass_on(waiter.slot)
            else:
                waiter.future.cancel()
            raise
        if not policy.withdraw(waiter):
            waiter.future.cancel()
            raise policy.unavailable()
        return waiter.slot

    def _pass_on(self, slot: Slot | None) -> None:
        if slot is None:
            self._policy.free_place()
        elif not self._policy.put_back(slot):
            self._evict_now(slot)

    async def _open_reserved_slot(self) -> Slot:
        """Connect in a place already reserved; give the place back on any failure."""
        try:
            conn = await AsyncConnection.connect(**self._connect_kwargs)
        except BaseException:
            self._policy.free_place()
            raise
        return self._policy.connected(conn)

    async def _check_out(self, slot: Slot) -> AsyncConnection:
        if not self._policy.check_out(slot):
            await self._discard(slot)
            raise PoolClosedError("connection pool is closed")
        return slot.conn

    async def _usable(self, slot: Slot) -> bool:
        """Decide on an idle connection; an unusable one is discarded here."""
        conn = slot.conn
        verdict = self._policy.health(slot, time.monotonic(), alive=not conn.closed)
        if verdict is Health.READY:
            return True
        if verdict is Health.PING:
            try:
                await conn.ping()
                return True
            except Error:
                self._policy.health_check_failed()
            except BaseException:
                self._evict_now(slot)
                raise
        await self._discard(slot)
        return False

    async def _discard(self, slot: Slot) -> None:
        """Close a connection and free its place, whatever interrupts the goodbye."""
        try:
            await slot.conn.close()
        except Exception as exc:  # closing a broken connection must not fail the caller
            logger.debug("error closing evicted connection: %s", exc)
        except BaseException:
            slot.conn._abort()
            raise
        finally:
            self._policy.discarded()

    def _evict_now(self, slot: Slot) -> None:
        """Interrupted mid-exchange: drop the connection without a goodbye, free its place."""
        slot.conn._abort()
        self._policy.discarded()
