"""Client requests and the processing of their replies (PROTOCOL.md §3, §4, §9.2).

Each class is one EOT-terminated request: ``write(wbuf)`` appends its bytes and
``process(rbuf, tag)`` consumes one reply message whose tag was already read. The core
(``protocol.core``) handles EOT, skips to EOT after an SQ_ERR and drives the tuple fast
path, so classes only hold what their reply carries.
"""

from __future__ import annotations

from ..exceptions import Error, NotSupportedError, ProtocolError
from ..types import typecodes as tc
from ..types.codecs import codec_for
from ..types.column import ColumnDesc
from . import constants as c
from .errors import server_error


class Message:
    """Base request: tracks the SQ_DONE / SQ_INSERTDONE / SQ_ERR content of its reply."""

    decoder = None  # a wire.RowDecoder when the reply may carry SQ_TUPLEs
    min_reply_bytes = 2  # the reply has at least its SQ_EOT
    accepts_tuples = False

    def __init__(self) -> None:
        self.error: Error | None = None
        self.rowcount = -1
        self.serial = 0
        self.serial8 = 0
        self.tupid = 0

    @property
    def generated_serial(self) -> int:
        """The SERIAL8/BIGSERIAL, else the SERIAL, the statement generated; 0 for none."""
        return self.serial8 or self.serial

    def write(self, wbuf) -> None:
        self._write_message(wbuf)
        wbuf.write_i16(c.SQ_EOT)

    def _write_message(self, wbuf) -> None:
        raise NotImplementedError

    def process(self, rbuf, tag: int, encoding: str) -> None:
        """Consume one reply message (tag already read); raise ProtocolError for a foreign tag."""
        if tag == c.SQ_DONE:
            rbuf.read_i16()  # warnings
            rows = rbuf.read_i32()
            rbuf.read_i32()  # rowid
            serial = rbuf.read_i32()
            if rows >= 0:
                self.rowcount = rows
            if serial:
                self.serial = serial
        elif tag == c.SQ_COST:
            rbuf.skip(8)
        elif tag == c.SQ_XACTSTAT:
            rbuf.skip(6)
        elif tag == c.SQ_INSERTDONE:
            serial8 = _int8_value(rbuf.read_bytes(10))
            bigserial = rbuf.read_i64()
            self.serial8 = bigserial or serial8
        elif tag == c.SQ_ERR:
            sqlcode = rbuf.read_i16()
            isamcode = rbuf.read_i16()
            offset = rbuf.read_i32()
            near = rbuf.read_cstr16(encoding)
            self.error = server_error(sqlcode, isamcode, offset, near.rstrip("\x00"))
        elif tag == c.SQ_TUPID:
            self.tupid = rbuf.read_i32()
        elif not self._process_message(rbuf, tag, encoding):
            raise ProtocolError(f"unexpected message tag {tag} in reply to {type(self).__name__}")

    def _process_message(self, rbuf, tag: int, encoding: str) -> bool:
        """Hook for request-specific reply messages; False means the tag is foreign."""
        return False


def _int8_value(data: bytes) -> int:
    """INT8 10-byte sign-magnitude value (§6.5); NULL reads as 0."""
    sign = int.from_bytes(data[0:2], "big", signed=True)
    magnitude = int.from_bytes(data[2:6], "big") | (int.from_bytes(data[6:10], "big") << 32)
    return -magnitude if sign < 0 else magnitude if sign else 0


def _write_id(wbuf, command: int) -> None:
    wbuf.write_i16(c.SQ_ID)
    wbuf.write_i32(command)


class Prepare(Message):
    """PREPARE + NDESCRIBE + WANTDONE: the reply describes the statement and its columns."""

    def __init__(self, sql: bytes, nparams: int) -> None:
        super().__init__()
        self.sql = sql
        self.nparams = nparams
        self.statement_type = -1
        self.statement_id = 0
        self.columns: list[ColumnDesc] = []

    def _write_message(self, wbuf) -> None:
        wbuf.write_i16(c.SQ_PREPARE)
        wbuf.write_i16(self.nparams)
        wbuf.write_cstr32(self.sql)
        wbuf.write_i16(c.SQ_NDESCRIBE)
        wbuf.write_i16(c.SQ_WANTDONE)

    def _process_message(self, rbuf, tag: int, encoding: str) -> bool:
        if tag != c.SQ_DESCRIBE:
            return False
        self.statement_type, self.statement_id, self.columns = parse_describe(rbuf, encoding)
        return True


def parse_describe(rbuf, encoding: str) -> tuple[int, int, list[ColumnDesc]]:
    """SQ_DESCRIBE body (§4.1) -> (statement type, statement id, columns)."""
    statement_type = rbuf.read_i16()
    statement_id = rbuf.read_i16()
    rbuf.skip(4 + 2)  # estimated cost, tuple size
    nfields = rbuf.read_i16()
    table_size = rbuf.read_i32()
    if nfields <= 0:
        return statement_type, statement_id, []
    if table_size < 0:
        raise ProtocolError(f"negative DESCRIBE string-table size {table_size}")
    fields = []
    for _ in range(nfields):
        name_offset = rbuf.read_i32()
        rbuf.skip(4)  # column start
        type_short = rbuf.read_i16()
        extended_id = rbuf.read_i32()
        owner = rbuf.read_cstr16(encoding)
        extended_name = rbuf.read_cstr16(encoding)
        rbuf.skip(2 + 2 + 4)  # reference, alignment, source type
        encoded_length = rbuf.read_i32()
        fields.append((name_offset, type_short & 0xFFFF, encoded_length, extended_id, extended_name, owner))
    table = rbuf.read_bytes(table_size)
    rbuf.skip_pad(table_size)
    columns = []
    for index, (offset, type_short, length, xid, xname, owner) in enumerate(fields):
        if 0 <= offset < len(table):
            end = table.find(b"\x00", offset)
            raw = table[offset:end if end >= 0 else len(table)]
            name = raw.decode(encoding, errors="replace")
        else:
            name = f"col{index}"
        columns.append(ColumnDesc(name, type_short, length, xid, xname, owner))
    return statement_type, statement_id, columns


class OpenCursor(Message):
    """CURNAME + OPEN + NFETCH: opens the prepared SELECT and returns its first batch."""

    accepts_tuples = True

    def __init__(self, name: bytes, fetch_size: int, decoder, rows: list) -> None:
        super().__init__()
        self.name, self.fetch_size, self.decoder, self.rows = name, fetch_size, decoder, rows
        self.tuples = 0

    def _write_message(self, wbuf) -> None:
        _write_id(wbuf, c.SQ_CURNAME)
        wbuf.write_cstr16(self.name)
        wbuf.write_i16(c.SQ_OPEN)
        _write_nfetch(wbuf, self.fetch_size)


def _write_nfetch(wbuf, fetch_size: int) -> None:
    _write_id(wbuf, c.SQ_NFETCH)
    wbuf.write_i32(fetch_size)
    wbuf.write_i16(0)


class OpenScrollCursor(Message):
    """CURNAME + SCROLL + OPEN: a server-side scroll cursor; rows come one SFETCH at a time."""

    def __init__(self, name: bytes) -> None:
        super().__init__()
        self.name = name

    def _write_message(self, wbuf) -> None:
        _write_id(wbuf, c.SQ_CURNAME)
        wbuf.write_cstr16(self.name)
        wbuf.write_i16(c.SQ_SCROLL)
        wbuf.write_i16(c.SQ_OPEN)


class ScrollFetch(Message):
    """SFETCH (§3.6): one row by position; ``tupid`` is its 1-based number (the total for LAST)."""

    accepts_tuples = True

    def __init__(self, scroll_type: int, target: int, fetch_size: int, decoder) -> None:
        super().__init__()
        self.scroll_type, self.target, self.fetch_size, self.decoder = scroll_type, target, fetch_size, decoder
        self.rows: list = []
        self.tuples = 0

    def _write_message(self, wbuf) -> None:
        _write_id(wbuf, c.SQ_SFETCH)
        wbuf.write_i16(self.scroll_type)
        wbuf.write_i32(self.target)
        wbuf.write_i32(self.fetch_size)


class FetchBlob(Message):
    """FETCHBLOB (§3.13): the content of one BYTE/TEXT descriptor, in SQ_BLOB chunks."""

    def __init__(self, descriptor: bytes) -> None:
        super().__init__()
        self.descriptor = descriptor
        self.chunks: list[bytes] = []

    def _write_message(self, wbuf) -> None:
        _write_id(wbuf, c.SQ_FETCHBLOB)
        wbuf.write_padded(self.descriptor)

    def _process_message(self, rbuf, tag: int, encoding: str) -> bool:
        if tag != c.SQ_BLOB:
            return False
        length = rbuf.read_u16()
        if length:
            self.chunks.append(rbuf.read_bytes(length))
            rbuf.skip_pad(length)
        return True


class GetRoutine(Message):
    """GETROUTINE (§3.12): resolve a routine signature to a fast-path handle."""

    def __init__(self, signature: bytes) -> None:
        super().__init__()
        self.signature = signature
        self.database = b""
        self.handle: int | None = None

    def _write_message(self, wbuf) -> None:
        wbuf.write_i16(c.SQ_GETROUTINE)
        wbuf.write_bytes(b"\x00")  # look up by signature
        wbuf.write_cstr32(self.signature)
        wbuf.write_i16(0)

    def _process_message(self, rbuf, tag: int, encoding: str) -> bool:
        if tag != c.SQ_GETROUTINE:
            return False
        length = rbuf.read_i16()
        if length < 0:
            raise ProtocolError(f"negative GETROUTINE database-name length {length}")
        self.database = rbuf.read_bytes(length)
        rbuf.skip_pad(length)
        self.handle = rbuf.read_i32()
        return True


class ExecRoutine(Message):
    """EXFPROUTINE (§3.12): call a resolved routine; the reply's SQ_FPROUTINE holds the results."""

    def __init__(self, database: bytes, handle: int, nparams: int, params: bytes) -> None:
        super().__init__()
        self.database, self.handle, self.nparams, self.params = database, handle, nparams, params
        self.values: list | None = None

    def _write_message(self, wbuf) -> None:
        wbuf.write_i16(c.SQ_EXFPROUTINE)
        wbuf.write_cstr16(self.database)
        wbuf.write_i32(self.handle)
        wbuf.write_i16(self.nparams)
        wbuf.write_i16(0)
        wbuf.write_i16(c.SQ_BIND)
        wbuf.write_bytes(self.params)

    def _process_message(self, rbuf, tag: int, encoding: str) -> bool:
        if tag != c.SQ_FPROUTINE:
            return False
        self.values = parse_routine_values(rbuf, encoding)
        return True


def parse_routine_values(rbuf, encoding: str) -> list:
    """SQ_FPROUTINE body (§4.12): i16 count, then per value type [UDT names] indicator prec data."""
    count = rbuf.read_i16()
    values: list[object] = []
    for _ in range(count):
        type_short = rbuf.read_i16() & 0xFFFF
        base = type_short & 0xFF
        extended_name = ""
        if base >= 18 and base not in (tc.BIGINT, tc.BIGSERIAL):
            rbuf.read_cstr16(encoding)  # owner
            extended_name = rbuf.read_cstr16(encoding)
        indicator = rbuf.read_i16()
        prec = rbuf.read_i16()
        if indicator == -1:
            values.append(None)
            continue
        values.append(decode_routine_value(rbuf, type_short, prec, extended_name, encoding))
    return values


def decode_routine_value(rbuf, type_short: int, prec: int, extended_name: str, encoding: str):
    """One fast-path result: fixed-width data (+ pad), read like a tuple value of that type."""
    col = ColumnDesc("", type_short, prec & 0xFFFF, 0, extended_name)
    codec = codec_for(col, encoding)
    width = codec.width
    if width is None:
        raise NotSupportedError(f"fast-path results of type {tc.NAMES.get(col.type_code, type_short)} "
                                "are not supported")
    data = rbuf.read_bytes(width)
    rbuf.skip_pad(width)
    return codec.decode(data, 0)[0]


class Fetch(Message):
    """NFETCH: the next batch of at most ``fetch_size`` bytes of tuples."""

    accepts_tuples = True

    def __init__(self, fetch_size: int, decoder, rows: list) -> None:
        super().__init__()
        self.fetch_size, self.decoder, self.rows = fetch_size, decoder, rows
        self.tuples = 0

    def _write_message(self, wbuf) -> None:
        _write_nfetch(wbuf, self.fetch_size)


EXECUTE_REPLY_MIN_BYTES = 14  # a BIND+EXECUTE reply: SQ_DONE (16 bytes) or SQ_ERR (at least 12), then SQ_EOT
_EXECUTE_EOT = c.SQ_EXECUTE.to_bytes(2, "big") + c.SQ_EOT.to_bytes(2, "big")


class Bind(Message):
    """BIND (values pre-encoded by ``encode_bind``), optionally chained with EXECUTE."""

    def __init__(self, values: bytes, execute: bool) -> None:
        super().__init__()
        self.values, self.execute = values, execute
        if execute:
            self.min_reply_bytes = EXECUTE_REPLY_MIN_BYTES

    def _write_message(self, wbuf) -> None:
        wbuf.write_bytes(self.values)
        if self.execute:
            wbuf.write_i16(c.SQ_EXECUTE)


class ExecuteWindow(Message):
    """A window of pipelined BIND+EXECUTE requests (§5.8), one per pre-encoded parameter set,
    written with one join; each has its own reply, which the session reads into the totals
    here (``Session._read_window``) without an object per row."""

    def __init__(self, binds: list[bytes]) -> None:
        super().__init__()
        self.binds = binds
        self.min_reply_bytes = EXECUTE_REPLY_MIN_BYTES * len(binds)
        self.rowcount = 0  # the sum of the rows' positive row counts
        self.lastrowid = 0  # the last non-zero generated serial
        self.error_index = -1  # the window position of the first failing row (``error``)

    def write(self, wbuf) -> None:
        wbuf.write_bytes(_EXECUTE_EOT.join(self.binds))
        wbuf.write_bytes(_EXECUTE_EOT)

    def add_replies(self, rows: int, lastrowid: int) -> None:
        """Account for successful replies: their row count total and last generated serial."""
        self.rowcount += rows
        if lastrowid:
            self.lastrowid = lastrowid

    def add_run(self, index: int, run: Bind) -> None:
        """Account for the reply of one row read by the general parser into ``run``."""
        if run.error is None:
            self.add_replies(max(run.rowcount, 0), run.generated_serial)
        elif self.error is None:
            self.error, self.error_index = run.error, index


BLOB_CHUNK = 1024


def encode_bind(wire, params, encoding: str) -> bytes:
    """SQ_ID BIND + parameters (+ SQ_BBIND section for BYTE values), validated before sending."""
    wbuf = wire.WriteBuffer()
    _write_id(wbuf, c.SQ_BIND)
    blobs = wire.encode_params(wbuf, params, encoding)
    if blobs:
        wbuf.write_i16(c.SQ_BBIND)
        wbuf.write_i16(len(blobs))
        for blob in blobs:
            for start in range(0, len(blob), BLOB_CHUNK):
                chunk = blob[start:start + BLOB_CHUNK]
                wbuf.write_i16(c.SQ_BLOB)
                wbuf.write_i16(len(chunk))
                wbuf.write_padded(chunk)
            wbuf.write_i16(c.SQ_BLOB)
            wbuf.write_i16(0)
    return wbuf.getvalue()


class _StatementCommand(Message):
    command = 0

    def _write_message(self, wbuf) -> None:
        _write_id(wbuf, self.command)


class Execute(_StatementCommand):
    command = c.SQ_EXECUTE


class Close(_StatementCommand):
    command = c.SQ_CLOSE


class Release(_StatementCommand):
    command = c.SQ_RELEASE


class _Bare(Message):
    body = b""

    def _write_message(self, wbuf) -> None:
        wbuf.write_bytes(self.body)


class Begin(_Bare):
    body = c.SQ_BEGIN.to_bytes(2, "big")


class Commit(_Bare):
    body = c.SQ_CMMTWORK.to_bytes(2, "big")


class Rollback(_Bare):
    body = c.SQ_RBWORK.to_bytes(2, "big") + b"\x00\x00"  # savepoint 0 is mandatory


class Protocols(Message):
    """SQ_PROTOCOLS: offers the client feature mask and records the server's."""

    def __init__(self, mask: bytes = c.CLIENT_PROTOCOL_MASK) -> None:
        super().__init__()
        self.mask = mask
        self.server_mask = b""

    def _write_message(self, wbuf) -> None:
        wbuf.write_i16(c.SQ_PROTOCOLS)
        wbuf.write_i16(len(self.mask))
        wbuf.write_padded(self.mask)

    def _process_message(self, rbuf, tag: int, encoding: str) -> bool:
        if tag != c.SQ_PROTOCOLS:
            return False
        length = rbuf.read_i16()
        if length < 0:
            raise ProtocolError(f"negative SQ_PROTOCOLS mask length {length}")
        self.server_mask = rbuf.read_bytes(length)
        rbuf.skip_pad(length)
        return True


class Info(Message):
    """SQ_INFO / INFO_ENV with the session variables JDBC sends (§2.6)."""

    ENV = (("DBTEMP", "/tmp"), ("SUBQCACHESZ", "10"))

    def _write_message(self, wbuf) -> None:
        pairs = [(n.encode("ascii"), v.encode("ascii")) for n, v in self.ENV]
        longest_name = max(len(n) for n, _ in pairs)
        longest_value = max(len(v) for _, v in pairs)
        body_len = 4 + sum(4 + len(n) + (len(n) & 1) + len(v) + (len(v) & 1) for n, v in pairs) + 2
        wbuf.write_i16(c.SQ_INFO)
        wbuf.write_i16(c.INFO_ENV)
        wbuf.write_i16(body_len)
        wbuf.write_i16(longest_name + (longest_name & 1))
        wbuf.write_i16(longest_value + (longest_value & 1))
        for name, value in pairs:
            wbuf.write_cstr16(name)
            wbuf.write_cstr16(value)
        wbuf.write_i16(0)
        wbuf.write_i16(c.INFO_DONE)


class DbOpen(Message):
    """SQ_DBOPEN: open (select) a database for the session."""

    def __init__(self, name: bytes) -> None:
        super().__init__()
        self.name = name

    def _write_message(self, wbuf) -> None:
        wbuf.write_i16(c.SQ_DBOPEN)
        wbuf.write_cstr16(self.name)
        wbuf.write_i16(0)


EXIT_REQUEST = c.SQ_EXIT.to_bytes(2, "big")

__all__ = [
    "Begin", "Bind", "Close", "Commit", "DbOpen", "ExecRoutine", "Execute", "ExecuteWindow", "EXIT_REQUEST",
    "Fetch", "FetchBlob", "GetRoutine", "Info", "Message", "OpenCursor", "OpenScrollCursor", "Prepare",
    "Protocols", "Release", "Rollback", "ScrollFetch", "encode_bind", "parse_describe",
    "parse_routine_values",
]
