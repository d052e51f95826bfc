"""PEP 249 Connection: owns the socket and drives the sans-IO protocol core synchronously."""

from __future__ import annotations

import socket
import threading
import time

from ..exceptions import Error, InterfaceError, OperationalError, ProgrammingError, ProtocolError
from ..protocol.core import DEFAULT_FETCH_SIZE, NEED_DATA, Session
from ..protocol.login import DEFAULT_ENV, build_login_pdu, encoding_for_locale
from ..capabilities import ServerCapabilities
from .cursor import Cursor, ScrollCursor
from .transport import open_connection


class BaseConnection:
    """What a connection is apart from I/O, shared by the blocking and asyncio connections."""

    def __init__(self, host: str, port: int, *, user: str, password: str | None,
                 database: str | None, server: str, read_timeout: float | None, autocommit: bool,
                 client_locale: str, env: dict[str, str] | None, row_factory,
                 fetch_buffer_size: int) -> None:
        if not isinstance(fetch_buffer_size, int) or not 512 <= fetch_buffer_size <= 0x7FFFFFFF:
            raise ProgrammingError("fetch_buffer_size must be an int between 512 and 2**31-1")
        self.host, self.port, self.user, self.database = host, port, user, database
        self.server = server
        self.row_factory = row_factory
        self.fetch_buffer_size = fetch_buffer_size
        self.read_timeout = read_timeout
        self._closed = True
        self.last_roundtrip = 0.0  # time.monotonic() when the last exchange completed
        self._capabilities: ServerCapabilities | None = None
        self._session = Session(encoding=encoding_for_locale(client_locale),
                                autocommit=bool(autocommit), fetch_size=fetch_buffer_size)
        login_env = {**DEFAULT_ENV, "CLIENT_LOCALE": client_locale, **(env or {})}
        self._login_pdu = build_login_pdu(user, password, server, login_env)

    def _login_operation(self):
        """The login operation; the PDU (which holds the password) is dropped once used."""
        pdu, self._login_pdu = self._login_pdu, b""
        database = self.database.encode(self._session.encoding) if self.database is not None else None
        return self._session.login(pdu, database)

    def _check_open(self) -> Session:
        if self._closed:
            raise InterfaceError("connection is closed")
        return self._session

    def _must_abort(self, exc: Error) -> bool:
        """Whether a failed operation left the stream unusable (then the connection closes)."""
        return self._session.desynchronized or isinstance(exc, ProtocolError) or (
            isinstance(exc, OperationalError) and exc.sqlcode is None)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def in_transaction(self) -> bool:
        """True while a server transaction is open (BEGIN sent, no COMMIT/ROLLBACK yet)."""
        return self._session.in_transaction

    @property
    def encoding(self) -> str:
        return self._session.encoding

    @property
    def server_info(self):
        return self._session.server_info

    @property
    def server_version_internal(self) -> str:
        """The protocol version text from the login response (e.g. 9.56 for 12.10)."""
        return self._session.server_info.version

    @property
    def server_capabilities(self) -> ServerCapabilities:
        """The feature bits the server granted in SQ_PROTOCOLS, with the login's capability words."""
        if self._capabilities is None:
            info = self._session.server_info
            cap_1, cap_2, cap_3 = info.capabilities
            self._capabilities = ServerCapabilities.from_wire(
                self._session.server_protocols, cap_1=cap_1, cap_2=cap_2, cap_3=cap_3,
                server_version=info.version, serial_number=info.serial, applid_name=info.app_id)
        return self._capabilities

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        where = f"{self.host}:{self.port}" + (f"/{self.database}" if self.database else "")
        return f"<informix_db.{type(self).__name__} {self.user}@{where} {state}>"


class Connection(BaseConnection):
    """One SQLI session over a blocking socket. Operations are serialised by a lock, so
    threads sharing it take turns (PEP 249 threadsafety 1 does not require sharing)."""

    def __init__(self, host: str, port: int = 9088, *, user: str, password: str | None,
                 database: str | None = None, server: str = "informix",
                 connect_timeout: float | None = None, read_timeout: float | None = None,
                 keepalive: bool = False, autocommit: bool = False,
                 client_locale: str = "en_US.8859-1", env: dict[str, str] | None = None,
                 row_factory=None, tls=False, tls_server_hostname: str | None = None,
                 tls_verify: bool = True, fetch_buffer_size: int = DEFAULT_FETCH_SIZE) -> None:
        super().__init__(host, port, user=user, password=password, database=database, server=server,
                         read_timeout=read_timeout, autocommit=autocommit,
                         client_locale=client_locale, env=env, row_factory=row_factory,
                         fetch_buffer_size=fetch_buffer_size)
        self._lock = threading.RLock()
        self._server_version: str | None = None
        self._sock = open_connection(host, port, connect_timeout=connect_timeout, keepalive=keepalive,
                                     tls=tls, tls_server_hostname=tls_server_hostname,
                                     tls_verify=tls_verify)
        self._closed = False
        try:
            self._run(self._login_operation())
        except BaseException:
            self._abort()
            raise
        self._sock.settimeout(read_timeout)

    # -- driving the protocol core ----------------------------------------------------

    def _run(self, operation):
        """Drive one core generator over the socket; network failures close the connection.

        Serialised by the connection's lock, so threads sharing a connection (beyond
        threadsafety 1) take turns instead of interleaving requests on the stream.
        """
        with self._lock:
            return self._drive(operation)

    def _drive(self, operation):
        self._check_open()
        sock = self._sock
        session = self._session
        rbuf = session.rbuf
        low_water = 1
        try:
            step = next(operation)
            while True:
                if step is NEED_DATA:
                    if session.receive_at_least != low_water:  # wake once for many small replies
                        low_water = _receive_low_water(sock, session.receive_at_least)
                    received = sock.recv_into(rbuf.get_buffer())
                    if not received:
                        raise OperationalError("the server closed the connection")
                    rbuf.buffer_updated(received)
                else:
                    sock.sendall(step)
                step = next(operation)
        except StopIteration as done:
            self.last_roundtrip = time.monotonic()
            return done.value
        except socket.timeout:
            self._abort()
            raise OperationalError("timed out waiting for the server; connection closed") from None
        except OSError as exc:
            self._abort()
            raise OperationalError(f"connection to the server failed: {exc}") from None
        except Error as exc:
            if self._must_abort(exc):
                self._abort()
            raise
        except BaseException:
            self._abort()  # interrupted mid-exchange: the stream position is unknown
            raise
        finally:
            if low_water != 1 and not self._closed:
                _receive_low_water(sock, 1)

    def _abort(self) -> None:
        self._closed = True
        try:
            self._sock.close()
        except OSError:
            pass

    # -- PEP 249 ----------------------------------------------------------------------

    def cursor(self, *, scrollable: bool = False, stream: bool = False) -> Cursor:
        """A new cursor.

        ``scrollable=True`` runs queries on a server-side scroll cursor. ``stream=True``
        reads forward only and releases rows once handed out, so a result of any size
        is read in bounded memory (ETL); the default keeps them, so any cursor can scroll.
        """
        self._check_open()
        if scrollable and stream:
            raise ProgrammingError("a cursor is either scrollable or streaming, not both")
        return ScrollCursor(self) if scrollable else Cursor(self, stream=stream)

    def fast_path_call(self, signature: str, *params) -> list:
        """Call a server routine directly (GETROUTINE/EXFPROUTINE), e.g.
        ``conn.fast_path_call("function informix.ifx_lo_close(integer)", fd)``; returns the
        list of its results. The routine handle is cached per signature for the connection."""
        session = self._check_open()
        return self._run(session.call_routine(signature, params))

    def commit(self) -> None:
        """Commit the open transaction; nothing is sent when none is open."""
        self._run(self._check_open().commit())

    def rollback(self) -> None:
        """Roll back the open transaction; nothing is sent when none is open."""
        self._run(self._check_open().rollback())

    def ping(self) -> None:
        """One minimal round trip; raises OperationalError (and closes) if the session is gone."""
        self._run(self._check_open().ping())

    @property
    def socket(self):
        """The underlying socket (for readiness checks; do not read or write it)."""
        return None if self._closed else self._sock

    def close(self) -> None:
        """Say goodbye (SQ_EXIT) and close the socket; idempotent, never raises for the network."""
        if self._closed:
            return
        try:
            self._sock.settimeout(min(self.read_timeout or 5.0, 5.0))
            self._run(self._session.exit())
        except Exception:
            pass
        self._abort()

    @property
    def autocommit(self) -> bool:
        return self._session.autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        """Turning autocommit on commits an open transaction first (as JDBC does)."""
        session = self._check_open()
        if value and not session.autocommit and session.in_transaction:
            self.commit()
        session.autocommit = bool(value)

    @property
    def server_version(self) -> str:
        """Release string from DBINFO('version','full'), queried once; login version as fallback."""
        if self._server_version is None:
            self._server_version = ""
            try:
                with self.cursor() as cur:
                    cur.execute("SELECT FIRST 1 DBINFO('version','full') FROM systables")
                    row = cur.fetchone()
                if row and row[0]:
                    self._server_version = str(row[0]).strip()
            except Exception:
                if self._closed:
                    raise
        return self._server_version or self.server_version_internal

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _receive_low_water(sock, nbytes: int) -> int:
    """SO_RCVLOWAT: the socket reports readable once ``nbytes`` are queued (the core only
    asks for bytes certain to come). Where unsupported, every arrival wakes the reader."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVLOWAT, nbytes)
    except (OSError, AttributeError):
        return nbytes
    return nbytes
