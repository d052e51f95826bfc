"""Login PDU builder and CONACC/CONREJ parser (PROTOCOL.md §2).

The login exchange is the only part of SQLI with length framing (the 6-byte SL header),
so it is built and parsed as whole byte strings here; the core only moves them.
"""

from __future__ import annotations

import os
import re
import socket
import struct
import threading
from dataclasses import dataclass

from ..exceptions import InterfaceError, OperationalError, ProtocolError
from . import constants as c
from .errors import server_error

DEFAULT_ENV: dict[str, str] = {
    "DBPATH": ".",
    "CLIENT_LOCALE": "en_US.8859-1",
    "CLNT_PAM_CAPABLE": "1",
    "DBDATE": "Y4MD-",
    "IFX_UPDDESC": "1",
    "NODEFDAC": "no",
}

_CODESET_ENCODINGS = {
    "8859-1": "iso-8859-1",
    "819": "iso-8859-1",
    "8859-15": "iso-8859-15",
    "923": "iso-8859-15",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "57372": "utf-8",
    "utf16": "utf-16-be",  # network byte order, no byte-order mark
    "ucs2": "utf-16-be",
}


def encoding_for_locale(client_locale: str) -> str:
    """Python codec for user data, from the codeset suffix of CLIENT_LOCALE (Latin-1 default)."""
    _, _, codeset = client_locale.partition(".")
    return _CODESET_ENCODINGS.get(codeset.lower(), "iso-8859-1")


#: Longest login-PDU string: its i16 length counts the trailing nul.
MAX_LOGIN_STRING_BYTES = 0x7FFF - 1


def _zstr(value: str | None) -> bytes:
    """Login-PDU string: i16 length including the nul, bytes, nul; None is just i16 0."""
    if value is None:
        return b"\x00\x00"
    data = value.encode("iso-8859-1", errors="replace") + b"\x00"
    return struct.pack("!h", len(data)) + data


def _credential(value: str | None, what: str, encoding: str) -> bytes:
    """A user name or password as a login-PDU string, encoded exactly in the client locale's
    codeset: a character it cannot hold is refused, never replaced (that would log in to
    another account). The messages never quote the value."""
    if value is None:
        return b"\x00\x00"
    try:
        data = value.encode(encoding)
    except UnicodeEncodeError as exc:
        raise InterfaceError(
            f"the {what} has a character at position {exc.start} that the client locale's codeset "
            f"({encoding}) cannot represent; connect with a client_locale that holds it "
            f"(e.g. client_locale='en_US.utf8')") from None
    if b"\x00" in data:
        raise InterfaceError(f"the {what} contains a NUL character, which the login cannot carry "
                             "(the server would read only what precedes it)")
    if len(data) > MAX_LOGIN_STRING_BYTES:
        raise InterfaceError(
            f"the {what} is too long: {len(data)} bytes, the login allows at most {MAX_LOGIN_STRING_BYTES}")
    return struct.pack("!h", len(data) + 1) + data + b"\x00"


def _fixed(value: str, width: int) -> bytes:
    return value.encode("ascii").ljust(width, b"\x00")


def build_login_pdu(
    user: str,
    password: str | None,
    server: str,
    env: dict[str, str],
    *,
    app_name: str | None = None,
) -> bytes:
    """The complete CONREQ PDU (SL header included) for a plaintext-password login.

    The database slot stays empty: the database is opened afterwards with SQ_DBOPEN.
    """
    pid = os.getpid()
    thread_id = threading.get_ident()
    if thread_id > 0x7FFFFFFF:
        thread_id = 0
    app_name = app_name or f"informix-fast@pid{pid}"
    body = bytearray()
    body += struct.pack("!hhi", c.SQ_ASSOC, c.SQ_ASCBINARY, 61) + _zstr("IEEEM")
    body += struct.pack("!h", c.SQ_ASCBPARMS) + _fixed("sqlexec", 12)
    body += _zstr("9.280") + _zstr("RDS#R000000") + _zstr("sqli")
    body += struct.pack("!iiih", c.CAP1_ENHANCED, 0, 0, 1)
    encoding = encoding_for_locale(env.get("CLIENT_LOCALE", ""))
    body += _credential(user, "user name", encoding)
    body += _credential(password if password else None, "password", encoding)
    body += _fixed("ol", 8) + struct.pack("!i", 61) + _fixed("tlitcp", 8) + struct.pack("!i", 1)
    body += struct.pack("!hhi", c.SQ_ASCINITREQ, c.ASF_XCONNECT, 3) + _zstr(server)
    body += b"\x00\x00" + b"\x00\x00" * 4
    body += struct.pack("!hh", c.SQ_ASCENV, len(env))
    for name, value in env.items():
        body += _zstr(name) + _zstr(value)
    body += struct.pack("!hiii", c.SQ_ASCPINFO, 0, pid, thread_id)
    body += _zstr(socket.gethostname()) + b"\x00\x00" + _zstr(_safe_cwd())
    app = _zstr(app_name)
    body += struct.pack("!hhii", c.SQ_ASCMISC_60, 8 + len(app), 0, 0) + app
    body += struct.pack("!h", c.SQ_ASCEOT)
    total = c.SL_HEADER_SIZE + len(body)
    if total > 0xFFFF:
        raise InterfaceError(f"the login request is too long: {total} bytes (at most 65535), "
                             "counting the user name, password and environment")
    header = struct.pack("!HBBh", total, c.SLTYPE_CONREQ, c.SL_PROTOCOL_SQLI, 0)
    return header + bytes(body)


def _safe_cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return "/"


@dataclass(frozen=True)
class ServerInfo:
    """What the CONACC tells about the server; empty fields when it could not be decoded."""

    version: str = ""
    serial: str = ""
    app_id: str = ""
    capabilities: tuple[int, int, int] = (0, 0, 0)


class LoginFields:
    """Bounds-checked reader over login PDU fields (no padding in the login exchange).

    Running short raises ``truncated``, a ValueError here; the embedded server's reader of
    connection requests raises its own error instead.
    """

    truncated: type[Exception] = ValueError

    def __init__(self, data: bytes, pos: int = 0):
        self.data, self.pos = data, pos

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise self.truncated("login PDU truncated")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def i16(self) -> int:
        return struct.unpack("!h", self.take(2))[0]

    def i32(self) -> int:
        return struct.unpack("!i", self.take(4))[0]

    def text(self) -> str:
        return self.take(self.i16()).rstrip(b"\x00").decode("iso-8859-1")


def parse_login_response(body: bytes) -> ServerInfo:
    """Decode the login response ``body`` (everything after the u16 total length).

    Returns the server's metadata for CONACC; raises OperationalError for CONREJ or
    REDIRECT and ProtocolError for anything that is not an SL response.
    """
    if not body:
        raise ProtocolError("empty login response")
    sltype = body[0]
    if sltype == c.SLTYPE_CONACC:
        return _decode_conacc(body)
    if sltype == c.SLTYPE_CONREJ:
        raise _rejection(body)
    if sltype == c.SLTYPE_REDIRECT:
        raise OperationalError("server redirected the connection; redirects are not supported")
    raise ProtocolError(f"unexpected login response type {sltype}")


def _decode_conacc(body: bytes) -> ServerInfo:
    reader = LoginFields(body)
    try:
        reader.take(4)
        if reader.i16() != c.SQ_ASSOC or reader.i16() != c.SQ_ASCBINARY:
            return ServerInfo()
        reader.take(4)
        reader.take(reader.i16())
        if reader.i16() != c.SQ_ASCBPARMS:
            return ServerInfo()
        reader.take(12)
        version, serial, app_id = reader.text(), reader.text(), reader.text()
        caps = (reader.i32(), reader.i32(), reader.i32())
    except ValueError:
        return ServerInfo()
    return ServerInfo(version=version, serial=serial, app_id=app_id, capabilities=caps)


_PRINTABLE_RUN = re.compile(rb"[\x20-\x7e]{8,256}")
_SQLCODE_IN_TEXT = re.compile(r"(-\d{3,5})\b")


def _rejection(body: bytes) -> OperationalError:
    """An OperationalError for a CONREJ, quoting the server's readable message if any."""
    runs = _PRINTABLE_RUN.findall(body)
    text = max(runs, key=len).decode("ascii").strip() if runs else body[:32].hex(" ")
    match = _SQLCODE_IN_TEXT.search(text)
    if match:
        exc = server_error(int(match.group(1)))
        if not isinstance(exc, OperationalError):
            exc = OperationalError()
            exc.sqlcode = int(match.group(1))
        exc.args = (f"login rejected by the server: {text}",)
        return exc
    return OperationalError(f"login rejected by the server: {text}")
