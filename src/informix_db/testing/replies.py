"""Encoders for the messages the server sends after login (PROTOCOL.md §4)."""

from __future__ import annotations

import struct
from collections.abc import Sequence

from informix_db.protocol import constants as c
from informix_db.types import typecodes as tc
from informix_db.types.column import ColumnDesc

EOT = struct.pack("!h", c.SQ_EOT)
EXIT = struct.pack("!h", c.SQ_EXIT)


def _pad(n: int) -> bytes:
    return b"\x00" if n & 1 else b""


def cstr16(data: bytes) -> bytes:
    return struct.pack("!h", len(data)) + data + _pad(len(data))


def err(sqlcode: int, isamcode: int = 0, offset: int = 0, near: bytes = b"") -> bytes:
    """SQ_ERR; the response's EOT follows it and nothing else (§4.7)."""
    return struct.pack("!hhhi", c.SQ_ERR, sqlcode, isamcode, offset) + cstr16(near)


def done(rows: int, serial: int = 0, rowid: int = 0, warnings: int = 0) -> bytes:
    return struct.pack("!hhiii", c.SQ_DONE, warnings, rows, rowid, serial)


def cost(first: int = 0, second: int = 0) -> bytes:
    return struct.pack("!hii", c.SQ_COST, first, second)


def xactstat(event: int, new_level: int, old_level: int) -> bytes:
    return struct.pack("!hhhh", c.SQ_XACTSTAT, event, new_level, old_level)


def insertdone(serial8: int, bigserial: int) -> bytes:
    """SQ_INSERTDONE: SERIAL8 value in INT8 form (sign word, low word, high word) + BIGSERIAL i64."""
    sign = 0xFFFF if serial8 < 0 else 0x0001
    magnitude = abs(serial8)
    return struct.pack(
        "!hHIIq", c.SQ_INSERTDONE, sign, magnitude & 0xFFFFFFFF, magnitude >> 32, bigserial
    )


def tupid(row: int) -> bytes:
    return struct.pack("!hi", c.SQ_TUPID, row)


def tuple_message(payload: bytes) -> bytes:
    """SQ_TUPLE: warn short, i32 size, payload, pad (§4.2)."""
    return struct.pack("!hhi", c.SQ_TUPLE, 0, len(payload)) + payload + _pad(len(payload))


def protocols(mask: bytes) -> bytes:
    return struct.pack("!hh", c.SQ_PROTOCOLS, len(mask)) + mask + _pad(len(mask))


def column_width(col: ColumnDesc) -> int:
    """Bytes the column occupies in a row buffer (the describe's tuple size and start positions)."""
    code = col.type_code
    if code in (tc.DECIMAL, tc.MONEY, tc.DATETIME, tc.INTERVAL):
        high, low = (col.encoded_length >> 8) & 0xFF, col.encoded_length & 0xFF
        return (high + (low & 1) + 3) // 2
    if code in (tc.VARCHAR, tc.NVARCHAR):
        return (col.encoded_length & 0xFF) + 1
    return col.encoded_length


def describe(stmt_type: int, columns: Sequence[ColumnDesc], encoding: str, stmt_id: int = 0) -> bytes:
    """SQ_DESCRIBE with 4-byte offsets (capability bit 50); nothing after the table size when nfields is 0."""
    names = bytearray()
    blocks = bytearray()
    start = 0
    for col in columns:
        name_offset = len(names)
        names += col.name.encode(encoding, "replace") + b"\x00"
        blocks += struct.pack("!iihi", name_offset, start, col.type_short, col.extended_id)
        blocks += cstr16(col.owner_name.encode(encoding, "replace"))
        blocks += cstr16(col.extended_name.encode(encoding, "replace"))
        blocks += struct.pack("!hhii", 0, 0, 0, col.encoded_length)
        start += column_width(col)
    tuple_size = min(start, 0x7FFF)
    head = struct.pack("!hhhihhi", c.SQ_DESCRIBE, stmt_type, stmt_id, 0, tuple_size, len(columns), len(names))
    if not columns:
        return head
    return head + bytes(blocks) + bytes(names) + _pad(len(names))


# -- BYTE/TEXT, smart-LOB files, fast path -----------------------------------------------

# SQ_FILE operation codes (§4.11).
FILE_OPEN, FILE_CLOSE, FILE_READ, FILE_WRITE = 0, 1, 2, 3


def blob_chunks(data: bytes, chunk_size: int) -> bytes:
    """A BYTE/TEXT value as SQ_BLOB chunks plus the zero-length end marker (§4.13)."""
    out = bytearray()
    for start in range(0, len(data), chunk_size):
        chunk = data[start : start + chunk_size]
        out += struct.pack("!hh", c.SQ_BLOB, len(chunk)) + chunk + _pad(len(chunk))
    out += struct.pack("!hh", c.SQ_BLOB, 0)
    return bytes(out)


def file_open(name: bytes, mode: int, flags: int, offset: int = 0) -> bytes:
    return struct.pack("!hh", c.SQ_FILE, FILE_OPEN) + cstr16(name) + struct.pack("!iiih", mode, flags, offset, c.SQ_EOT)


def file_write(data: bytes, chunk_size: int) -> bytes:
    """Write-to-client: the content as SQ_FILE_WRITE chunks, then EOT (the client answers)."""
    out = bytearray(struct.pack("!hh", c.SQ_FILE, FILE_WRITE))
    for start in range(0, len(data), chunk_size):
        chunk = data[start : start + chunk_size]
        out += struct.pack("!hh", c.SQ_FILE_WRITE, len(chunk)) + chunk + _pad(len(chunk))
    out += EOT
    return bytes(out)


def file_read(buffer_size: int, amount: int = -1) -> bytes:
    """Read-from-client: up to ``amount`` bytes (-1 = all) in chunks of at most ``buffer_size``."""
    return struct.pack("!hhHih", c.SQ_FILE, FILE_READ, buffer_size, amount, c.SQ_EOT)


def file_close() -> bytes:
    return struct.pack("!hhh", c.SQ_FILE, FILE_CLOSE, c.SQ_EOT)


def getroutine(database: bytes, handle: int) -> bytes:
    """SQ_GETROUTINE reply; the response's EOT must follow at once (§4.12)."""
    return struct.pack("!h", c.SQ_GETROUTINE) + cstr16(database) + struct.pack("!i", handle)


def fproutine_integers(values: Sequence[int | None]) -> bytes:
    """SQ_FPROUTINE carrying INTEGER return values (type, indicator, precision, data)."""
    out = bytearray(struct.pack("!hh", c.SQ_FPROUTINE, len(values)))
    for value in values:
        if value is None:
            out += struct.pack("!hhh", tc.INTEGER, -1, 0)
        else:
            out += struct.pack("!hhhi", tc.INTEGER, 0, 0x0A00, value)
    return bytes(out)
