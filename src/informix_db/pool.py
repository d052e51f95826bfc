"""A thread-safe connection pool.

Guarantees: a connection is held by one borrower at a time; a connection never returns to
the idle list inside a transaction (it is rolled back first, or evicted); a dead idle
connection is replaced on acquire instead of surfacing a stale-connection error; the pool
lock is never held across a network round trip or a ``connect()``.

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
from collections import deque
from contextlib import contextmanager

from .exceptions import Error, InterfaceError, OperationalError

logger = logging.getLogger("informix_db.pool")

#: Default silence after which acquire proves a connection alive with a round trip.
#: Two seconds: traffic within that window already proved the session alive, and a peer
#: close inside it is still caught by the free socket peek.
DEFAULT_CHECK_INTERVAL = 2.0


class PoolClosedError(InterfaceError):
    """The pool was closed; no more connections can be acquired."""


class PoolTimeoutError(OperationalError):
    """No connection became available within the acquire timeout."""


class _Waiter:
    """A blocked acquirer; served in FIFO order by direct hand-off."""

    __slots__ = ("event", "slot", "may_create")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.slot: _Slot | None = None
        self.may_create = False


class _Slot:
    """A pooled connection with the timestamps the retirement rules need."""

    __slots__ = ("conn", "created", "idle_since")

    def __init__(self, conn) -> None:
        self.conn = conn
        self.created = time.monotonic()
        self.idle_since = self.created

    def expired(self, now: float, max_lifetime: float | None, max_idle: float | None) -> bool:
        """Past ``max_lifetime`` since it was opened, or ``max_idle`` since it was released."""
        return ((max_lifetime is not None and now - self.created > max_lifetime)
                or (max_idle is not None and now - self.idle_since > max_idle))


class ConnectionPool:
    """Pool of :class:`~informix_db.dbapi.connection.Connection` objects (LIFO reuse)."""

    def __init__(
        self,
        connect_kwargs: dict,
        *,
        min_size: int = 1,
        max_size: int = 10,
        acquire_timeout: float = 30.0,
        check_interval: float = DEFAULT_CHECK_INTERVAL,
        max_lifetime: float | None = None,
        max_idle: float | None = None,
        connect=None,
    ) -> None:
        if min_size < 0 or max_size < 1 or min_size > max_size:
            raise ValueError(f"need 0 <= min_size <= max_size and max_size >= 1 (got {min_size}, {max_size})")
        if connect is None:
            from . import connect
        self._connect = connect
        self._connect_kwargs = dict(connect_kwargs)
        self._min_size = min_size
        self._max_size = max_size
        self._acquire_timeout = acquire_timeout
        self._check_interval = check_interval
        self._max_lifetime = max_lifetime
        self._max_idle = max_idle
        self._lock = threading.Lock()
        self._idle: list[_Slot] = []
        self._in_use: dict[int, _Slot] = {}
        self._waiters: deque[_Waiter] = deque()
        self._size = 0  # open connections plus connects in progress
        self._closed = False
        self._created = self._evicted = self._health_failures = 0
        try:
            for _ in range(min_size):
                self._size += 1
                self._idle.append(self._open_slot())
        except BaseException:
            self.close()
            raise

    # -- introspection -------------------------------------------------------------

    @property
    def min_size(self) -> int:
        return self._min_size

    @property
    def max_size(self) -> int:
        return self._max_size

    @property
    def size(self) -> int:
        with self._lock:
            return self._size

    @property
    def idle_count(self) -> int:
        with self._lock:
            return len(self._idle)

    @property
    def closed(self) -> bool:
        return self._closed

    def stats(self) -> dict:
        with self._lock:
            return {
                "size": self._size,
                "idle": len(self._idle),
                "in_use": len(self._in_use),
                "waiting": len(self._waiters),
                "created": self._created,
                "evicted": self._evicted,
                "health_check_failures": self._health_failures,
            }

    def __repr__(self) -> str:
        kw = self._connect_kwargs
        return (
            f"<ConnectionPool {kw.get('user')}@{kw.get('host')}:{kw.get('port')}/{kw.get('database')}"
            f" size={self._size} max_size={self._max_size}{' closed' if self._closed else ''}>"
        )

    # -- acquire / release -----------------------------------------------------------

    def acquire(self, timeout: float | None = None) -> object:
        """Check out a healthy connection, opening one if below ``max_size``.

        Blocks (FIFO) while the pool is exhausted and raises :class:`PoolTimeoutError`
        after ``timeout`` seconds (default: the pool's ``acquire_timeout``).
        """
        timeout = self._acquire_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            slot, may_create, waiter = None, False, None
            with self._lock:
                if self._closed:
                    raise PoolClosedError("connection pool is closed")
                if self._idle:
                    slot = self._idle.pop()
                elif self._size < self._max_size:
                    self._size += 1
                    may_create = True
                else:
                    waiter = _Waiter()
                    self._waiters.append(waiter)
            if waiter is not None:
                slot, may_create = self._wait(waiter, deadline)
            if may_create:
                slot = self._open_reserved_slot()
                return self._check_out(slot)
            if self._usable(slot):
                return self._check_out(slot)
            self._discard(slot)

    def release(self, conn, *, broken: bool = False) -> None:
        """Return a connection; ``broken=True`` (or a closed one) is evicted instead.

        An open transaction is rolled back first (outside the pool lock); if that fails
        the connection is evicted and a warning logged.
        """
        with self._lock:
            slot = self._in_use.pop(id(conn), None)
        if slot is None:
            raise InterfaceError("connection does not belong to this pool or was already released")
        if broken or conn.closed or self._closed:
            self._discard(slot)
            return
        if conn.in_transaction:
            try:
                conn.rollback()
            except Error as exc:
                logger.warning("rollback on release failed, evicting connection: %s", exc)
                self._discard(slot)
                return
        slot.idle_since = time.monotonic()
        with self._lock:
            if not self._closed:
                if self._waiters:
                    waiter = self._waiters.popleft()
                    waiter.slot = slot
                    waiter.event.set()
                else:
                    self._idle.append(slot)
                return
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
            self._closed = True
            idle, self._idle = self._idle, []
            waiters, self._waiters = list(self._waiters), deque()
        for waiter in waiters:
            waiter.event.set()
        for slot in idle:
            self._discard(slot)

    def __enter__(self) -> ConnectionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------

    def _wait(self, waiter: _Waiter, deadline: float):
        """Block until a release hands over a slot or capacity; PoolTimeoutError otherwise."""
        waiter.event.wait(max(0.0, deadline - time.monotonic()))
        with self._lock:
            if waiter.slot is None and not waiter.may_create:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass
                if self._closed:
                    raise PoolClosedError("connection pool is closed")
                raise PoolTimeoutError(
                    f"no connection available within the acquire timeout (max_size={self._max_size} in use)"
                )
        return waiter.slot, waiter.may_create

    def _open_slot(self) -> _Slot:
        slot = _Slot(self._connect(**self._connect_kwargs))
        with self._lock:
            self._created += 1
        return slot

    def _open_reserved_slot(self) -> _Slot:
        """Connect for a size reservation already taken; give the reservation back on failure."""
        try:
            return self._open_slot()
        except BaseException:
            self._free_capacity()
            raise

    def _check_out(self, slot: _Slot):
        with self._lock:
            if self._closed:
                closed = True
            else:
                closed = False
                self._in_use[id(slot.conn)] = slot
        if closed:
            self._discard(slot)
            raise PoolClosedError("connection pool is closed")
        return slot.conn

    def _usable(self, slot: _Slot) -> bool:
        """Cheapest sufficient proof that an idle connection still works."""
        now = time.monotonic()
        conn = slot.conn
        if slot.expired(now, self._max_lifetime, self._max_idle):
            return False
        if conn.closed or not _socket_quiet(conn):
            self._count_health_failure()
            return False
        if now - conn.last_roundtrip <= self._check_interval:
            return True
        try:
            conn.ping()
            return True
        except Error:
            self._count_health_failure()
            return False

    def _count_health_failure(self) -> None:
        with self._lock:
            self._health_failures += 1

    def _discard(self, slot: _Slot) -> None:
        """Close a connection and free its place (waking one waiter to open a new one)."""
        try:
            slot.conn.close()
        except Exception as exc:  # closing a broken connection must not fail the caller
            logger.debug("error closing evicted connection: %s", exc)
        with self._lock:
            self._evicted += 1
        self._free_capacity()

    def _free_capacity(self) -> None:
        with self._lock:
            if self._waiters and not self._closed:
                waiter = self._waiters.popleft()
                waiter.may_create = True
                waiter.event.set()
            else:
                self._size -= 1


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


def create_pool(
    host: str,
    port: int = 9088,
    *,
    min_size: int = 1,
    max_size: int = 10,
    acquire_timeout: float = 30.0,
    check_interval: float = DEFAULT_CHECK_INTERVAL,
    max_lifetime: float | None = None,
    max_idle: float | None = None,
    **connect_kwargs,
) -> ConnectionPool:
    """Create a :class:`ConnectionPool`; ``connect_kwargs`` are those of :func:`informix_db.connect`."""
    return ConnectionPool(
        {"host": host, "port": port, **connect_kwargs},
        min_size=min_size,
        max_size=max_size,
        acquire_timeout=acquire_timeout,
        check_interval=check_interval,
        max_lifetime=max_lifetime,
        max_idle=max_idle,
    )
