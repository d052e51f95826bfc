"""Parse one client request (messages up to SQ_EOT) into commands (PROTOCOL.md §3).

There is no length framing after login, so each message is read field by field by
the parser for its tag. A tag without a parser, or a field that cannot be valid,
raises ``MalformedRequest``: the stream position is then unknown and the connection
has to end after the error reply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from informix_db.protocol import constants as c
from informix_db.types import bind_data_length
from informix_db.types import typecodes as tc

from .stream import E_REQUEST_TOO_LARGE, MAX_REQUEST_BYTES, MalformedRequest, SocketReader

# A request longer than this is garbage, not a batch (pipelined batches are separate requests).
MAX_MESSAGES_PER_REQUEST = 10_000
# Bound parameters in one request: a pipelined executemany window (1024 rows) of wide rows.
MAX_PARAMS_PER_REQUEST = 1 << 20
BLOB_DESCRIPTOR_SIZE = 56
_BLOB_TYPES = (tc.BYTE, tc.TEXT)


@dataclass
class Command:
    """A message without a body: SCROLL, OPEN, EXECUTE, CLOSE, RELEASE, BEGIN, NDESCRIBE ..."""

    tag: int
    stmt_id: int = 0


@dataclass
class Prepare(Command):
    nqmarks: int = 0
    sql: bytes = b""


@dataclass
class CurName(Command):
    name: bytes = b""


@dataclass
class BindParam:
    type_short: int
    indicator: int
    prec: int
    data: bytes
    blob: bytes | None = None  # BYTE/TEXT content from the SQ_BBIND section

    @property
    def is_null(self) -> bool:
        return self.indicator == -1


@dataclass
class Bind(Command):
    params: list[BindParam] = field(default_factory=list)


@dataclass
class Fetch(Command):
    """NFETCH (scroll_type None) or SFETCH."""

    buffer_size: int = c.FETCH_BUFFER_SIZE
    scroll_type: int | None = None
    target: int = 0


@dataclass
class FetchBlob(Command):
    descriptor: bytes = b""


@dataclass
class Rollback(Command):
    savepoint: int = 0


@dataclass
class Protocols(Command):
    mask: bytes = b""


@dataclass
class Info(Command):
    subcode: int = 0


@dataclass
class DbOpen(Command):
    name: bytes = b""
    mode: int = 0


@dataclass
class Routine(Command):
    """GETROUTINE (signature) or EXFPROUTINE (database name, handle, parameters)."""

    signature: bytes = b""
    handle: int = 0
    bind: Bind | None = None


@dataclass
class Request:
    commands: list[Command]
    exit: bool = False  # ended by a bare SQ_EXIT instead of SQ_EOT
    # The connection, for exchanges inside the response (SQ_FILE: the client answers mid-response).
    client: SocketReader | None = None


def _parse_prepare(r: SocketReader, tag: int, stmt_id: int) -> Command:
    nqmarks = r.read_i16()
    return Prepare(tag, stmt_id, nqmarks, r.read_cstr32())


def _parse_curname(r: SocketReader, tag: int, stmt_id: int) -> Command:
    return CurName(tag, stmt_id, r.read_cstr16())


def _read_bind_param(r: SocketReader) -> BindParam:
    type_short, indicator, prec = r.read_i16(), r.read_i16(), r.read_i16()
    if indicator == -1:
        return BindParam(type_short, indicator, prec, b"")
    code = type_short & 0xFF
    head = r.peek(2)
    try:
        length = bind_data_length(code, head, 0)
    except Exception as exc:
        raise MalformedRequest(f"bind type {type_short} not understood: {exc}") from exc
    if length is None or length < 0:
        raise MalformedRequest(f"bind type {type_short} not understood")
    return BindParam(type_short, indicator, prec, r.read_padded(length))


def _read_blob_section(r: SocketReader, params: list[BindParam]) -> None:
    """SQ_BBIND: i16 count, then per BYTE/TEXT parameter SQ_BLOB chunks ending in a 0-length chunk."""
    count = r.read_i16()
    targets = [p for p in params if (p.type_short & 0xFF) in _BLOB_TYPES and not p.is_null]
    if count != len(targets):
        raise MalformedRequest(f"SQ_BBIND announces {count} blobs for {len(targets)} BYTE/TEXT values")
    for param in targets:
        chunks = []
        while True:
            if r.read_i16() != c.SQ_BLOB:
                raise MalformedRequest("SQ_BLOB chunk expected in SQ_BBIND section")
            n = r.read_i16()
            if n < 0:
                raise MalformedRequest("negative SQ_BLOB chunk length")
            if n == 0:
                break
            chunks.append(r.read_padded(n))
        param.blob = b"".join(chunks)


def _parse_bind(r: SocketReader, tag: int, stmt_id: int) -> Command:
    nparams = r.read_i16()
    if nparams < 0:
        raise MalformedRequest("negative parameter count")
    params = [_read_bind_param(r) for _ in range(nparams)]
    if r.peek(2) == b"\x00\x29":
        r.read_i16()
        _read_blob_section(r, params)
    return Bind(tag, stmt_id, params)


def _parse_nfetch(r: SocketReader, tag: int, stmt_id: int) -> Command:
    size = r.read_i32()
    r.read_i16()
    return Fetch(tag, stmt_id, size)


def _parse_sfetch(r: SocketReader, tag: int, stmt_id: int) -> Command:
    scroll_type, target, size = r.read_i16(), r.read_i32(), r.read_i32()
    return Fetch(tag, stmt_id, size, scroll_type, target)


def _parse_fetchblob(r: SocketReader, tag: int, stmt_id: int) -> Command:
    return FetchBlob(tag, stmt_id, r.read_bytes(BLOB_DESCRIPTOR_SIZE))


def _parse_rbwork(r: SocketReader, tag: int, stmt_id: int) -> Command:
    return Rollback(tag, stmt_id, r.read_i16())


def _parse_protocols(r: SocketReader, tag: int, stmt_id: int) -> Command:
    return Protocols(tag, stmt_id, r.read_cstr16())


def _parse_info(r: SocketReader, tag: int, stmt_id: int) -> Command:
    """SQ_INFO: i16 subcode, i16 length, that many bytes, then the i16 INFO_DONE (0)."""
    subcode = r.read_i16()
    length = r.read_i16()
    if length < 0:
        raise MalformedRequest("negative SQ_INFO length")
    r.read_bytes(length)
    if r.read_i16() != c.INFO_DONE:
        raise MalformedRequest("SQ_INFO not terminated by INFO_DONE")
    return Info(tag, stmt_id, subcode)


def _parse_dbopen(r: SocketReader, tag: int, stmt_id: int) -> Command:
    name = r.read_cstr16()
    return DbOpen(tag, stmt_id, name, r.read_i16())


def _parse_getroutine(r: SocketReader, tag: int, stmt_id: int) -> Command:
    r.read_bytes(1)  # 0 = by signature
    signature = r.read_cstr32()
    r.read_i16()
    return Routine(tag, stmt_id, signature)


def _parse_exfproutine(r: SocketReader, tag: int, stmt_id: int) -> Command:
    database = r.read_cstr16()
    handle = r.read_i32()
    r.read_i16()  # parameter count
    r.read_i16()
    if r.read_i16() != c.SQ_BIND:
        raise MalformedRequest("SQ_EXFPROUTINE without its SQ_BIND section")
    bind = _parse_bind(r, c.SQ_BIND, 0)
    return Routine(tag, stmt_id, database, handle, bind)


def _bare(r: SocketReader, tag: int, stmt_id: int) -> Command:
    return Command(tag, stmt_id)


_PARSERS: dict[int, Callable[[SocketReader, int, int], Command]] = {
    c.SQ_PREPARE: _parse_prepare,
    c.SQ_CURNAME: _parse_curname,
    c.SQ_BIND: _parse_bind,
    c.SQ_NFETCH: _parse_nfetch,
    c.SQ_SFETCH: _parse_sfetch,
    c.SQ_FETCHBLOB: _parse_fetchblob,
    c.SQ_RBWORK: _parse_rbwork,
    c.SQ_PROTOCOLS: _parse_protocols,
    c.SQ_INFO: _parse_info,
    c.SQ_DBOPEN: _parse_dbopen,
    c.SQ_GETROUTINE: _parse_getroutine,
    c.SQ_EXFPROUTINE: _parse_exfproutine,
    **{
        tag: _bare
        for tag in (c.SQ_OPEN, c.SQ_EXECUTE, c.SQ_CLOSE, c.SQ_RELEASE, c.SQ_SCROLL,
                    c.SQ_NDESCRIBE, c.SQ_WANTDONE, c.SQ_BEGIN, c.SQ_CMMTWORK)
    },
}


def read_request(r: SocketReader, max_bytes: int = MAX_REQUEST_BYTES) -> Request:
    """Read messages until SQ_EOT (or a bare SQ_EXIT); blocks until the request is complete.

    A request beyond ``max_bytes`` or MAX_MESSAGES_PER_REQUEST messages is refused before it
    is buffered further (MalformedRequest), so no client can make the server hold unbounded memory.
    """
    commands: list[Command] = []
    params = 0
    r.start_request(max_bytes)
    while True:
        tag = r.read_i16()
        if tag == c.SQ_EOT:
            return Request(commands, client=r)
        if tag == c.SQ_EXIT:
            return Request(commands, exit=True, client=r)
        stmt_id = 0
        if tag == c.SQ_ID:
            stmt_id = r.read_i16()
            tag = r.read_i16()
        parser = _PARSERS.get(tag)
        if parser is None:
            raise MalformedRequest(f"unknown message tag {tag}")
        command = parser(r, tag, stmt_id)
        commands.append(command)
        r.check_request_size()
        if isinstance(command, Bind):
            params += len(command.params)
        if len(commands) > MAX_MESSAGES_PER_REQUEST or params > MAX_PARAMS_PER_REQUEST:
            raise MalformedRequest("request has too many messages", E_REQUEST_TOO_LARGE)
