"""Drives protocol-core generators against a scripted server byte stream (no sockets)."""

from __future__ import annotations

import struct

from informix_db.protocol.core import NEED_DATA


def run(operation, reply: bytes, chunk: int | None = None):
    """Run ``operation`` feeding ``reply`` (in ``chunk``-byte pieces); returns (result, sent)."""
    session_rbuf = operation.gi_frame.f_locals["self"].rbuf
    sent = bytearray()
    pos = 0
    try:
        step = next(operation)
        while True:
            if step is NEED_DATA:
                if pos >= len(reply):
                    raise AssertionError(f"core waits for more data after {pos} bytes")
                piece = reply[pos:pos + (chunk or len(reply))]
                pos += len(piece)
                session_rbuf.feed(piece)
            else:
                sent += step
            step = next(operation)
    except StopIteration as done:
        return done.value, bytes(sent)


def i16(*values: int) -> bytes:
    return struct.pack(f"!{len(values)}h", *values)


def i32(*values: int) -> bytes:
    return struct.pack(f"!{len(values)}i", *values)


EOT = i16(12)
COST = i16(55) + i32(0, 0)


def done(rows: int = 0, serial: int = 0) -> bytes:
    return i16(15, 0) + i32(rows, 0, serial)


def err(sqlcode: int, isamcode: int = 0, offset: int = 0, near: bytes = b"") -> bytes:
    return i16(13, sqlcode, isamcode) + i32(offset) + i16(len(near)) + near + b"\x00" * (len(near) & 1)


def describe(statement_type: int, columns=()) -> bytes:
    """SQ_DESCRIBE with (name, type_short, encoded_length) columns, §4.1 layout."""
    table = b"".join(name.encode() + b"\x00" for name, _, _ in columns)
    body = i16(8, statement_type, 0) + i32(0) + i16(0, len(columns)) + i32(len(table) if columns else 0)
    offset = 0
    for name, type_short, length in columns:
        body += i32(offset, 0) + i16(type_short) + i32(0) + i16(0) + i16(0) + i16(0, 0) + i32(0, length)
        offset += len(name) + 1
    if columns:
        body += table + b"\x00" * (len(table) & 1)
    return body


def tuple_msg(payload: bytes) -> bytes:
    return i16(14, 0) + i32(len(payload)) + payload + b"\x00" * (len(payload) & 1)
