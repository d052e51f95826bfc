"""ReadBuffer framing and WriteBuffer layout, against both wire implementations."""

from __future__ import annotations

import struct

import pytest

from informix_db.exceptions import ProtocolError
from informix_db.types import ColumnDesc
from informix_db.types import typecodes as tc

INT_COLUMN = (ColumnDesc("n", tc.INTEGER, 4),)


def tuple_message(payload: bytes) -> bytes:
    return struct.pack("!hhi", 14, 0, len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")


ROWS_AND_TAIL = (
    tuple_message(bytes.fromhex("0001B207 000000000174 0003640E 047461696C".replace(" ", "")))
    + tuple_message(bytes.fromhex("00000001 0000000001 66 80000000 0100".replace(" ", "")))
    + struct.pack("!hhiii", 15, 0, 2, 0, 0)
    + struct.pack("!h", 12)
)
CAPTURED_COLUMNS = (
    ColumnDesc("a", tc.INTEGER, 4),
    ColumnDesc("b", tc.UDTFIXED, 1, tc.XID_BOOLEAN, "boolean"),
    ColumnDesc("c", tc.INTEGER, 4),
    ColumnDesc("d", tc.VARCHAR, 20),
)
EXPECTED_ROWS = [(111111, True, 222222, "tail"), (1, False, None, None)]


def test_primitive_reads_are_big_endian(w):
    buf = w.ReadBuffer()
    buf.feed(bytes.fromhex("FF FFFE 8001 FFFFFFFE FFFFFFFFFFFFFFFD 3FF8000000000000 0003 616263 00"))
    assert buf.read_u8() == 255
    assert buf.read_i16() == -2
    assert buf.read_u16() == 0x8001
    assert buf.read_i32() == -2
    assert buf.read_i64() == -3
    assert buf.read_f64() == 1.5
    assert buf.peek_i16() == 3
    assert buf.read_cstr16("ascii") == "abc"
    assert buf.available() == 0


def test_incomplete_read_consumes_nothing_and_rewind_restarts(w):
    buf = w.ReadBuffer()
    buf.feed(b"\x00\x07\x00\x00")
    buf.mark()
    assert buf.read_i16() == 7
    with pytest.raises(w.NeedMoreData):
        buf.read_i32()
    assert buf.available() == 2
    buf.rewind()
    buf.feed(b"\x00\x2A")
    assert (buf.read_i16(), buf.read_i32()) == (7, 42)


def test_read_cstr16_is_atomic(w):
    buf = w.ReadBuffer()
    buf.feed(b"\x00\x03ab")
    with pytest.raises(w.NeedMoreData):
        buf.read_cstr16("latin-1")
    assert buf.available() == 4
    buf.feed(b"c\x00\x00\x01")
    assert buf.read_cstr16("latin-1") == "abc"
    assert buf.read_i16() == 1


def test_skip_pad_and_read_bytes(w):
    buf = w.ReadBuffer()
    buf.feed(b"abc\x00de")
    assert buf.read_bytes(3) == b"abc"
    buf.skip_pad(3)
    buf.skip_pad(2)
    buf.skip(1)
    assert buf.read_bytes(1) == b"e"


@pytest.mark.parametrize("length", [-1, -32768])
def test_negative_lengths_are_protocol_errors(w, length):
    buf = w.ReadBuffer()
    buf.feed(struct.pack("!h", length) + b"xxxx")
    with pytest.raises(ProtocolError):
        buf.read_cstr16("latin-1")
    with pytest.raises(ProtocolError):
        buf.read_bytes(length)


def test_read_tuples_decodes_and_stops_at_other_tags(w):
    buf = w.ReadBuffer()
    buf.feed(ROWS_AND_TAIL)
    rows = []
    assert buf.read_tuples(w.RowDecoder(CAPTURED_COLUMNS, "iso-8859-1"), rows) == 2
    assert rows == EXPECTED_ROWS
    assert buf.read_i16() == 15  # SQ_DONE left for the caller


def test_read_tuples_respects_max_rows(w):
    buf = w.ReadBuffer()
    buf.feed(ROWS_AND_TAIL)
    decoder = w.RowDecoder(CAPTURED_COLUMNS, "iso-8859-1")
    rows = []
    assert buf.read_tuples(decoder, rows, 1) == 1
    assert buf.read_tuples(decoder, rows, 1) == 1
    assert rows == EXPECTED_ROWS


def test_split_at_every_byte_boundary(w):
    decoder = w.RowDecoder(CAPTURED_COLUMNS, "iso-8859-1")
    for cut in range(len(ROWS_AND_TAIL) + 1):
        buf = w.ReadBuffer(16)
        rows = []
        buf.feed(ROWS_AND_TAIL[:cut])
        buf.read_tuples(decoder, rows)
        buf.feed(ROWS_AND_TAIL[cut:])
        buf.read_tuples(decoder, rows)
        assert rows == EXPECTED_ROWS, cut
        assert buf.read_i16() == 15


def test_byte_by_byte_through_get_buffer(w):
    decoder = w.RowDecoder(CAPTURED_COLUMNS, "iso-8859-1")
    buf = w.ReadBuffer(16)
    rows = []
    for byte in ROWS_AND_TAIL:
        view = buf.get_buffer()
        view[0] = byte
        del view
        buf.buffer_updated(1)
        buf.read_tuples(decoder, rows)
    assert rows == EXPECTED_ROWS
    buf.mark()
    assert [buf.read_i16(), buf.read_i16(), buf.read_i32()] == [15, 0, 2]


def test_growth_keeps_views_valid_and_data_intact(w):
    buf = w.ReadBuffer(16)
    old_view = buf.get_buffer()
    payload = bytes(range(256)) * 40
    buf.feed(payload)  # grows past the first storage while old_view is alive
    old_view[0] = 1  # writing to a stale view must not crash
    assert buf.read_bytes(len(payload)) == payload


def test_buffer_updated_beyond_the_view_is_rejected(w):
    buf = w.ReadBuffer(16)
    view = buf.get_buffer()
    with pytest.raises(ValueError):
        buf.buffer_updated(len(view) + 1)


def test_rows_consumed_by_read_tuples_are_not_replayed(w):
    buf = w.ReadBuffer()
    decoder = w.RowDecoder(INT_COLUMN, "latin-1")
    buf.feed(tuple_message(b"\x00\x00\x00\x05") + b"\x00\x0f\x00")
    buf.mark()
    rows = []
    assert buf.read_tuples(decoder, rows) == 1
    assert buf.read_i16() == 15
    with pytest.raises(w.NeedMoreData):
        buf.read_i32()
    buf.rewind()
    assert buf.read_tuples(decoder, rows) == 0
    assert rows == [(5,)]


@pytest.mark.parametrize("size", [-1, 0x7FFFFFFF])
def test_insane_tuple_length_is_a_protocol_error(w, size):
    buf = w.ReadBuffer()
    buf.feed(struct.pack("!hhi", 14, 0, size) + b"\x00" * 8)
    with pytest.raises(ProtocolError):
        buf.read_tuples(w.RowDecoder(INT_COLUMN, "latin-1"), [])


def test_payload_not_consumed_exactly_is_a_protocol_error(w):
    buf = w.ReadBuffer()
    buf.feed(tuple_message(b"\x00\x00\x00\x05\x00\x00"))
    with pytest.raises(ProtocolError):
        buf.read_tuples(w.RowDecoder(INT_COLUMN, "latin-1"), [])


def test_write_buffer_layout(w):
    out = w.WriteBuffer()
    out.write_i16(-2)
    out.write_i32(42)
    out.write_i64(-1)
    out.write_padded(b"abc")
    out.write_cstr16(b"hello")
    out.write_cstr32(b"xy")
    out.write_bytes(bytearray(b"!"))
    assert out.getvalue() == bytes.fromhex(
        "FFFE 0000002A FFFFFFFFFFFFFFFF 61626300 0005 68656C6C6F00 00000002 7879 21".replace(" ", "")
    )
    assert len(out) == 33
    out.clear()
    assert out.getvalue() == b"" and len(out) == 0


@pytest.mark.parametrize(("method", "value"), [("write_i16", 0x8000), ("write_i32", -(2**31) - 1), ("write_i64", 2**63)])
def test_write_out_of_range_raises_overflow(w, method, value):
    with pytest.raises(OverflowError):
        getattr(w.WriteBuffer(), method)(value)


def test_write_cstr16_too_long(w):
    with pytest.raises(OverflowError):
        w.WriteBuffer().write_cstr16(b"x" * 0x8000)
