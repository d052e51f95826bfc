"""Opening the connection's socket: TCP, optional TLS, and failures as OperationalError.

Informix serves TLS on a dedicated listener (no STARTTLS): the handshake starts right
after the TCP connect and the SQLI stream inside is unchanged. The context building here
is shared with any future asyncio transport.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time

from ..exceptions import OperationalError, ProgrammingError

#: Seconds that the TCP connect, the TLS handshake and the login together may take when
#: ``connect_timeout`` is None, so that a silent peer (a plaintext client on a TLS port, a
#: TLS client on a plaintext port that never answers) fails instead of hanging.
DEFAULT_CONNECT_TIMEOUT = 30.0

_log = logging.getLogger("informix_db")
_unverified_warning_lock = threading.Lock()
_unverified_warning_given = False


def build_tls_context(tls: bool | ssl.SSLContext, verify: bool = True) -> ssl.SSLContext | None:
    """The SSLContext for a ``tls`` argument, or None for a plaintext connection.

    ``True`` verifies the certificate chain against the system trust store and the host
    name, with TLS 1.2 at least; ``verify=False`` turns both checks off (and warns once
    per process). A caller's SSLContext is used as given.
    """
    if isinstance(tls, ssl.SSLContext):
        if not verify:
            raise ProgrammingError(
                "tls_verify=False applies to tls=True; configure verification on your SSLContext")
        return tls
    if tls is True:
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if not verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            _warn_unverified()
        return context
    if tls is False or tls is None:
        return None
    raise ProgrammingError(f"tls must be True, False or an ssl.SSLContext, not {type(tls).__name__}")


def _warn_unverified() -> None:
    global _unverified_warning_given
    with _unverified_warning_lock:
        if _unverified_warning_given:
            return
        _unverified_warning_given = True
    _log.warning("TLS certificate verification is disabled (tls_verify=False): "
                 "the connection is encrypted but the server is not authenticated")


class DeadlineSocket:
    """A connecting socket whose every send and receive may take only what is left of one
    deadline, so that a server dripping its login reply cannot stretch ``connect_timeout``
    (a plain socket timeout bounds each read, not their sum)."""

    __slots__ = ("sock", "timeout", "_deadline")

    def __init__(self, sock: socket.socket, timeout: float, deadline: float):
        self.sock, self.timeout, self._deadline = sock, timeout, deadline

    def _bound(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"connect_timeout of {self.timeout:g} s elapsed")
        self.sock.settimeout(left)

    def recv_into(self, buffer) -> int:
        self._bound()
        return self.sock.recv_into(buffer)

    def sendall(self, data) -> None:
        self._bound()
        self.sock.sendall(data)

    def close(self) -> None:
        self.sock.close()


def open_connection(host: str, port: int, *, connect_timeout: float | None = None,
                    keepalive: bool = False, tls: bool | ssl.SSLContext = False,
                    tls_server_hostname: str | None = None,
                    tls_verify: bool = True) -> DeadlineSocket:
    """A connected socket (an SSLSocket after a completed handshake when ``tls`` is set),
    wrapped so that the login that follows shares the connect timeout's one deadline; the
    caller unwraps it (``.sock``) and sets its read timeout once logged in.
    """
    context = build_tls_context(tls, tls_verify)
    timeout = DEFAULT_CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
    deadline = time.monotonic() + timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError:
        raise OperationalError(f"timed out connecting to {host}:{port} after {timeout:g} s") from None
    except OSError as exc:
        raise OperationalError(f"cannot connect to {host}:{port}: {exc}") from None
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if keepalive:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        if context is not None:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            sock = context.wrap_socket(sock, server_hostname=tls_server_hostname or host)
    except BaseException as exc:
        sock.close()
        if isinstance(exc, OSError):
            raise OperationalError(
                f"TLS handshake with {host}:{port} failed: {describe_tls_error(exc, timeout)}") from None
        raise
    return DeadlineSocket(sock, timeout, deadline)


def describe_tls_error(exc: OSError, timeout: float) -> str:
    """The reason for a failed handshake in words, e.g. 'certificate verify failed: ...'."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"certificate verify failed: {exc.verify_message}"
    if isinstance(exc, socket.timeout):
        return f"no answer within {timeout:g} s (is this a TLS port?)"
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError, ConnectionResetError, BrokenPipeError)):
        return "the server closed the connection during the handshake (is this a TLS port?)"
    return str(exc)
