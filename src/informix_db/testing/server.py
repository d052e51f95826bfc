"""The embedded SQLI server: a TCP listener with one thread per client connection."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

from informix_db.protocol import constants as c

from . import login, replies
from .requests import read_request
from .session import Session
from .stream import ConnectionClosed, MalformedRequest, SocketReader

_log = logging.getLogger(__name__)

# A client must deliver its whole login PDU within this many seconds.
LOGIN_TIMEOUT = 10.0


class EmbeddedServer:
    """An in-process Informix stand-in that speaks SQLI on a TCP port.

    ``port=0`` binds a free port (read it back from ``.port``). Databases live in
    memory unless ``data_dir`` is given. ``users`` maps user names to passwords.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        data_dir: str | None = None,
        users: dict[str, str] | None = None,
        server_name: str = c.DEFAULT_SERVER,
    ):
        self.host = host
        self.port = port
        self.data_dir = data_dir
        self.users = dict(users) if users is not None else {c.DEFAULT_USER: c.DEFAULT_PASSWORD}
        self.server_name = server_name
        self.engine = None
        self._listener: socket.socket | None = None
        self._accept_thread: threading.Thread | None = None
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> EmbeddedServer:
        from .engine import Engine

        self.engine = Engine(data_dir=self.data_dir, users=self.users)
        listener = socket.create_server((self.host, self.port), reuse_port=False, backlog=128)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._stopped.clear()
        self._accept_thread = threading.Thread(target=self._accept_loop, name="ifx-accept", daemon=True)
        self._accept_thread.start()
        return self

    def stop(self) -> None:
        """Close the listener and every client connection; idempotent, callable from a signal handler."""
        if self._stopped.is_set() or self._listener is None:
            self._stopped.set()
            return
        self._stopped.set()
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            connections = list(self._connections.items())
        for sock, _ in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for _, thread in connections:
            if thread is not threading.current_thread():
                thread.join(timeout=5)
        if self._accept_thread is not None and self._accept_thread is not threading.current_thread():
            self._accept_thread.join(timeout=5)
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

    def connect_kwargs(self) -> dict:
        """Keyword arguments for ``informix_db.connect`` (and the peer's) to reach this server."""
        return {
            "host": self.host,
            "port": self.port,
            "user": c.DEFAULT_USER,
            "password": self.users.get(c.DEFAULT_USER, c.DEFAULT_PASSWORD),
            "server": self.server_name,
        }

    @property
    def connection_count(self) -> int:
        with self._lock:
            return len(self._connections)

    # -- connections ------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            thread = threading.Thread(target=self._serve_connection, args=(sock,), name="ifx-conn", daemon=True)
            with self._lock:
                if self._stopped.is_set():
                    sock.close()
                    return
                self._connections[sock] = thread
            thread.start()

    def _serve_connection(self, sock: socket.socket) -> None:
        session = None
        try:
            reader = SocketReader(sock)
            session = self._login(sock, reader)
            if session is not None:
                self._request_loop(sock, reader, session)
        except (ConnectionClosed, OSError):
            pass
        except Exception:
            _log.exception("embedded server: connection handler failed")
        finally:
            if session is not None:
                try:
                    session.close()
                except Exception:
                    _log.exception("embedded server: closing a session failed")
            with self._lock:
                self._connections.pop(sock, None)
            sock.close()

    def _login(self, sock: socket.socket, reader: SocketReader) -> Session | None:
        """Read and answer the login PDU; the accepted connection's session, or None if rejected."""
        sock.settimeout(LOGIN_TIMEOUT)
        try:
            length = reader.read_bytes(2)
            login.check_length(length)
            header = length + reader.read_bytes(c.SL_HEADER_SIZE - 2)
            total = login.check_header(header)
            request = login.parse_login(header + reader.read_bytes(total - c.SL_HEADER_SIZE))
        except login.LoginError:
            return None
        code = self._check_credentials(request)
        session = None
        if code == 0:
            engine_session = self.engine.session()
            try:
                session = Session(engine_session, request.encoding, request.database)
            except Exception as exc:
                engine_session.close()
                code = getattr(exc, "sqlcode", -908)
        if code != 0:
            sock.sendall(login.reject(code))
            return None
        sock.sendall(login.accept(request.cap1))
        sock.settimeout(None)
        return session

    def _check_credentials(self, request: login.LoginRequest) -> int:
        if request.server_name != self.server_name:
            return -761
        return self.engine.check_login(request.user, request.password)

    def _request_loop(self, sock: socket.socket, reader: SocketReader, session: Session) -> None:
        while True:
            try:
                request = read_request(reader)
            except MalformedRequest as exc:
                # The stream position is lost: report it and end the connection.
                _log.info("embedded server: closing connection after malformed request: %s", exc)
                sock.sendall(replies.err(exc.sqlcode) + replies.EOT)
                return
            if request.commands or not request.exit:
                sock.sendall(session.handle(request))
            if request.exit:
                sock.sendall(replies.EXIT)
                return
