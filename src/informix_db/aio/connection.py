"""Native asyncio connection: the same sans-IO protocol core, driven by an event loop.

Bytes arrive through an ``asyncio.BufferedProtocol`` straight into the session's
``ReadBuffer`` (``get_buffer``/``buffer_updated``), so the async path decodes rows with
the same compiled code and no extra copy. No threads are involved.
"""

from __future__ import annotations

import asyncio
import socket
import time

from ..dbapi.connection import BaseConnection
from ..dbapi.options import ConnectOptions, connect_signature
from ..dbapi.transport import DEFAULT_CONNECT_TIMEOUT, build_tls_context
from ..exceptions import Error, OperationalError, ProgrammingError
from ..protocol.core import NEED_DATA
from .cursor import AsyncCursor, AsyncScrollCursor


class _SQLIProtocol(asyncio.BufferedProtocol):
    """Feeds received bytes into the session's ReadBuffer and wakes the waiting operation."""

    def __init__(self, rbuf) -> None:
        self.rbuf = rbuf
        self.transport: asyncio.Transport | None = None
        self.lost: BaseException | None = None
        self.received = 0  # counts buffer_updated calls, so a waiter never misses bytes
        self._waiter: asyncio.Future | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def get_buffer(self, sizehint: int):
        return self.rbuf.get_buffer(sizehint)

    def buffer_updated(self, nbytes: int) -> None:
        self.rbuf.buffer_updated(nbytes)
        self.received += 1
        self._wake()

    def eof_received(self):
        self.lost = OperationalError("the server closed the connection")
        self._wake()
        return False

    def connection_lost(self, exc) -> None:
        if self.lost is None:
            self.lost = OperationalError(f"connection to the server failed: {exc}" if exc
                                         else "the server closed the connection")
        self._wake()

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def data_arrived(self, seen: int) -> None:
        """Return once bytes arrived after the parser saw ``received == seen``.

        The count is taken when the parser asks for data; bytes that land before this
        coroutine starts running (it may start an iteration later) still count.
        """
        if self.received != seen:
            return
        if self.lost is not None:
            raise self.lost
        self._waiter = asyncio.get_running_loop().create_future()
        await self._waiter
        if self.lost is not None and not self.rbuf.available():
            raise self.lost


class AsyncConnection(BaseConnection):
    """One SQLI session on an event loop. Operations on it are serialised by a lock."""

    @classmethod
    async def connect(cls, host: str, port: int = 9088, **options) -> AsyncConnection:
        """Open the transport (TLS when asked), log in and open ``database``; the options
        are those of :func:`informix_db.connect`."""
        opts = ConnectOptions.from_kwargs("connect", options)
        conn = cls(host, port, opts)
        conn._lock = asyncio.Lock()
        conn._protocol = None
        context = build_tls_context(opts.tls, opts.tls_verify)
        timeout = DEFAULT_CONNECT_TIMEOUT if opts.connect_timeout is None else opts.connect_timeout
        loop = asyncio.get_running_loop()
        try:
            _, conn._protocol = await asyncio.wait_for(loop.create_connection(
                lambda: _SQLIProtocol(conn._session.rbuf), host, port, ssl=context,
                server_hostname=(opts.tls_server_hostname or host) if context else None), timeout)
        except asyncio.TimeoutError:
            raise OperationalError(f"timed out connecting to {host}:{port} after {timeout:g} s") from None
        except OSError as exc:  # ssl.SSLError is an OSError
            raise OperationalError(f"cannot connect to {host}:{port}: {exc}") from None
        conn._closed = False
        if opts.keepalive:
            sock = conn._protocol.transport.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        try:
            await asyncio.wait_for(conn._run(conn._login_operation(), timeout=None), timeout)
        except asyncio.TimeoutError:
            conn._abort()
            raise OperationalError(f"timed out logging in to {host}:{port}") from None
        except BaseException:
            conn._abort()
            raise
        return conn

    # -- driving the protocol core ----------------------------------------------------

    async def _run(self, operation, timeout: float | bool | None = False):
        """Drive one core generator; cancellation or a network failure closes the connection."""
        self._check_open()
        timeout = self.read_timeout if timeout is False else timeout
        async with self._lock:
            protocol = self._protocol
            try:
                step = next(operation)
                while True:
                    if step is NEED_DATA:
                        if timeout is None:
                            await protocol.data_arrived(protocol.received)
                        else:
                            await asyncio.wait_for(protocol.data_arrived(protocol.received), timeout)
                    else:
                        protocol.transport.write(step)
                    step = next(operation)
            except StopIteration as done:
                self.last_roundtrip = time.monotonic()
                return done.value
            except asyncio.TimeoutError:
                self._abort()
                raise OperationalError("timed out waiting for the server; connection closed") from None
            except Error as exc:
                if self._must_abort(exc):
                    self._abort()
                raise
            except BaseException:
                self._abort()  # cancelled or interrupted mid-exchange: the stream position is unknown
                raise

    def _abort(self) -> None:
        self._closed = True
        if self._protocol is not None and self._protocol.transport is not None:
            self._protocol.transport.abort()

    # -- API --------------------------------------------------------------------------

    async def cursor(self, *, scrollable: bool = False, stream: bool = False) -> AsyncCursor:
        """A new cursor; ``scrollable`` and ``stream`` as for ``Connection.cursor``."""
        self._check_open()
        if scrollable and stream:
            raise ProgrammingError("a cursor is either scrollable or streaming, not both")
        return AsyncScrollCursor(self) if scrollable else AsyncCursor(self, stream=stream)

    async def commit(self) -> None:
        await self._run(self._check_open().commit())

    async def rollback(self) -> None:
        await self._run(self._check_open().rollback())

    async def ping(self) -> None:
        await self._run(self._check_open().ping())

    async def fast_path_call(self, signature: str, *params) -> list:
        """Call a server routine directly (see ``Connection.fast_path_call``)."""
        return await self._run(self._check_open().call_routine(signature, params))

    async def close(self) -> None:
        """SQ_EXIT and close; idempotent, never raises for the network."""
        if self._closed:
            return
        try:
            await self._run(self._session.exit(), timeout=min(self.read_timeout or 5.0, 5.0))
        except Exception:
            pass
        self._abort()

    async def server_version(self) -> str:
        """Release string from DBINFO('version','full'), queried once (``Connection.server_version``)."""
        if self._server_version is None:
            await self._run(self._server_version_operation())
        return self._server_version or self.server_version_internal

    @property
    def socket(self):
        """The transport's socket (for readiness checks; do not read or write it)."""
        return None if self.closed else self._protocol.transport.get_extra_info("socket")

    @property
    def closed(self) -> bool:
        return self._closed or (self._protocol is not None and self._protocol.lost is not None)

    @property
    def autocommit(self) -> bool:
        return self._session.autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        """Settable while no transaction is open; ``await set_autocommit(True)`` also
        commits an open one first (a property cannot await the COMMIT)."""
        session = self._check_open()
        if bool(value) != session.autocommit and session.in_transaction:
            raise ProgrammingError("a transaction is open: commit() or rollback() first, "
                                   "or use await set_autocommit()")
        session.autocommit = bool(value)

    async def set_autocommit(self, value: bool) -> None:
        """Turning autocommit on commits an open transaction first (as the blocking
        connection's ``autocommit`` setter does)."""
        session = self._check_open()
        if value and not session.autocommit and session.in_transaction:
            await self.commit()
        session.autocommit = bool(value)

    async def __aenter__(self) -> AsyncConnection:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()


AsyncConnection.connect.__func__.__signature__ = connect_signature("cls")
