"""A thread-safe connection pool: the blocking driver of ``pool_policy.PoolPolicy``.

Guarantees: a connection is held by one borrower at a time; a connection never returns to
the idle list inside a transaction or with a borrower's settings (autocommit, row factory,
fetch size, read timeout) changed; a dead idle connection is replaced on acquire instead
of surfacing a stale-connection error; whatever interrupts the pool's own round trips
(a signal handler's exception included), the slot is given back and the connection ends
rolled back or closed; the pool lock is never held across a network round trip or a
``connect()``.

The health check on acquire is layered so that the common case costs no round trip:
a closed flag and a non-blocking socket peek (free, and they catch a peer close or stray
bytes), then a one-message round trip only when the connection has been silent for longer
than ``check_interval`` seconds.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from contextlib import contextmanager

from .exceptions import Error, InterfaceError, OperationalError
from .pool_policy import (
    DEFAULT_CHECK_INTERVAL,
    AtRelease,
    Health,
    PoolClosedError,
    PoolInfo,
    PoolPolicy,
    PoolTimeoutError,
    split_pool_options,
)

logger = logging.getLogger("informix_db.pool")

__all__ = ["DEFAULT_CHECK_INTERVAL", "ConnectionPool", "PoolClosedError", "PoolTimeoutError",
           "create_pool"]


class _Waiter:
    """A blocked acquirer; served in FIFO order by direct hand-off under the pool lock."""

    __slots__ = ("event", "slot", "delivered")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.slot = None
        self.delivered = False

    def offer(self, slot) -> bool:
        self.slot, self.delivered = slot, True
        self.event.set()
        return True

    def wake(self) -> None:
        self.event.set()


class ConnectionPool(PoolInfo):
    """Pool of :class:`~informix_db.dbapi.connection.Connection` objects (LIFO reuse).

    ``options`` are those of :class:`~informix_db.pool_policy.PoolPolicy` (``min_size``,
    ``max_size``, ``acquire_timeout``, ``check_interval``, ``max_lifetime``, ``max_idle``).
    """

    def __init__(self, connect_kwargs: dict, *, connect=None, **options) -> None:
        if connect is None:
            from . import connect
        self._connect = connect
        self._connect_kwargs = dict(connect_kwargs)
        self._policy = PoolPolicy(**options)
        self._lock = threading.Lock()
        try:
            for _ in range(self._policy.min_size):
                with self._lock:
                    self._policy.reserve()
                slot = self._open_reserved_slot()
                with self._lock:
                    self._policy.put_back(slot)
        except BaseException:
            self.close()
            raise

    def stats(self) -> dict:
        with self._lock:
            return self._policy.stats()

    # -- acquire / release -----------------------------------------------------------

    def acquire(self, timeout: float | None = None) -> object:
        """Check out a healthy connection, opening one if below ``max_size``.

        Blocks (FIFO) while the pool is exhausted and raises :class:`PoolTimeoutError`
        after ``timeout`` seconds (default: the pool's ``acquire_timeout``).
        """
        policy = self._policy
        deadline = time.monotonic() + (policy.acquire_timeout if timeout is None else timeout)
        while True:
            with self._lock:
                slot, waiter = policy.take(_Waiter)
            if waiter is not None:
                slot = self._wait(waiter, deadline)
            if slot is None:  # a place to connect in
                return self._check_out(self._open_reserved_slot())
            if self._usable(slot):
                return self._check_out(slot)

    def release(self, conn, *, broken: bool = False) -> None:
        """Return a connection; ``broken=True`` (or a closed one) is evicted instead.

        A transaction that may have written is rolled back first (outside the pool lock);
        one that only read ends with the next borrower's first request. If the rollback
        fails the connection is evicted and a warning logged; if it is interrupted the
        connection is closed and the interruption propagates.
        """
        policy = self._policy
        with self._lock:
            slot = policy.check_in(conn)
        action = policy.at_release(slot, broken)
        if action is AtRelease.ROLLBACK:
            try:
                conn.rollback()
            except Error as exc:
                action = policy.rollback_failed(exc)
            except BaseException:
                self._evict_now(slot)
                raise
        with self._lock:
            kept = policy.keep(slot, action)
        if not kept:
            self._discard(slot)

    @contextmanager
    def connection(self, timeout: float | None = None):
        """``with pool.connection() as conn:``; connection errors evict, others return it."""
        conn = self.acquire(timeout)
        try:
            yield conn
        except (OperationalError, InterfaceError):
            self.release(conn, broken=True)
            raise
        except BaseException:
            self.release(conn)
            raise
        self.release(conn)

    def close(self) -> None:
        """Close idle connections now and checked-out ones when they come back; idempotent."""
        with self._lock:
            idle = self._policy.close()
        try:
            while idle:
                self._discard(idle.pop())
        finally:
            for slot in idle:  # interrupted: the rest are dropped without a goodbye
                self._evict_now(slot)

    def __enter__(self) -> ConnectionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------

    def _wait(self, waiter: _Waiter, deadline: float):
        """Block until a release hands over a slot or a place (None); raise otherwise.

        Interrupted while waiting, what was handed over meanwhile is passed on."""
        try:
            waiter.event.wait(max(0.0, deadline - time.monotonic()))
        except BaseException:
            with self._lock:
                if self._policy.withdraw(waiter):
                    self._pass_on(waiter.slot)
            raise
        with self._lock:
            if not self._policy.withdraw(waiter):
                raise self._policy.unavailable()
        return waiter.slot

    def _pass_on(self, slot) -> None:
        """Give back, under the lock, a slot or place that an interrupted waiter received."""
        if slot is None:
            self._policy.free_place()
        elif not self._policy.put_back(slot):
            slot.conn._abort()
            self._policy.discarded()

    def _open_reserved_slot(self):
        """Connect in a place already reserved; give the place back on any failure."""
        try:
            conn = self._connect(**self._connect_kwargs)
        except BaseException:
            with self._lock:
                self._policy.free_place()
            raise
        with self._lock:
            return self._policy.connected(conn)

    def _check_out(self, slot):
        with self._lock:
            borrowed = self._policy.check_out(slot)
        if not borrowed:
            self._discard(slot)
            raise PoolClosedError("connection pool is closed")
        return slot.conn

    def _usable(self, slot) -> bool:
        """Decide on an idle connection; an unusable one is discarded here."""
        conn = slot.conn
        alive = not conn.closed and _socket_quiet(conn)
        with self._lock:
            verdict = self._policy.health(slot, time.monotonic(), alive)
        if verdict is Health.READY:
            return True
        if verdict is Health.PING:
            try:
                conn.ping()
                return True
            except Error:
                with self._lock:
                    self._policy.health_check_failed()
            except BaseException:
                self._evict_now(slot)
                raise
        self._discard(slot)
        return False

    def _discard(self, slot) -> None:
        """Close a connection and free its place, whatever interrupts the goodbye."""
        try:
            slot.conn.close()
        except Exception as exc:  # closing a broken connection must not fail the caller
            logger.debug("error closing evicted connection: %s", exc)
        except BaseException:
            slot.conn._abort()
            raise
        finally:
            with self._lock:
                self._policy.discarded()

    def _evict_now(self, slot) -> None:
        """Interrupted mid-exchange: drop the connection without a goodbye, free its place."""
        slot.conn._abort()
        with self._lock:
            self._policy.discarded()


def _socket_quiet(conn) -> bool:
    """True when the idle socket has neither been closed by the peer nor received bytes."""
    sock = conn.socket
    if sock is None:
        return False
    try:
        timeout = sock.gettimeout()
        sock.setblocking(False)  # with a read timeout set, Python would wait for data first
        try:
            sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        finally:
            sock.settimeout(timeout)
    except (BlockingIOError, InterruptedError):
        return True
    except OSError:
        return False
    except ValueError:  # SSL sockets refuse flags; the interval round trip still applies
        return True
    return False  # b"" is EOF, and any byte means the idle stream is out of step


def create_pool(host: str, port: int = 9088, **kwargs) -> ConnectionPool:
    """Create a :class:`ConnectionPool`: the pool options of
    :class:`~informix_db.pool_policy.PoolPolicy`, the rest as for :func:`informix_db.connect`."""
    options, connect_kwargs = split_pool_options(kwargs)
    return ConnectionPool({"host": host, "port": port, **connect_kwargs}, **options)
