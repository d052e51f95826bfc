"""What a connection pool decides, shared by the thread pool and the asyncio pool.

``PoolPolicy`` holds a pool's state (idle slots, checked-out slots, waiters, counters) and
makes its decisions: which slot a borrower gets, whether an idle connection must be
proven alive, what a returned connection needs before reuse. It does no I/O and never
blocks, so the slot accounting only changes inside calls that an interruption (task
cancellation, a signal handler's exception) cannot split. The drivers,
``pool.ConnectionPool`` (threads) and ``aio.pool.AsyncConnectionPool`` (one event loop),
do the I/O around these calls and serialise them (a lock; the loop).
"""

from __future__ import annotations

import enum
import inspect
import logging
import time
from collections import deque

from .exceptions import InterfaceError, OperationalError

logger = logging.getLogger("informix_db.pool")

#: Default silence after which acquire proves a connection alive with a round trip.
#: Two seconds: traffic within that window already proved the session alive, and a peer
#: close inside it is still caught by the free checks (closed flag, socket peek).
DEFAULT_CHECK_INTERVAL = 2.0

#: Connection attributes a borrower may change through the API; at release each is put
#: back to the value the connection was opened with (the pool's settings).
BORROWER_SETTINGS = ("autocommit", "row_factory", "fetch_buffer_size", "read_timeout")


class PoolClosedError(InterfaceError):
    """The pool was closed; no more connections can be acquired."""


class PoolTimeoutError(OperationalError):
    """No connection became available within the acquire timeout."""


class Health(enum.Enum):
    """The verdict on an idle connection about to be handed out."""

    READY = "ready"    # recently active: hand it out
    PING = "ping"      # silent beyond check_interval: one round trip first
    RETIRE = "retire"  # past max_lifetime or max_idle: close it
    DEAD = "dead"      # closed or its socket is out of step: close it


class AtRelease(enum.Enum):
    """What a returned connection needs before it can be reused."""

    KEEP = "keep"          # reusable as it is (settings restored)
    ROLLBACK = "rollback"  # its transaction may have written: roll back first
    DISCARD = "discard"    # broken, closed, or the pool is closed


class Slot:
    """A pooled connection, the times its retirement rules need and its opening settings."""

    __slots__ = ("conn", "created", "idle_since", "settings")

    def __init__(self, conn) -> None:
        self.conn = conn
        self.created = self.idle_since = time.monotonic()
        self.settings = {name: getattr(conn, name) for name in BORROWER_SETTINGS}

    def expired(self, now: float, max_lifetime: float | None, max_idle: float | None) -> bool:
        """Past ``max_lifetime`` since it was opened, or ``max_idle`` since it was released."""
        return ((max_lifetime is not None and now - self.created > max_lifetime)
                or (max_idle is not None and now - self.idle_since > max_idle))


class PoolPolicy:
    """The state and decisions of one pool. Waiters are driver objects with
    ``offer(slot_or_None) -> bool`` (False: it no longer waits), ``wake()`` (the pool
    closed), and ``delivered``/``slot`` (what an accepted offer gave it)."""

    def __init__(self, *, min_size: int = 1, max_size: int = 10, acquire_timeout: float = 30.0,
                 check_interval: float = DEFAULT_CHECK_INTERVAL,
                 max_lifetime: float | None = None, max_idle: float | None = None) -> None:
        if min_size < 0 or max_size < 1 or min_size > max_size:
            raise ValueError(f"need 0 <= min_size <= max_size and max_size >= 1 (got {min_size}, {max_size})")
        self.min_size, self.max_size = min_size, max_size
        self.acquire_timeout = acquire_timeout
        self.check_interval = check_interval
        self.max_lifetime, self.max_idle = max_lifetime, max_idle
        self.idle: list[Slot] = []
        self.in_use: dict[int, Slot] = {}
        self.waiters: deque = deque()
        self.size = 0  # open connections plus connects in progress
        self.closed = False
        self.created = self.evicted = self.health_failures = 0

    # -- acquiring -----------------------------------------------------------------

    def take(self, new_waiter):
        """``(slot, None)``: check this idle slot; ``(None, None)``: a place is reserved,
        connect in it; ``(None, waiter)``: wait on the queued ``waiter``."""
        if self.closed:
            raise PoolClosedError("connection pool is closed")
        if self.idle:
            return self.idle.pop(), None
        if self.reserve():
            return None, None
        waiter = new_waiter()
        self.waiters.append(waiter)
        return None, waiter

    def reserve(self) -> bool:
        """Reserve a place for a new connection if below ``max_size``."""
        if self.size >= self.max_size:
            return False
        self.size += 1
        return True

    def withdraw(self, waiter) -> bool:
        """A waiter stops waiting (timeout, interruption, wake-up); True if it was served first."""
        try:
            self.waiters.remove(waiter)
        except ValueError:
            pass
        return waiter.delivered

    def unavailable(self) -> Exception:
        """The error for a waiter that got nothing."""
        if self.closed:
            return PoolClosedError("connection pool is closed")
        return PoolTimeoutError(
            f"no connection available within the acquire timeout (max_size={self.max_size} in use)")

    def connected(self, conn) -> Slot:
        """A connection opened in a reserved place."""
        self.created += 1
        return Slot(conn)

    def health(self, slot: Slot, now: float, alive: bool) -> Health:
        """Cheapest sufficient proof that an idle connection still works; ``alive`` is the
        driver's free check (closed flag, and for a plain socket a non-blocking peek)."""
        if slot.expired(now, self.max_lifetime, self.max_idle):
            return Health.RETIRE
        if not alive:
            self.health_failures += 1
            return Health.DEAD
        if now - slot.conn.last_roundtrip <= self.check_interval:
            return Health.READY
        return Health.PING

    def health_check_failed(self) -> None:
        self.health_failures += 1

    def check_out(self, slot: Slot) -> bool:
        """Record a slot as borrowed; False when the pool closed meanwhile (discard it)."""
        if self.closed:
            return False
        self.in_use[id(slot.conn)] = slot
        return True

    # -- releasing -----------------------------------------------------------------

    def check_in(self, conn) -> Slot:
        slot = self.in_use.pop(id(conn), None)
        if slot is None:
            raise InterfaceError("connection does not belong to this pool or was already released")
        return slot

    def at_release(self, slot: Slot, broken: bool) -> AtRelease:
        """What a returned connection needs. A transaction that only read ends here with no
        round trip: its ROLLBACK is sent in front of the next borrower's first request."""
        conn = slot.conn
        if broken or conn.closed or self.closed:
            return AtRelease.DISCARD
        if conn.in_transaction and not conn._session.end_transaction_lazily():
            return AtRelease.ROLLBACK
        return AtRelease.KEEP

    @staticmethod
    def rollback_failed(exc: Exception) -> AtRelease:
        logger.warning("rollback on release failed, evicting connection: %s", exc)
        return AtRelease.DISCARD

    def keep(self, slot: Slot, action: AtRelease) -> bool:
        """Finish a release whose transaction has ended: put back what the borrower changed
        (no I/O then) and make the slot available; False: discard it instead."""
        if action is AtRelease.DISCARD:
            return False
        conn = slot.conn
        for name, value in slot.settings.items():
            if getattr(conn, name) != value:
                setattr(conn, name, value)
        return self.put_back(slot)

    def put_back(self, slot: Slot) -> bool:
        """Hand a reusable slot to the oldest waiter, or make it idle; False when the pool
        is closed (discard it)."""
        if self.closed:
            return False
        slot.idle_since = time.monotonic()
        if not self._hand_over(slot):
            self.idle.append(slot)
        return True

    def discarded(self) -> None:
        """A connection was closed for good: its place goes to a waiter or is freed."""
        self.evicted += 1
        self.free_place()

    def free_place(self) -> None:
        if self.closed or not self._hand_over(None):
            self.size -= 1

    def _hand_over(self, slot: Slot | None) -> bool:
        """Give a slot (or, with None, a place to connect in) to the oldest live waiter."""
        while self.waiters:
            if self.waiters.popleft().offer(slot):
                return True
        return False

    def close(self) -> list[Slot]:
        """Mark closed, wake every waiter, and return the idle slots for the driver to close."""
        self.closed = True
        idle, self.idle = self.idle, []
        waiters, self.waiters = list(self.waiters), deque()
        for waiter in waiters:
            waiter.wake()
        return idle

    def stats(self) -> dict:
        return {"size": self.size, "idle": len(self.idle), "in_use": len(self.in_use),
                "waiting": len(self.waiters), "created": self.created, "evicted": self.evicted,
                "health_check_failures": self.health_failures}


#: The pool options, named once: every keyword of ``PoolPolicy`` (the rest of
#: ``create_pool``'s keywords go to ``connect``).
POOL_OPTIONS = tuple(inspect.signature(PoolPolicy).parameters)


def split_pool_options(kwargs: dict) -> tuple[dict, dict]:
    """``create_pool``'s keywords split into (pool options, connect keywords)."""
    pool = {k: v for k, v in kwargs.items() if k in POOL_OPTIONS}
    return pool, {k: v for k, v in kwargs.items() if k not in POOL_OPTIONS}


class PoolInfo:
    """Read-only views of a pool's policy, the same on both drivers."""

    _policy: PoolPolicy
    _connect_kwargs: dict

    min_size = property(lambda self: self._policy.min_size)
    max_size = property(lambda self: self._policy.max_size)
    size = property(lambda self: self._policy.size)
    idle_count = property(lambda self: len(self._policy.idle))
    closed = property(lambda self: self._policy.closed)

    def stats(self) -> dict:
        """size, idle, in_use, waiting, and the created/evicted/health_check_failures counters."""
        return self._policy.stats()

    def __repr__(self) -> str:
        kw, policy = self._connect_kwargs, self._policy
        return (f"<{type(self).__name__} {kw.get('user')}@{kw.get('host')}:{kw.get('port')}/"
                f"{kw.get('database')} size={policy.size} max_size={policy.max_size}"
                f"{' closed' if policy.closed else ''}>")
