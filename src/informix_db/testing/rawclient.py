"""Hand-built SQLI requests and a strict reply parser, for byte-level tests of a server.

Deliberately independent of the driver: it builds the bytes of PROTOCOL.md §2-§3
directly, so a server test does not depend on the client under test.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass, field

from informix_db.protocol import constants as c

DEFAULT_ENV = {
    "DBPATH": ".",
    "CLIENT_LOCALE": "en_US.8859-1",
    "CLNT_PAM_CAPABLE": "1",
    "DBDATE": "Y4MD-",
    "IFX_UPDDESC": "1",
    "NODEFDAC": "no",
}


def _zstr(text: str | None) -> bytes:
    if text is None:
        return b"\x00\x00"
    data = text.encode("iso-8859-1") + b"\x00"
    return struct.pack("!h", len(data)) + data


def _padded(data: bytes) -> bytes:
    return data + (b"\x00" if len(data) & 1 else b"")


def _cstr16(data: bytes) -> bytes:
    return struct.pack("!h", len(data)) + _padded(data)


def login_pdu(user: str = c.DEFAULT_USER, password: str | None = c.DEFAULT_PASSWORD,
              server: str = c.DEFAULT_SERVER, database: str | None = None,
              env: dict[str, str] | None = None) -> bytes:
    """A CONREQ laid out as PROTOCOL.md §2.2."""
    env = DEFAULT_ENV if env is None else env
    body = bytearray()
    body += struct.pack("!hhi", c.SQ_ASSOC, c.SQ_ASCBINARY, 61) + _zstr("IEEEM")
    body += struct.pack("!h", c.SQ_ASCBPARMS) + b"sqlexec".ljust(12, b"\x00")
    body += _zstr("9.280") + _zstr("RDS#R000000") + _zstr("sqli")
    body += struct.pack("!iiih", c.CAP1_ENHANCED, 0, 0, 1)
    body += _zstr(user) + _zstr(password)
    body += b"ol".ljust(8, b"\x00") + struct.pack("!i", 61) + b"tlitcp".ljust(8, b"\x00")
    body += struct.pack("!ihhi", 1, c.SQ_ASCINITREQ, c.ASF_XCONNECT, 3)
    body += _zstr(server) + _zstr(database) + bytes(8)
    body += struct.pack("!hh", c.SQ_ASCENV, len(env))
    for name, value in env.items():
        body += _zstr(name) + _zstr(value)
    body += struct.pack("!hii", c.SQ_ASCPINFO, 0, 4242) + struct.pack("!i", 0)
    body += _zstr("testhost") + b"\x00\x00" + _zstr("/tmp")
    appname = b"rawclient\x00"
    body += struct.pack("!hh", c.SQ_ASCMISC_60, 4 + 4 + 2 + len(appname)) + bytes(8)
    body += struct.pack("!h", len(appname)) + appname + struct.pack("!h", c.SQ_ASCEOT)
    total = c.SL_HEADER_SIZE + len(body)
    return struct.pack("!HBBh", total, c.SLTYPE_CONREQ, c.SL_PROTOCOL_SQLI, 0) + bytes(body)


# -- post-login requests (each ends in SQ_EOT) -------------------------------------------

EOT = struct.pack("!h", c.SQ_EOT)
PROTOCOLS = struct.pack("!hh", c.SQ_PROTOCOLS, 8) + c.CLIENT_PROTOCOL_MASK + EOT
INFO_ENV = bytes.fromhex(
    "005100060026000c00040006444254454d5000042f746d70000b535542514341434845535a000002313000000000000c"
)


def stmt(command: int) -> bytes:
    """SQ_ID addressing statement 0 with ``command``."""
    return struct.pack("!hhh", c.SQ_ID, 0, command)


def dbopen(name: str) -> bytes:
    return struct.pack("!h", c.SQ_DBOPEN) + _cstr16(name.encode()) + struct.pack("!h", 0) + EOT


def prepare(sql: str, nqmarks: int = 0) -> bytes:
    data = sql.encode("iso-8859-1")
    return (struct.pack("!hhi", c.SQ_PREPARE, nqmarks, len(data)) + _padded(data)
            + struct.pack("!hhh", c.SQ_NDESCRIBE, c.SQ_WANTDONE, c.SQ_EOT))


def open_fetch(name: str = "_ifxc0000000000001", scroll: bool = False, fetch: bool = True) -> bytes:
    out = stmt(c.SQ_CURNAME) + _cstr16(name.encode())
    if scroll:
        out += struct.pack("!h", c.SQ_SCROLL)
    out += struct.pack("!h", c.SQ_OPEN)
    if fetch:
        out += stmt(c.SQ_NFETCH) + struct.pack("!ih", c.FETCH_BUFFER_SIZE, 0)
    return out + EOT


def nfetch(size: int = c.FETCH_BUFFER_SIZE) -> bytes:
    return stmt(c.SQ_NFETCH) + struct.pack("!ih", size, 0) + EOT


def sfetch(scroll_type: int, target: int = 0, size: int = c.FETCH_BUFFER_SIZE) -> bytes:
    return stmt(c.SQ_SFETCH) + struct.pack("!hii", scroll_type, target, size) + EOT


def bind(params: list[tuple[int, int, int, bytes]], execute: bool = True) -> bytes:
    """SQ_BIND with ``(type, indicator, prec, data)`` parameters [+ SQ_EXECUTE]."""
    out = stmt(c.SQ_BIND) + struct.pack("!h", len(params))
    for type_code, indicator, prec, data in params:
        out += struct.pack("!hhh", type_code, indicator, prec) + _padded(data)
    if execute:
        out += struct.pack("!h", c.SQ_EXECUTE)
    return out + EOT


def int_param(value: int) -> tuple[int, int, int, bytes]:
    return (2, 0, 0x0A00, struct.pack("!i", value))


def str_param(value: str) -> tuple[int, int, int, bytes]:
    data = value.encode("iso-8859-1")
    return (0, 0, 0, struct.pack("!h", len(data)) + data)


NULL_PARAM = (0, -1, 0, b"")
EXECUTE = stmt(c.SQ_EXECUTE) + EOT
CLOSE = stmt(c.SQ_CLOSE) + EOT
RELEASE = stmt(c.SQ_RELEASE) + EOT
BEGIN = struct.pack("!hh", c.SQ_BEGIN, c.SQ_EOT)
COMMIT = struct.pack("!hh", c.SQ_CMMTWORK, c.SQ_EOT)
ROLLBACK = struct.pack("!hhh", c.SQ_RBWORK, 0, c.SQ_EOT)
EXIT = struct.pack("!h", c.SQ_EXIT)


# -- replies ------------------------------------------------------------------------------

@dataclass
class Message:
    tag: int
    fields: dict = field(default_factory=dict)
    raw: bytes = b""


class ProtocolViolation(AssertionError):
    """The server sent something that does not parse as an SQLI reply."""


class RawConnection:
    """A socket speaking raw SQLI; every read has a timeout so a silent server fails the test."""

    def __init__(self, host: str, port: int, timeout: float = 10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self._buf = bytearray()

    def __enter__(self) -> RawConnection:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def recv_exact(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(f"connection closed with {len(self._buf)} of {n} bytes read")
            self._buf += chunk
        data = bytes(self._buf[:n])
        del self._buf[:n]
        return data

    def recv_all(self) -> bytes:
        """Everything until the server closes the connection."""
        data = bytes(self._buf)
        self._buf.clear()
        while chunk := self.sock.recv(65536):
            data += chunk
        return data

    def login(self, **kwargs) -> tuple[int, bytes]:
        """Send a CONREQ; return (SLType, the whole response PDU)."""
        self.send(login_pdu(**kwargs))
        head = self.recv_exact(2)
        total = struct.unpack("!H", head)[0]
        pdu = head + self.recv_exact(total - 2)
        return pdu[2], pdu

    def session(self, database: str | None = None) -> None:
        """Log in and run the peer's session initialisation (PROTOCOLS, INFO, DBOPEN)."""
        sltype, _ = self.login()
        assert sltype == c.SLTYPE_CONACC
        self.request(PROTOCOLS)
        self.request(INFO_ENV)
        if database is not None:
            reply = self.request(dbopen(database))
            assert not any(m.tag == c.SQ_ERR for m in reply), reply

    def request(self, data: bytes) -> list[Message]:
        self.send(data)
        return self.read_reply()

    def read_reply(self) -> list[Message]:
        """Messages up to and including SQ_EOT, or up to an SQ_FILE request the client must answer."""
        messages = []
        while True:
            message = self._read_message()
            messages.append(message)
            if message.tag in (c.SQ_EOT, c.SQ_EXIT, c.SQ_FILE):
                return messages

    def _i16(self) -> int:
        return struct.unpack("!h", self.recv_exact(2))[0]

    def _i32(self) -> int:
        return struct.unpack("!i", self.recv_exact(4))[0]

    def _cstr16(self) -> bytes:
        n = self._i16()
        if n < 0:
            raise ProtocolViolation("negative string length")
        data = self.recv_exact(n)
        if n & 1:
            self.recv_exact(1)
        return data

    def _read_message(self) -> Message:
        tag = self._i16()
        f: dict = {}
        if tag in (c.SQ_EOT, c.SQ_EXIT):
            pass
        elif tag == c.SQ_ERR:
            f = {"sqlcode": self._i16(), "isamcode": self._i16(), "offset": self._i32(),
                 "near": self._cstr16().decode("iso-8859-1")}
        elif tag == c.SQ_DONE:
            f = dict(zip(("warnings", "rows", "rowid", "serial"),
                         struct.unpack("!hiii", self.recv_exact(14))))
        elif tag == c.SQ_COST:
            f = {"cost": struct.unpack("!ii", self.recv_exact(8))}
        elif tag == c.SQ_XACTSTAT:
            f = {"xactstat": struct.unpack("!hhh", self.recv_exact(6))}
        elif tag == c.SQ_INSERTDONE:
            f = {"raw": self.recv_exact(18)}
        elif tag == c.SQ_TUPID:
            f = {"row": self._i32()}
        elif tag == c.SQ_PROTOCOLS:
            f = {"mask": self._cstr16()}
        elif tag == c.SQ_TUPLE:
            warn, size = self._i16(), self._i32()
            if size < 0:
                raise ProtocolViolation("negative tuple size")
            payload = self.recv_exact(size)
            if size & 1:
                self.recv_exact(1)
            f = {"warn": warn, "payload": payload}
        elif tag == c.SQ_DESCRIBE:
            f = self._read_describe()
        elif tag == c.SQ_BLOB:
            f = {"data": self._cstr16()}
        elif tag == c.SQ_GETROUTINE:
            f = {"database": self._cstr16().decode("iso-8859-1"), "handle": self._i32()}
        elif tag == c.SQ_FPROUTINE:
            f = {"values": self._read_integer_returns()}
        elif tag == c.SQ_FILE:
            f = self._read_file_request()
        else:
            raise ProtocolViolation(f"unexpected reply tag {tag}")
        return Message(tag, f)

    def _read_integer_returns(self) -> list[int | None]:
        """SQ_FPROUTINE values; only INTEGER returns are understood here."""
        values: list[int | None] = []
        for _ in range(self._i16()):
            type_short, indicator, _prec = struct.unpack("!hhh", self.recv_exact(6))
            if type_short & 0xFF != 2:
                raise ProtocolViolation(f"fast-path return type {type_short} not understood")
            values.append(None if indicator == -1 else self._i32())
        return values

    def _read_file_request(self) -> dict:
        """An SQ_FILE request including its closing SQ_EOT (the client answers next, §4.11)."""
        optype = self._i16()
        f: dict = {"optype": optype}
        if optype == 0:
            f["name"] = self._cstr16().decode("iso-8859-1")
            f["mode"], f["flags"], f["offset"] = struct.unpack("!iii", self.recv_exact(12))
        elif optype == 2:
            f["buffer_size"], f["amount"] = struct.unpack("!Hi", self.recv_exact(6))
        elif optype == 3:
            chunks = []
            while (chunk_tag := self._i16()) == c.SQ_FILE_WRITE:
                chunks.append(self._cstr16())
            if chunk_tag != c.SQ_EOT:
                raise ProtocolViolation(f"unexpected tag {chunk_tag} in an SQ_FILE write")
            f["chunks"] = chunks
            return f
        elif optype != 1:
            raise ProtocolViolation(f"unknown SQ_FILE operation {optype}")
        if self._i16() != c.SQ_EOT:
            raise ProtocolViolation("SQ_FILE request not closed by SQ_EOT")
        return f

    def _read_describe(self) -> dict:
        stmt_type, stmt_id, cost, tuple_size, nfields = struct.unpack("!hhihh", self.recv_exact(12))
        table_size = self._i32()
        columns = []
        if nfields > 0:
            for _ in range(nfields):
                index, start, type_short, ext_id = struct.unpack("!iihi", self.recv_exact(14))
                owner, ext_name = self._cstr16(), self._cstr16()
                _ref, _align, _source, enc_len = struct.unpack("!hhii", self.recv_exact(12))
                columns.append({"index": index, "type": type_short, "extended_id": ext_id,
                                "owner": owner.decode(), "extended_name": ext_name.decode(),
                                "encoded_length": enc_len})
            table = self.recv_exact(table_size)
            if table_size & 1:
                self.recv_exact(1)
            for col in columns:
                col["name"] = table[col["index"]:table.index(b"\x00", col["index"])].decode()
        return {"stmt_type": stmt_type, "stmt_id": stmt_id, "nfields": nfields, "columns": columns,
                "tuple_size": tuple_size}
