"""Login PDU parsing and the CONACC / CONREJ answers (PROTOCOL.md §2)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from informix_db.protocol import constants as c
from informix_db.protocol.login import LoginFields, encoding_for_locale

# Login-phase SLAttribute values: 60 = SQLI 6.00, 61 = its "with CSS" variant.
_SQLI_ATTRIBUTES = (60, 61)
SERVER_VERSION_TEXT = "IBM Informix Dynamic Server Version 15.0.1.0.3DE"
SERVER_SERIAL = "AAA#B000000"

# Informix error texts used in rejections (general Informix knowledge).
LOGIN_ERROR_TEXT = {
    -951: "Incorrect password or user is not known on the database server.",
    -761: "INFORMIXSERVER does not match either DBSERVERNAME or DBSERVERALIASES.",
    -329: "Database not found or no system permission.",
    -908: "Attempt to connect to database server failed: malformed login request.",
    -25571: "Cannot create a user thread: the server's session limit is reached.",
}

class LoginError(Exception):
    """The login PDU is not a well-formed CONREQ."""


@dataclass
class LoginRequest:
    user: str
    password: str
    server_name: str
    database: str | None
    cap1: int
    env: dict[str, str] = field(default_factory=dict)

    @property
    def encoding(self) -> str:
        """Python codec for user data, from the codeset suffix of CLIENT_LOCALE (the client's table)."""
        return encoding_for_locale(self.env.get("CLIENT_LOCALE", ""))


def check_length(prefix: bytes) -> int:
    """The PDU length announced by its first two bytes, if plausible for a CONREQ."""
    (total,) = struct.unpack("!H", prefix)
    if not c.SL_HEADER_SIZE < total <= 0x7FFF:
        raise LoginError(f"login PDU length {total} out of range")
    return total


def check_header(header: bytes) -> int:
    """Validate the 6-byte SL header of a CONREQ; return the PDU's total length.

    Also rejects a TLS ClientHello (``16 03 01 ...``) at once instead of waiting for
    the thousands of bytes its first two bytes would announce.
    """
    sltype, attribute = struct.unpack_from("!BB", header, 2)
    if sltype != c.SLTYPE_CONREQ or attribute not in _SQLI_ATTRIBUTES:
        raise LoginError("not an SQLI connection request")
    return check_length(header[:2])


class _Cursor(LoginFields):
    truncated = LoginError

    def expect(self, marker: int) -> None:
        if self.i16() != marker:
            raise LoginError(f"login PDU marker {marker} missing")

    def zbytes(self) -> bytes | None:
        """``i16`` length counting the trailing nul, the bytes, the nul; length 0 = absent."""
        n = self.i16()
        if n < 0:
            raise LoginError("negative string length in login PDU")
        if n == 0:
            return None
        data = self.take(n)
        return data[:-1] if data.endswith(b"\x00") else data

    def zstr(self) -> str | None:
        data = self.zbytes()
        return None if data is None else data.rstrip(b"\x00").decode("iso-8859-1")


def parse_login(pdu: bytes) -> LoginRequest:
    """Parse a whole CONREQ PDU (SL header included) up to the environment list."""
    cur = _Cursor(pdu, c.SL_HEADER_SIZE)
    cur.expect(c.SQ_ASSOC)
    cur.expect(c.SQ_ASCBINARY)
    cur.i32()
    cur.zstr()  # float format, "IEEEM"
    cur.expect(c.SQ_ASCBPARMS)
    cur.take(12)  # application type, "sqlexec"
    cur.zstr()  # client version
    cur.zstr()  # client serial number
    cur.zstr()  # application id
    cap1 = cur.i32()
    cur.i32()
    cur.i32()
    cur.i16()
    user = cur.zbytes() or b""
    password = cur.zbytes() or b""
    cur.take(8)  # protocol name "ol"
    cur.i32()
    cur.take(8)  # network type "tlitcp"
    cur.i32()
    cur.expect(c.SQ_ASCINITREQ)
    cur.i16()  # ASF_XCONNECT
    cur.i32()  # statement options
    server_name = cur.zstr() or ""
    database = cur.zstr()
    cur.take(8)
    env: dict[str, str] = {}
    cur.expect(c.SQ_ASCENV)
    count = cur.i16()
    if count < 0:
        raise LoginError("negative environment count")
    for _ in range(count):
        name = cur.zstr() or ""
        env[name] = cur.zstr() or ""
    request = LoginRequest("", "", server_name, database, cap1, env)
    # Credentials are in the client locale's codeset, known once the environment is read;
    # bytes invalid in it stay distinct (and so match no account).
    request.user = user.decode(request.encoding, "surrogateescape")
    request.password = password.decode(request.encoding, "surrogateescape")
    return request


def _zstr(text: str) -> bytes:
    data = text.encode("iso-8859-1") + b"\x00"
    return struct.pack("!h", len(data)) + data


def _sl_pdu(sltype: int, body: bytes) -> bytes:
    total = c.SL_HEADER_SIZE + len(body)
    return struct.pack("!HBBh", total, sltype, c.SL_PROTOCOL_SQLI, 0) + body


def accept(cap1: int) -> bytes:
    """CONACC laid out as §2.4: markers, codeset, version/serial/application strings, Cap_1..3."""
    body = (
        struct.pack("!hhi", c.SQ_ASSOC, c.SQ_ASCBINARY, 61)
        + _zstr("IEEEI")
        + struct.pack("!h", c.SQ_ASCBPARMS)
        + bytes(12)
        + _zstr(SERVER_VERSION_TEXT)
        + _zstr(SERVER_SERIAL)
        + _zstr("sqli")
        + struct.pack("!iii", cap1, 0, 0)
    )
    return _sl_pdu(c.SLTYPE_CONACC, body)


def reject(sqlcode: int) -> bytes:
    """CONREJ carrying the code and a readable message (clients quote the printable run).

    The body is nul-padded to a multiple of 64 bytes: the peer reads a rejection in
    64-byte chunks and drops a partial last chunk.
    """
    text = f"{sqlcode}: {LOGIN_ERROR_TEXT.get(sqlcode, 'Connection rejected.')}"
    body = struct.pack("!hh", sqlcode, 0) + text.encode("ascii") + b"\x00"
    body += bytes(-len(body) % 64)
    return _sl_pdu(c.SLTYPE_CONREJ, body)
