"""Asyncio connection pool with the guarantees of the threaded one (see ``informix_db.pool``).

Single event loop, so no lock: state changes happen between awaits. Waiters are futures
served in FIFO order by direct hand-off; a cancelled or failed borrower's connection is
evicted, never recycled, because its stream position is unknown.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from contextlib import asynccontextmanager

from ..exceptions import Error, InterfaceError, OperationalError
from ..pool import DEFAULT_CHECK_INTERVAL, PoolClosedError, PoolTimeoutError, _Slot
from .connection import AsyncConnection

logger = logging.getLogger("informix_db.pool")


class AsyncConnectionPool:
    """Pool of :class:`AsyncConnection` objects (LIFO reuse, FIFO waiters)."""

    def __init__(self, connect_kwargs: dict, *, min_size: int = 1, max_size: int = 10,
                 acquire_timeout: float = 30.0, check_interval: float = DEFAULT_CHECK_INTERVAL,
                 max_lifetime: float | None = None, max_idle: float | None = None) -> None:
        if min_size < 0 or max_size < 1 or min_size > max_size:
            raise ValueError(f"need 0 <= min_size <= max_size and max_size >= 1 (got {min_size}, {max_size})")
        self._connect_kwargs = dict(connect_kwargs)
        self._min_size, self._max_size = min_size, max_size
        self._acquire_timeout = acquire_timeout
        self._check_interval = check_interval
        self._max_lifetime, self._max_idle = max_lifetime, max_idle
        self._idle: list[_Slot] = []
        self._in_use: dict[int, _Slot] = {}
        self._waiters: deque[asyncio.Future] = deque()
        self._size = 0
        self._closed = False
        self._created = self._evicted = self._health_failures = 0

    async def _fill(self) -> None:
        try:
            for _ in range(self._min_size):
                self._size += 1
                self._idle.append(await self._open_slot())
        except BaseException:
            await self.close()
            raise

    # -- introspection ---------------------------------------------------------------

    min_size = property(lambda self: self._min_size)
    max_size = property(lambda self: self._max_size)
    size = property(lambda self: self._size)
    idle_count = property(lambda self: len(self._idle))
    closed = property(lambda self: self._closed)

    def stats(self) -> dict:
        return {"size": self._size, "idle": len(self._idle), "in_use": len(self._in_use),
                "waiting": len(self._waiters), "created": self._created, "evicted": self._evicted,
                "health_check_failures": self._health_failures}

    def __repr__(self) -> str:
        kw = self._connect_kwargs
        return (f"<AsyncConnectionPool {kw.get('user')}@{kw.get('host')}:{kw.get('port')}/"
                f"{kw.get('database')} size={self._size} max_size={self._max_size}>")

    # -- acquire / release -------------------------------------------------------------

    async def acquire(self, timeout: float | None = None) -> AsyncConnection:
        timeout = self._acquire_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            if self._closed:
                raise PoolClosedError("connection pool is closed")
            if self._idle:
                slot = self._idle.pop()
            elif self._size < self._max_size:
                self._size += 1
                slot = await self._open_reserved_slot()
                return self._check_out(slot)
            else:
                slot = await self._wait(deadline)
                if slot is None:  # capacity handed over: open a new connection in it
                    return self._check_out(await self._open_reserved_slot())
            if await self._usable(slot):
                return self._check_out(slot)
            await self._discard(slot)

    async def release(self, conn: AsyncConnection, *, broken: bool = False) -> None:
        slot = self._in_use.pop(id(conn), None)
        if slot is None:
            raise InterfaceError("connection does not belong to this pool or was already released")
        if broken or conn.closed or self._closed:
            await self._discard(slot)
            return
        if conn.in_transaction:
            try:
                await conn.rollback()
            except Error as exc:
                logger.warning("rollback on release failed, evicting connection: %s", exc)
                await self._discard(slot)
                return
        slot.idle_since = time.monotonic()
        if self._closed:
            await self._discard(slot)
        else:
            self._pass_on(slot)

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
        self._closed = True
        idle, self._idle = self._idle, []
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(PoolClosedError("connection pool is closed"))
        for slot in idle:
            await self._discard(slot)

    async def __aenter__(self) -> AsyncConnectionPool:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- internals -------------------------------------------------------------------

    async def _wait(self, deadline: float) -> _Slot | None:
        """Queue as a waiter; returns a handed-over slot, or None for a handed-over free place."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), max(0.0, deadline - time.monotonic()))
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                if isinstance(exc, asyncio.TimeoutError):
                    return waiter.result()  # handed over just as the time ran out
                self._pass_on(waiter.result())  # cancelled after a hand-over: nothing may leak
                raise
            waiter.cancel()
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            if isinstance(exc, asyncio.TimeoutError):
                raise PoolTimeoutError(
                    f"no connection available within the acquire timeout (max_size={self._max_size} in use)"
                ) from None
            raise

    def _pass_on(self, slot: _Slot | None) -> None:
        if slot is None:
            self._free_capacity()
        elif not self._hand_over(slot):
            self._idle.append(slot)

    def _hand_over(self, slot: _Slot | None) -> bool:
        """Give a slot (or, with None, a free place) to the oldest live waiter."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(slot)
                return True
        return False

    async def _open_slot(self) -> _Slot:
        slot = _Slot(await AsyncConnection.connect(**self._connect_kwargs))
        self._created += 1
        return slot

    async def _open_reserved_slot(self) -> _Slot:
        try:
            return await self._open_slot()
        except BaseException:
            self._free_capacity()
            raise

    def _check_out(self, slot: _Slot) -> AsyncConnection:
        self._in_use[id(slot.conn)] = slot
        return slot.conn

    async def _usable(self, slot: _Slot) -> bool:
        now = time.monotonic()
        conn = slot.conn
        if slot.expired(now, self._max_lifetime, self._max_idle):
            return False
        if conn.closed:
            self._health_failures += 1
            return False
        if now - conn.last_roundtrip <= self._check_interval:
            return True
        try:
            await conn.ping()
            return True
        except Error:
            self._health_failures += 1
            return False

    async def _discard(self, slot: _Slot) -> None:
        try:
            await slot.conn.close()
        except Exception as exc:  # closing a broken connection must not fail the caller
            logger.debug("error closing evicted connection: %s", exc)
        self._evicted += 1
        self._free_capacity()

    def _free_capacity(self) -> None:
        if self._closed or not self._hand_over(None):
            self._size -= 1
