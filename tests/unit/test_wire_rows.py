"""RowDecoder and read_tuples: golden vectors (PROTOCOL.md §4.2, §6), agreement with
informix_db.types on encoded values, and hostile bytes, against both implementations."""

from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db import types
from informix_db._impl import wire_implementations
from informix_db.exceptions import ProtocolError
from informix_db.types import ColumnDesc, IntervalYM
from informix_db.types import typecodes as tc

IMPLS = wire_implementations()




def col(type_code, length=0, xid=0, xname="", name="c"):
    return ColumnDesc(name, type_code, length, xid, xname)


BOOLEAN = col(tc.UDTFIXED, 1, tc.XID_BOOLEAN, "boolean")
LVARCHAR = col(tc.UDTVAR, 2048, 1, "lvarchar")
DEC_10_2 = col(tc.DECIMAL, 0x0A02)

GOLDEN = [
    # §4.2
    ((col(tc.INTEGER, 4),), "00000001", (1,)),
    ((col(tc.INTEGER, 4), BOOLEAN, col(tc.INTEGER, 4), col(tc.VARCHAR, 20)),
     "0001B207 000000000174 0003640E 047461696C", (111111, True, 222222, "tail")),
    # §6.2 / §6.4 / §6.6 NULL sentinels and plain values
    ((col(tc.SMALLINT, 2), col(tc.SMALLINT, 2)), "8000 FFFE", (None, -2)),
    ((col(tc.SERIAL, 4),), "80000000", (None,)),
    ((col(tc.BIGINT, 8), col(tc.BIGSERIAL, 8)), "8000000000000000 FFFFFFFFFFFFFFFF", (None, -1)),
    ((col(tc.FLOAT, 8), col(tc.FLOAT, 8)), "FFFFFFFFFFFFFFFF 3FF8000000000000", (None, 1.5)),
    ((col(tc.SMALLFLOAT, 4), col(tc.SMALLFLOAT, 4)), "FFFFFFFF 3FC00000", (None, 1.5)),
    # §6.5 INT8
    ((col(tc.INT8, 10),), "0001BE991A140000001C", (123456789012,)),
    ((col(tc.SERIAL8, 10),), "FFFFBE991A140000001C", (-123456789012,)),
    ((col(tc.INT8, 10),), "0001000000000000 0001", (1 << 32,)),
    ((col(tc.INT8, 10),), "0001000000000000 0000", (0,)),
    ((col(tc.INT8, 10),), "00000000000000000000", (None,)),
    # §6.7 CHAR / NCHAR
    ((col(tc.CHAR, 6),), "616220202020", ("ab",)),
    ((col(tc.CHAR, 6),), "202020202020", ("",)),
    ((col(tc.CHAR, 6),), "002020202020", (None,)),
    ((col(tc.NCHAR, 10),), "6E636820202020202020", ("nch",)),
    # §6.8 VARCHAR / NVARCHAR
    ((col(tc.VARCHAR, 20),), "0973797374616 26C6573".replace(" ", ""), ("systables",)),
    ((col(tc.NVARCHAR, 20), col(tc.VARCHAR, 20), col(tc.VARCHAR, 20)), "036E7663 00 0100", ("nvc", "", None)),
    # §6.9 DECIMAL(10,2)
    ((DEC_10_2,), "C20C22380000", (Decimal("1234.56"),)),
    ((DEC_10_2,), "3D57412C0000", (Decimal("-1234.56"),)),
    ((DEC_10_2,), "C03200000000", (Decimal("0.5"),)),
    ((DEC_10_2,), "3F3200000000", (Decimal("-0.5"),)),
    ((DEC_10_2,), "3E0001000000", (Decimal("-99.99"),)),
    ((DEC_10_2,), "C10700000000", (Decimal("7"),)),
    ((DEC_10_2,), "000000000000", (None,)),
    ((col(tc.MONEY, 0x0A02),), "C20C22320000", (Decimal("1234.5"),)),
    ((col(tc.DECIMAL, 0x10FF),), "C3010000000000000000", (Decimal("10000"),)),
    # §6.10 DATE
    ((col(tc.DATE, 4), col(tc.DATE, 4), col(tc.DATE, 4)), "0000B4B8 00000000 80000000",
     (dt.date(2026, 8, 31), dt.date(1899, 12, 31), None)),
    # §6.11 DATETIME
    ((col(tc.DATETIME, 0x0E0A),), "C7141A05040C2238", (dt.datetime(2026, 5, 4, 12, 34, 56),)),
    ((col(tc.DATETIME, 0x0804),), "C7141A0504", (dt.date(2026, 5, 4),)),
    ((col(tc.DATETIME, 0x066A),), "C30C2238", (dt.time(12, 34, 56),)),
    ((col(tc.DATETIME, 0x110D),), "C7141A05040C22380C1E", (dt.datetime(2026, 5, 4, 12, 34, 56, 123000),)),
    ((col(tc.DATETIME, 0x130F),), "C7141A081F0C1E0F0C0000", (dt.datetime(2026, 8, 31, 12, 30, 15, 120000),)),
    ((col(tc.DATETIME, 0x0E0A),), "0000000000000000", (None,)),
    # §6.12 INTERVAL (decoded through informix_db.types)
    ((col(tc.INTERVAL, 0x084A),), "C403040506", (dt.timedelta(days=3, hours=4, minutes=5, seconds=6),)),
    ((col(tc.INTERVAL, 0x084A),), "3B605F5E5E", (-dt.timedelta(days=3, hours=4, minutes=5, seconds=6),)),
    ((col(tc.INTERVAL, 0x0602),), "C7000503", (IntervalYM(63),)),
    # §6.13 UDT envelope
    ((LVARCHAR, LVARCHAR, LVARCHAR), "00000000036F6464 0000000000 0100000000", ("odd", "", None)),
    ((BOOLEAN, BOOLEAN, BOOLEAN), "000000000174 000000000166 0100000000", (True, False, None)),
    ((col(tc.INT8, 10), LVARCHAR, col(tc.INT8, 10)),
     "0001000007D100000000 00 0000000B" + b"PackageRoot".hex() + "00010000000A00000000",
     (2001, "PackageRoot", 10)),
]


@pytest.mark.parametrize(("columns", "payload_hex", "expected"), GOLDEN)
def test_golden_vectors(w, columns, payload_hex, expected):
    payload = bytes.fromhex(payload_hex.replace(" ", ""))
    row = w.RowDecoder(columns, "iso-8859-1").decode(payload)
    assert row == expected
    assert [type(v) for v in row] == [type(v) for v in expected]
    assert [str(v) for v in row] == [str(v) for v in expected]


def test_row_is_a_plain_tuple(w):
    assert type(w.RowDecoder((col(tc.INTEGER, 4),), "latin-1").decode(b"\x00\x00\x00\x01")) is tuple


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1", "cp1252", "iso-8859-15"])
def test_text_codecs(w, encoding):
    text = "Grüße €" if encoding != "iso-8859-1" else "Grüße ¤"
    raw = text.encode(encoding)
    row = w.RowDecoder((col(tc.VARCHAR, 40), col(tc.CHAR, 20), LVARCHAR), encoding).decode(
        bytes((len(raw),)) + raw + raw.ljust(20, b" ") + b"\x00" + struct.pack("!i", len(raw)) + raw
    )
    assert row == (text, text, text)


def test_undecodable_text_is_a_protocol_error(w):
    with pytest.raises(ProtocolError):
        w.RowDecoder((col(tc.VARCHAR, 10),), "utf-8").decode(b"\x02\xff\xfe")


def test_unknown_encoding_is_rejected_up_front(w):
    with pytest.raises(LookupError):
        w.RowDecoder((col(tc.VARCHAR, 10),), "no-such-codec")


@pytest.mark.parametrize(
    ("column", "payload_hex"),
    [
        (col(tc.DATE, 4), "7FFFFFFF"),                 # beyond 9999-12-31
        (DEC_10_2, "C2FF22380000"),                     # digit byte above 99
        (col(tc.DATETIME, 0x0E0A), "C7141A0D040C2238"),  # month 13
        (col(tc.DATETIME, 0x0E0A), "47141A05040C2238"),  # negative DATETIME
        (LVARCHAR, "00FFFFFFFF"),                       # negative envelope length
        (col(tc.INTEGER, 4), "000000"),                 # truncated
        (col(tc.INTERVAL, 0x084A), "C403"),             # truncated, decoded by types
    ],
)
def test_bad_values_are_protocol_errors(w, column, payload_hex):
    with pytest.raises(ProtocolError):
        w.RowDecoder((column,), "latin-1").decode(bytes.fromhex(payload_hex))


def test_normalised_datetime_is_realigned(w):
    # HOUR TO SECOND 00:34:56 with exponent 2 instead of 3: the leading zero byte was left out.
    assert w.RowDecoder((col(tc.DATETIME, 0x066A),), "latin-1").decode(bytes.fromhex("C2223800")) == (
        dt.time(0, 34, 56),
    )


# ---------------------------------------------------------------------------------------
# Values encoded by informix_db.types decode identically in both implementations.

latin_text = st.text(st.characters(min_codepoint=1, max_codepoint=255), max_size=30)


@st.composite
def decimal_columns(draw):
    precision = draw(st.integers(1, 32))
    unscaled = draw(st.booleans())
    scale = 255 if unscaled else draw(st.integers(0, precision))
    code = draw(st.sampled_from([tc.DECIMAL, tc.MONEY]))
    digits = draw(st.integers(1, precision))
    coefficient = draw(st.integers(-(10**digits) + 1, 10**digits - 1))
    exponent = draw(st.integers(-20, 20)) if unscaled else -scale
    if not unscaled and digits > precision - scale + scale:
        digits = precision
    value = Decimal(coefficient).scaleb(exponent)
    if not unscaled and value and value.adjusted() >= precision - scale:
        value = Decimal(0)
    return col(code, (precision << 8) | scale), draw(st.none() | st.just(value))


DATETIME_QUALIFIERS = [
    types.make_qualifier(start, end)
    for start in (tc.TU_YEAR, tc.TU_MONTH, tc.TU_DAY, tc.TU_HOUR, tc.TU_MINUTE, tc.TU_SECOND)
    for end in (0, 2, 4, 6, 8, 10, 11, 12, 13, 14, 15)
    if end >= start
]


@st.composite
def datetime_columns(draw):
    qualifier = draw(st.sampled_from(DATETIME_QUALIFIERS))
    value = draw(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)))
    if (qualifier >> 4) & 0x0F >= tc.TU_HOUR:
        value = value.time()
    return col(tc.DATETIME, qualifier), draw(st.none() | st.just(value))


def simple(column, values):
    return st.tuples(st.just(column), st.none() | values)


COLUMN_VALUES = st.one_of(
    simple(col(tc.SMALLINT, 2), st.integers(-(2**15) + 1, 2**15 - 1)),
    simple(col(tc.INTEGER, 4), st.integers(-(2**31) + 1, 2**31 - 1)),
    simple(col(tc.SERIAL, 4), st.integers(1, 2**31 - 1)),
    simple(col(tc.BIGINT, 8), st.integers(-(2**63) + 1, 2**63 - 1)),
    simple(col(tc.BIGSERIAL, 8), st.integers(1, 2**63 - 1)),
    simple(col(tc.INT8, 10), st.integers(-(2**63) + 1, 2**63 - 1)),
    simple(col(tc.SERIAL8, 10), st.integers(1, 2**63 - 1)),
    simple(col(tc.FLOAT, 8), st.floats(allow_nan=False)),
    simple(col(tc.SMALLFLOAT, 4), st.floats(width=32, allow_nan=False)),
    simple(col(tc.CHAR, 30), latin_text),
    simple(col(tc.NCHAR, 30), latin_text),
    simple(col(tc.VARCHAR, 255), latin_text),
    simple(col(tc.NVARCHAR, 255), latin_text),
    simple(LVARCHAR, latin_text),
    simple(BOOLEAN, st.booleans()),
    simple(col(tc.DATE, 4), st.dates()),
    decimal_columns(),
    datetime_columns(),
    simple(col(tc.INTERVAL, types.make_qualifier(tc.TU_DAY, tc.TU_FRACTION + 3, 5)),
           st.timedeltas(min_value=dt.timedelta(days=-99999), max_value=dt.timedelta(days=99999))),
    simple(col(tc.INTERVAL, types.make_qualifier(tc.TU_YEAR, tc.TU_MONTH, 4)),
           st.integers(-9999 * 12, 9999 * 12).map(IntervalYM)),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COLUMN_VALUES, min_size=1, max_size=8))
def test_types_encoded_values_decode_identically(cells):
    columns = tuple(c for c, _ in cells)
    payload = b"".join(types.encode_tuple_value(c, v, "iso-8859-1") for c, v in cells)
    expected = []
    pos = 0
    for c, _ in cells:
        value, pos = types.decode_tuple_value(c, payload, pos, "iso-8859-1")
        expected.append(value)
    for impl in IMPLS:
        row = impl.RowDecoder(columns, "iso-8859-1").decode(payload)
        assert row == tuple(expected), impl.__name__
        assert [repr(v) for v in row] == [repr(v) for v in expected], impl.__name__


# ---------------------------------------------------------------------------------------
# Hostile bytes: only NeedMoreData / ProtocolError, and both implementations agree.

FUZZ_COLUMNS = (
    col(tc.SMALLINT, 2), col(tc.INTEGER, 4), col(tc.BIGINT, 8), col(tc.INT8, 10), col(tc.FLOAT, 8),
    col(tc.SMALLFLOAT, 4), col(tc.CHAR, 5), col(tc.VARCHAR, 20), LVARCHAR, BOOLEAN, col(tc.DATE, 4),
    DEC_10_2, col(tc.DATETIME, 0x0E0A), col(tc.DATETIME, 0x066A), col(tc.DATETIME, 0x130F),
    col(tc.INTERVAL, 0x084A),
    # Types decoded by the shared Python fallback inside both implementations.
    col(tc.INTERVAL, types.make_qualifier(tc.TU_YEAR, tc.TU_MONTH, 4)), col(tc.MONEY, 0x0802),
    col(tc.NCHAR, 3), col(tc.NVARCHAR, 12), col(tc.SERIAL8, 10), col(tc.BIGSERIAL, 8),
    col(tc.BYTE, 56), col(tc.TEXT, 56), col(tc.UDTFIXED, 72, tc.XID_BLOB, "blob"),
    col(tc.UDTFIXED, 72, tc.XID_CLOB, "clob"), col(tc.SET, 30, 0, "set(integer not null)"),
    col(tc.LIST, 30, 0, "list(varchar(10) not null)"), col(tc.ROW, 30, 0, "row(a integer, b varchar(5))"),
)


def outcome(impl, columns, encoding, stream):
    """What read_tuples makes of ``stream``: the rows, or the class of error."""
    buf = impl.ReadBuffer(64)
    buf.feed(stream)
    rows = []
    try:
        count = buf.read_tuples(impl.RowDecoder(columns, encoding), rows)
        return ("rows", count, repr(rows), buf.available())
    except ProtocolError:
        return ("ProtocolError", repr(rows))
    except impl.NeedMoreData:
        return ("NeedMoreData", repr(rows))


def single_payload(columns, encoding, payload):
    results = []
    for impl in IMPLS:
        try:
            results.append(("row", repr(impl.RowDecoder(columns, encoding).decode(payload))))
        except ProtocolError:
            results.append(("ProtocolError",))
    return results


column_subsets = st.lists(st.sampled_from(FUZZ_COLUMNS), min_size=1, max_size=6).map(tuple)


@settings(max_examples=600, deadline=None)
@given(column_subsets, st.sampled_from(["iso-8859-1", "utf-8"]), st.binary(max_size=80))
def test_random_payloads(columns, encoding, payload):
    results = single_payload(columns, encoding, payload)
    assert all(r == results[0] for r in results), results


@settings(max_examples=600, deadline=None)
@given(column_subsets, st.sampled_from(["iso-8859-1", "utf-8"]), st.binary(max_size=120))
def test_random_streams(columns, encoding, noise):
    stream = struct.pack("!hhi", 14, 0, len(noise)) + noise
    results = [outcome(impl, columns, encoding, s) for impl in IMPLS for s in (stream, noise)]
    assert results[0::2] == [results[0]] * len(IMPLS)
    assert results[1::2] == [results[1]] * len(IMPLS)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(COLUMN_VALUES, min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=4),
    st.integers(0, 10**6),
)
def test_mutated_streams(cells, mutations, cut):
    columns = tuple(c for c, _ in cells)
    payload = b"".join(types.encode_tuple_value(c, v, "iso-8859-1") for c, v in cells)
    message = struct.pack("!hhi", 14, 0, len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")
    stream = bytearray(message * 2 + b"\x00\x0c")
    for at, byte in mutations:
        stream[at % len(stream)] = byte
    stream = bytes(stream[: cut % (len(stream) + 1)])
    results = [outcome(impl, columns, "iso-8859-1", stream) for impl in IMPLS]
    assert results == [results[0]] * len(IMPLS)
    mutated_payload = stream[8:]
    results = single_payload(columns, "iso-8859-1", mutated_payload)
    assert results == [results[0]] * len(IMPLS)
