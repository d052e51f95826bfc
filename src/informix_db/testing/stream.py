"""Buffered, blocking reader over a client socket (post-login SQLI has no length framing).

Every read names the exact byte count, so a message is parsed field by field as it
arrives; lengths taken from the wire are checked against sanity limits first, so that
garbage can never make the server wait for (or allocate) gigabytes.
"""

from __future__ import annotations

import select
import socket
import ssl
import struct

_I16 = struct.Struct("!h")
_U16 = struct.Struct("!H")
_I32 = struct.Struct("!i")

# Largest variable-length field accepted from a client (SQL text, blob chunk ...).
MAX_FIELD_BYTES = 64 * 1024 * 1024
# Largest request (messages up to SQ_EOT) a client may send: what one request may make the
# server hold in memory. Room for a pipelined executemany window of large BYTE/TEXT rows.
MAX_REQUEST_BYTES = 256 * 1024 * 1024
# The error a request beyond it gets before the connection closes (memory allocation failed).
E_REQUEST_TOO_LARGE = -208
# Bytes of pipelined requests taken from the socket ahead of their turn, at most.
MAX_LOOKAHEAD_BYTES = 4 * 1024 * 1024


class ConnectionClosed(Exception):
    """The client closed the connection (or it broke) before a message was complete."""


class MalformedRequest(Exception):
    """The request cannot be parsed; the stream position is lost, so the connection must end.

    ``sqlcode`` is the Informix error reported to the client before closing.
    """

    def __init__(self, message: str, sqlcode: int = -408):
        super().__init__(message)
        self.sqlcode = sqlcode


class _Incomplete(Exception):
    """A look-ahead parse needs bytes that have not arrived yet."""


class SocketReader:
    """Reads exact byte counts from a socket, buffering whatever extra has arrived."""

    def __init__(self, sock: socket.socket, chunk_size: int = 65536):
        self._sock = sock
        self._chunk_size = chunk_size
        self._buf = bytearray()
        self._pos = 0
        self._dropped = 0  # bytes consumed and dropped from _buf, for the request budget
        self._request_end = 1 << 62  # stream offset the current request may not pass
        self._looking_ahead = False
        # Look-ahead takes bytes from the socket only when a zero-timeout poll says they are
        # there (whatever timeout the socket has); a TLS socket's readable bytes may be part of
        # a record, so its look-ahead uses only the bytes already buffered.
        self._readiness = None
        if not isinstance(sock, ssl.SSLSocket):
            self._readiness = select.poll()
            self._readiness.register(sock, select.POLLIN)

    def start_request(self, max_bytes: int) -> None:
        """Begin a request that may take at most ``max_bytes`` of the stream."""
        self._request_end = self._dropped + self._pos + max_bytes

    def check_request_size(self, upcoming: int = 0) -> None:
        """MalformedRequest (-208) once the request, with ``upcoming`` more bytes, passes its budget."""
        if self._dropped + self._pos + upcoming > self._request_end:
            raise MalformedRequest("request larger than the server accepts", E_REQUEST_TOO_LARGE)

    def send(self, data: bytes) -> None:
        """Write to the client: part of a response that waits for the client's answer (SQ_FILE)."""
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise ConnectionClosed(str(exc)) from exc

    def buffered(self) -> int:
        """Bytes received but not consumed yet (pipelined requests wait here)."""
        return len(self._buf) - self._pos

    def read_ready(self, parse, accept=None):
        """``parse(self)`` if the bytes it needs have already arrived and ``accept`` takes its
        result, else None (nothing consumed).

        Pipelined requests are gathered this way without ever waiting for the client; a parse
        that fails is left for the blocking read to repeat and report.
        """
        start = self._pos
        self._looking_ahead = True
        try:
            result = parse(self)
        except (_Incomplete, MalformedRequest, ConnectionClosed):
            result = None
        finally:
            self._looking_ahead = False
        if result is None or (accept is not None and not accept(result)):
            self._pos = start
            return None
        return result

    def scan_ready(self, scan):
        """``scan(buffer, start) -> (result, end, cut)`` over the bytes received so far (taking
        what the socket holds now, without waiting); consumes the buffer up to ``end``. Returns
        (result, cut): ``cut`` says the bytes end inside a request (``wait_for_more`` is safe)."""
        if self._pos:
            del self._buf[: self._pos]
            self._dropped += self._pos
            self._pos = 0
        while len(self._buf) < MAX_LOOKAHEAD_BYTES and self._socket_ready():
            try:
                chunk = self._sock.recv(self._chunk_size)
            except OSError:
                break
            if not chunk:
                break  # the blocking read reports the closed connection
            self._buf += chunk
        result, self._pos, cut = scan(self._buf, self._pos)
        return result, cut

    def wait_for_more(self) -> None:
        """Block until more bytes arrive (only where a request has begun: its client is sending)."""
        self._fill(self.buffered() + 1)

    def _socket_ready(self) -> bool:
        """Whether the socket has bytes (or its end) to read now."""
        return self._readiness is not None and bool(self._readiness.poll(0))

    def _fill(self, n: int) -> None:
        if self._looking_ahead:
            self._fill_ready(n)
            return
        while len(self._buf) - self._pos < n:
            if self._pos:
                del self._buf[: self._pos]
                self._dropped += self._pos
                self._pos = 0
            try:
                chunk = self._sock.recv(self._chunk_size)
            except OSError as exc:  # includes the login-phase timeout
                raise ConnectionClosed(str(exc)) from exc
            if not chunk:
                raise ConnectionClosed("client closed the connection")
            self._buf += chunk

    def _fill_ready(self, n: int) -> None:
        """Top the buffer up with what the socket holds now, without blocking or compacting."""
        while len(self._buf) - self._pos < n:
            if not self._socket_ready():
                raise _Incomplete
            try:
                chunk = self._sock.recv(self._chunk_size)
            except OSError as exc:
                raise ConnectionClosed(str(exc)) from exc
            if not chunk:
                raise _Incomplete  # the blocking read reports the closed connection
            self._buf += chunk

    def peek(self, n: int) -> bytes:
        """The next ``n`` bytes without consuming them (blocks until they arrive)."""
        self._fill(n)
        return bytes(self._buf[self._pos : self._pos + n])

    def read_bytes(self, n: int) -> bytes:
        if n < 0 or n > MAX_FIELD_BYTES:
            raise MalformedRequest(f"field length {n} out of range")
        self.check_request_size(n)
        self._fill(n)
        data = bytes(self._buf[self._pos : self._pos + n])
        self._pos += n
        return data

    def read_i16(self) -> int:
        self._fill(2)
        (value,) = _I16.unpack_from(self._buf, self._pos)
        self._pos += 2
        return value

    def read_u16(self) -> int:
        self._fill(2)
        (value,) = _U16.unpack_from(self._buf, self._pos)
        self._pos += 2
        return value

    def read_i32(self) -> int:
        self._fill(4)
        (value,) = _I32.unpack_from(self._buf, self._pos)
        self._pos += 4
        return value

    def read_padded(self, n: int) -> bytes:
        """``n`` bytes followed by the even-alignment pad byte when ``n`` is odd."""
        data = self.read_bytes(n)
        if n & 1:
            self.read_bytes(1)
        return data

    def read_cstr16(self) -> bytes:
        """``i16`` length, bytes, pad."""
        return self.read_padded(self._checked_length(self.read_i16()))

    def read_cstr32(self) -> bytes:
        """``i32`` length, bytes, pad."""
        return self.read_padded(self._checked_length(self.read_i32()))

    @staticmethod
    def _checked_length(n: int) -> int:
        if n < 0 or n > MAX_FIELD_BYTES:
            raise MalformedRequest(f"length {n} out of range")
        return n
