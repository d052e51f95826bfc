"""The embedded SQLI server: TCP listeners (plain, optionally TLS) with one thread per client connection."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
from collections.abc import Callable

from informix_db.protocol import constants as c

from . import login, replies
from .requests import read_request
from .session import Session
from .stream import MAX_REQUEST_BYTES, ConnectionClosed, MalformedRequest, SocketReader

_log = logging.getLogger(__name__)

# A client must finish the TLS handshake and deliver its whole login PDU within this many
# seconds (the default of ``EmbeddedServer(login_timeout=...)``).
LOGIN_TIMEOUT = 10.0

# Connections beyond this many at once are refused at login with -25571, as Informix refuses
# sessions beyond LIMITNUMSESSIONS.
MAX_CONNECTIONS = 256
E_SESSION_LIMIT = -25571
# Connections being refused at once; beyond them a connection is closed as soon as accepted.
MAX_REFUSING = 64

# Pipelined BIND+EXECUTE requests of one INSERT already received run as one engine batch of at most this many.
MAX_BATCH_REQUESTS = 4096

# The first byte of a TLS record carrying a handshake message (a ClientHello).
_TLS_HANDSHAKE_RECORD = 0x16


class _Client:
    """One accepted connection: its socket (an SSLSocket once TLS is up) and its thread."""

    __slots__ = ("sock", "thread", "_lock")

    def __init__(self, sock: socket.socket, lock: threading.Lock):
        self.sock = sock
        self.thread: threading.Thread | None = None
        self._lock = lock

    def cut_off(self) -> None:
        """Shut the TCP connection down, waking its thread wherever it blocks.

        The TCP-level shutdown leaves a TLS connection's SSL object, which the connection's
        own thread may be using, alone.
        """
        with self._lock:
            try:
                socket.socket.shutdown(self.sock, socket.SHUT_RDWR)
            except OSError:
                pass


class EmbeddedServer:
    """An in-process Informix stand-in that speaks SQLI on a TCP port.

    ``port=0`` binds a free port (read it back from ``.port``). Databases live in
    memory unless ``data_dir`` is given. ``users`` maps user names to passwords.

    With ``tls_port`` (0 for a free one, read back from ``.tls_port``), ``tls_cert`` and
    ``tls_key`` (PEM files) a TLS listener serves the same engine beside the plain one, as
    Informix serves TLS on a dedicated port. ``max_connections`` bounds concurrent clients
    (those beyond get -25571 at login), ``login_timeout`` how long a client may take to log
    in, ``idle_timeout`` (default: none) how long a logged-in client may stay silent before
    its connection is closed, and ``max_request_bytes`` the size of one request, so that
    stuck or greedy clients cannot exhaust the server. ``demo=True`` creates the ``stores``
    demo database (``informix_db.testing.demo``) on start unless it exists.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        data_dir: str | None = None,
        users: dict[str, str] | None = None,
        server_name: str = c.DEFAULT_SERVER,
        *,
        tls_port: int | None = None,
        tls_cert: str | None = None,
        tls_key: str | None = None,
        max_connections: int = MAX_CONNECTIONS,
        login_timeout: float | None = None,
        idle_timeout: float | None = None,
        max_request_bytes: int = MAX_REQUEST_BYTES,
        demo: bool = False,
    ):
        if tls_port is not None and not tls_cert:
            raise ValueError("a TLS listener needs tls_cert (and tls_key unless the cert file holds it)")
        if max_connections < 1:
            raise ValueError("max_connections must be at least 1")
        if idle_timeout is not None and idle_timeout <= 0:
            raise ValueError("idle_timeout must be positive (or None for no limit)")
        if max_request_bytes < 1024:
            raise ValueError("max_request_bytes must be at least 1024")
        self.host = host
        self.port = port
        self.tls_port = tls_port
        self._tls_context = None
        if tls_port is not None:
            self._tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls_context.minimum_version = ssl.TLSVersion.TLSv1_2
            self._tls_context.load_cert_chain(tls_cert, tls_key)
        self.max_connections = max_connections
        self._login_timeout = login_timeout
        self.idle_timeout = idle_timeout
        self.max_request_bytes = max_request_bytes
        self.demo = demo
        self.data_dir = data_dir
        self.users = dict(users) if users is not None else {c.DEFAULT_USER: c.DEFAULT_PASSWORD}
        self.server_name = server_name
        self.engine = None
        self._listeners: list[socket.socket] = []
        self._accept_threads: list[threading.Thread] = []
        self._clients: set[_Client] = set()
        self._refusing: set[_Client] = set()  # beyond max_connections, answered -25571 at login
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> EmbeddedServer:
        from .engine import Engine

        self.engine = Engine(data_dir=self.data_dir, users=self.users)
        self._stopped.clear()
        plain = socket.create_server((self.host, self.port), reuse_port=False, backlog=128)
        self._listeners = [plain]
        self.port = plain.getsockname()[1]
        if self._tls_context is not None:
            try:
                secure = socket.create_server((self.host, self.tls_port), reuse_port=False, backlog=128)
            except OSError:
                plain.close()
                self.engine.close()
                raise
            self._listeners.append(secure)
            self.tls_port = secure.getsockname()[1]
        for listener in self._listeners:
            uses_tls = listener is not plain
            thread = threading.Thread(target=self._accept_loop, args=(listener, uses_tls),
                                      name="ifx-accept-tls" if uses_tls else "ifx-accept", daemon=True)
            self._accept_threads.append(thread)
            thread.start()
        if self.demo:
            from . import demo

            try:
                demo.install(self.connect_kwargs())
            except BaseException:
                self.stop()
                raise
        return self

    def stop(self) -> None:
        """Close the listener and every client connection; idempotent, callable from a signal handler."""
        if self._stopped.is_set() or not self._listeners:
            self._stopped.set()
            return
        self._stopped.set()
        for listener in self._listeners:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            except OSError:
                pass
            listener.close()
        with self._lock:
            clients = list(self._clients | self._refusing)
        for client in clients:
            client.cut_off()
        for client in clients:
            if client.thread is not threading.current_thread():
                client.thread.join(timeout=5)
        for thread in self._accept_threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5)
        if self.engine is not None:
            self.engine.close()

    def serve_forever(self, on_ready: Callable[[], None] | None = None) -> None:
        """Start, call ``on_ready()``, and block until ``stop()`` (e.g. from a signal handler) or Ctrl-C."""
        self.start()
        if on_ready is not None:
            on_ready()
        try:
            while not self._stopped.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def connect_kwargs(self, tls: bool | ssl.SSLContext = False) -> dict:
        """Keyword arguments for ``informix_db.connect`` (and the peer's) to reach this server.

        With ``tls`` (True or a client SSLContext) they point at the TLS listener.
        """
        kwargs = {
            "host": self.host,
            "port": self.port,
            "user": c.DEFAULT_USER,
            "password": self.users.get(c.DEFAULT_USER, c.DEFAULT_PASSWORD),
            "server": self.server_name,
        }
        if tls is not False:
            if self.tls_port is None:
                raise ValueError("this server has no TLS listener")
            kwargs.update(port=self.tls_port, tls=tls)
        return kwargs

    @property
    def login_timeout(self) -> float:
        return LOGIN_TIMEOUT if self._login_timeout is None else self._login_timeout

    @property
    def connection_count(self) -> int:
        with self._lock:
            return len(self._clients)

    # -- connections ------------------------------------------------------------------

    def _accept_loop(self, listener: socket.socket, uses_tls: bool) -> None:
        while not self._stopped.is_set():
            try:
                sock, peer = listener.accept()
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client = _Client(sock, self._lock)
            with self._lock:
                if self._stopped.is_set():
                    sock.close()
                    return
                over_limit = len(self._clients) >= self.max_connections
                dropped = over_limit and len(self._refusing) >= MAX_REFUSING
                if not dropped:
                    (self._refusing if over_limit else self._clients).add(client)
                    client.thread = threading.Thread(target=self._serve_connection,
                                                     args=(client, uses_tls, over_limit),
                                                     name="ifx-conn", daemon=True)
                    client.thread.start()  # under the lock: stop() only ever joins started threads
            if over_limit:
                _log.warning("embedded server: refusing %s:%s, %d connections already open",
                             peer[0], peer[1], self.max_connections)
            if dropped:
                sock.close()

    def _serve_connection(self, client: _Client, uses_tls: bool, over_limit: bool) -> None:
        # One deadline for the whole login, however slowly the client trickles its bytes.
        login_deadline = threading.Timer(self.login_timeout, client.cut_off)
        login_deadline.daemon = True
        login_deadline.start()
        session = None
        try:
            if uses_tls and not self._start_tls(client):
                return
            reader = SocketReader(client.sock)
            session = self._login(client.sock, reader, over_limit)
            login_deadline.cancel()
            if session is not None:
                client.sock.settimeout(self.idle_timeout)  # a silent client's recv ends with OSError
                self._request_loop(client.sock, reader, session)
        except (ConnectionClosed, OSError):
            pass
        except Exception:
            _log.exception("embedded server: connection handler failed")
        finally:
            login_deadline.cancel()
            if session is not None:
                try:
                    session.close()
                except Exception:
                    _log.exception("embedded server: closing a session failed")
            with self._lock:
                self._clients.discard(client)
                self._refusing.discard(client)
            client.sock.close()

    def _start_tls(self, client: _Client) -> bool:
        """The server side of the handshake, run in the connection's thread; False if it failed.

        A first byte that cannot start a TLS handshake record (a plaintext client sending
        its login PDU) closes the connection at once, so that client fails instead of waiting.
        """
        first = client.sock.recv(1, socket.MSG_PEEK)
        if not first or first[0] != _TLS_HANDSHAKE_RECORD:
            return False
        with self._lock:  # wrap_socket detaches the plain socket: cut_off must see the new one
            client.sock = self._tls_context.wrap_socket(client.sock, server_side=True,
                                                        do_handshake_on_connect=False)
        try:
            client.sock.do_handshake()
        except ssl.SSLError as exc:
            _log.info("embedded server: TLS handshake failed: %s", exc)
            return False
        return True

    def _login(self, sock: socket.socket, reader: SocketReader, over_limit: bool) -> Session | None:
        """Read and answer the login PDU; the accepted connection's session, or None if rejected."""
        try:
            length = reader.read_bytes(2)
            login.check_length(length)
            header = length + reader.read_bytes(c.SL_HEADER_SIZE - 2)
            total = login.check_header(header)
            request = login.parse_login(header + reader.read_bytes(total - c.SL_HEADER_SIZE))
        except login.LoginError:
            return None
        code = E_SESSION_LIMIT if over_limit else self._check_credentials(request)
        session = None
        if code == 0:
            engine_session = self.engine.session()
            try:
                session = Session(engine_session, request.encoding, request.database,
                                  request.env.get("DB_LOCALE"))
                engine_session.dbdate = request.env.get("DBDATE")
                engine_session.delimident = request.env.get("DELIMIDENT", "n").lower() != "n"
            except Exception as exc:
                engine_session.close()
                code = getattr(exc, "sqlcode", -908)
        if code != 0:
            sock.sendall(login.reject(code))
            return None
        sock.sendall(login.accept(request.cap1))
        return session

    def _check_credentials(self, request: login.LoginRequest) -> int:
        if request.server_name != self.server_name:
            return -761
        return self.engine.check_login(request.user, request.password)

    def _request_loop(self, sock: socket.socket, reader: SocketReader, session: Session) -> None:
        while True:
            try:
                request = read_request(reader, self.max_request_bytes)
            except MalformedRequest as exc:
                # The stream position is lost: report it and end the connection.
                _log.info("embedded server: closing connection after malformed request: %s", exc)
                sock.sendall(replies.err(exc.sqlcode) + replies.EOT)
                return
            if session.batchable(request) and MAX_BATCH_REQUESTS > 1:
                batch = session.pipelined(request, reader, MAX_BATCH_REQUESTS)
                with session.engine.busy:  # other sessions' DIRTY READs wait for the engine session
                    reply = session.handle_batch(batch)
                sock.sendall(reply)
                continue
            if request.commands or not request.exit:
                with session.engine.busy:
                    reply = session.handle(request)
                sock.sendall(reply)
            if request.exit:
                sock.sendall(replies.EXIT)
                return
