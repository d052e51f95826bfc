"""Tuple encodings of every type, their NULL forms and bounds checking (PROTOCOL.md §4.2, §6)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from informix_db.exceptions import DataError, NotSupportedError, ProtocolError
from informix_db.types import (
    BLOB_DESCRIPTOR_NULL,
    BlobLocator,
    ClobLocator,
    CollectionValue,
    ColumnDesc,
    IntervalYM,
    RowValue,
    blob_descriptor,
    codec_for,
    decode_tuple_value,
    encode_tuple_value,
    parse_interval_qualifier,
    parse_qualifier,
)
from informix_db.types import typecodes as tc

ENC = "utf-8"


def width_of(col):
    return codec_for(col, ENC).width

SMALLINT = ColumnDesc("si", tc.SMALLINT, 2)
INTEGER = ColumnDesc("i", tc.INTEGER, 4)
SERIAL = ColumnDesc("s", tc.SERIAL, 4)
BIGINT = ColumnDesc("bi", tc.BIGINT, 8)
BIGSERIAL = ColumnDesc("bs", tc.BIGSERIAL, 8)
INT8 = ColumnDesc("i8", tc.INT8, 10)
SERIAL8 = ColumnDesc("s8", tc.SERIAL8, 10)
FLOAT = ColumnDesc("f", tc.FLOAT, 8)
SMALLFLOAT = ColumnDesc("sf", tc.SMALLFLOAT, 4)
DATE = ColumnDesc("d", tc.DATE, 4)
CHAR6 = ColumnDesc("c", tc.CHAR, 6)
NCHAR10 = ColumnDesc("nc", tc.NCHAR, 10)
VARCHAR = ColumnDesc("vc", tc.VARCHAR, 255)
NVARCHAR = ColumnDesc("nvc", tc.NVARCHAR, 255)
DECIMAL = ColumnDesc("dec", tc.DECIMAL, 0x0A02)
DECIMAL16 = ColumnDesc("dec16", tc.DECIMAL, 0x10FF)
MONEY = ColumnDesc("m", tc.MONEY, 0x0A02)
DATETIME = ColumnDesc("dt", tc.DATETIME, parse_qualifier("YEAR TO FRACTION(5)"))
TIME = ColumnDesc("t", tc.DATETIME, parse_qualifier("HOUR TO SECOND"))
DAYS = ColumnDesc("days", tc.DATETIME, parse_qualifier("YEAR TO DAY"))
INTERVAL_DS = ColumnDesc("ids", tc.INTERVAL, parse_interval_qualifier("DAY(9) TO FRACTION(5)"))
INTERVAL_YM = ColumnDesc("iym", tc.INTERVAL, parse_interval_qualifier("YEAR(9) TO MONTH"))
LVARCHAR = ColumnDesc("lv", tc.UDTVAR, 2048, extended_name="lvarchar")
BOOLEAN = ColumnDesc("b", tc.UDTFIXED, 1, extended_id=tc.XID_BOOLEAN, extended_name="boolean")
BLOB = ColumnDesc("bl", tc.UDTFIXED, 72, extended_id=tc.XID_BLOB, extended_name="blob")
CLOB = ColumnDesc("cl", tc.UDTFIXED, 72, extended_id=tc.XID_CLOB, extended_name="clob")
ROW = ColumnDesc("r", tc.ROW, 100, extended_name="ROW(name varchar(50), age integer)")
SET = ColumnDesc("st", tc.SET, 100, extended_name="SET(integer not null)")
MULTISET = ColumnDesc("ms", tc.MULTISET, 100, extended_name="MULTISET(integer not null)")
LIST = ColumnDesc("li", tc.LIST, 100, extended_name="LIST(varchar(10) not null)")
BYTE = ColumnDesc("by", tc.BYTE, 56)
TEXT = ColumnDesc("tx", tc.TEXT, 56)
BARE_LVARCHAR = ColumnDesc("lv43", tc.LVARCHAR, 2048)
BARE_BOOLEAN = ColumnDesc("b45", tc.BOOLEAN, 1)
OPAQUE_UDT = ColumnDesc("u", tc.UDTFIXED, 6, extended_id=2000, extended_name="mytype")
UNKNOWN = ColumnDesc("x", 99, 3)
NOT_NULL_INT = ColumnDesc("nn", tc.INTEGER | tc.FLAG_NOT_NULL, 4)

LOCATOR = bytes(range(72))

SAMPLES = [
    (SMALLINT, -32767), (INTEGER, 2**31 - 1), (SERIAL, 7), (BIGINT, -(2**63) + 1), (BIGSERIAL, 2**62),
    (INT8, -123456789012), (SERIAL8, 1), (FLOAT, -2.5e300), (SMALLFLOAT, 1.5), (DATE, dt.date(2026, 8, 31)),
    (CHAR6, "ab"), (NCHAR10, "nch"), (VARCHAR, "systables"), (NVARCHAR, "é"),
    (DECIMAL, Decimal("-1234.56")), (DECIMAL16, Decimal("1234567890.123456")), (MONEY, Decimal("0.5")),
    (DATETIME, dt.datetime(2026, 8, 31, 12, 30, 15, 120000)), (TIME, dt.time(23, 59, 58)),
    (DAYS, dt.date(1, 1, 1)), (INTERVAL_DS, dt.timedelta(days=-3, microseconds=10)),
    (INTERVAL_YM, IntervalYM(-13)), (LVARCHAR, "odd"), (BOOLEAN, True), (BOOLEAN, False),
    (BLOB, BlobLocator(LOCATOR)), (CLOB, ClobLocator(LOCATOR)),
    (ROW, RowValue(b"ROW('Alice',30)", ROW.extended_name)),
    (SET, CollectionValue(b"SET{1,2}", "set", SET.extended_name)),
    (MULTISET, CollectionValue(b"MULTISET{1,1}", "multiset", MULTISET.extended_name)),
    (LIST, CollectionValue(b"LIST{'a'}", "list", LIST.extended_name)),
    (BYTE, blob_descriptor(5)), (TEXT, blob_descriptor(9)), (BARE_LVARCHAR, "long text"),
    (BARE_BOOLEAN, True), (OPAQUE_UDT, b"\x01\x02\x03\x04\x05\x06"), (UNKNOWN, b"abc"),
    (NOT_NULL_INT, 5),
]
ALL_COLUMNS = [col for col in dict.fromkeys(col for col, _ in SAMPLES) if col not in (OPAQUE_UDT, UNKNOWN)]


@pytest.mark.parametrize(("col", "value"), SAMPLES, ids=lambda x: getattr(x, "name", None))
def test_round_trip_samples(col, value):
    data = encode_tuple_value(col, value, ENC)
    width = width_of(col)
    if width is not None:
        assert len(data) == width
    assert decode_tuple_value(col, b"\xee" + data + b"\xee", 1, ENC) == (value, len(data) + 1)


@pytest.mark.parametrize("col", ALL_COLUMNS, ids=lambda c: c.name)
def test_null_round_trip(col):
    data = encode_tuple_value(col, None, ENC)
    assert data == codec_for(col, ENC).null
    width = width_of(col)
    if width is not None:
        assert len(data) == width
    assert decode_tuple_value(col, data, 0, ENC) == (None, len(data))


@pytest.mark.parametrize(("col", "value"), SAMPLES, ids=lambda x: getattr(x, "name", None))
def test_truncated_values_raise_protocol_error(col, value):
    data = encode_tuple_value(col, value, ENC)
    for cut in range(len(data)):
        with pytest.raises(ProtocolError):
            decode_tuple_value(col, data[:cut], 0, ENC)


@pytest.mark.parametrize(
    ("col", "value", "hexbytes"),
    [
        (CHAR6, "ab", "61 62 20 20 20 20"),
        (CHAR6, "", "20 20 20 20 20 20"),
        (CHAR6, None, "00 20 20 20 20 20"),
        (NCHAR10, "nch", "6E 63 68 20 20 20 20 20 20 20"),
        (VARCHAR, "systables", "09 73 79 73 74 61 62 6C 65 73"),
        (NVARCHAR, "nvc", "03 6E 76 63"),
        (VARCHAR, "", "00"),
        (VARCHAR, None, "01 00"),
        (SMALLINT, None, "80 00"),
        (INTEGER, None, "80 00 00 00"),
        (DATE, None, "80 00 00 00"),
        (DATE, dt.date(2026, 8, 31), "00 00 B4 B8"),
        (BIGINT, None, "80 00 00 00 00 00 00 00"),
        (FLOAT, None, "FF FF FF FF FF FF FF FF"),
        (SMALLFLOAT, None, "FF FF FF FF"),
        (DECIMAL, Decimal("1234.56"), "C2 0C 22 38 00 00"),
        (DECIMAL, None, "00 00 00 00 00 00"),
        (INT8, 42, "00 01 00 00 00 2A 00 00 00 00"),
        (LVARCHAR, "odd", "00 00 00 00 03 6F 64 64"),
        (LVARCHAR, "", "00 00 00 00 00"),
        (LVARCHAR, None, "01 00 00 00 00"),
        (BOOLEAN, True, "00 00 00 00 01 74"),
        (BOOLEAN, False, "00 00 00 00 01 66"),
        (BOOLEAN, None, "01 00 00 00 00"),
        (ROW, None, "01 00 00 00 00"),
    ],
)
def test_wire_vectors(col, value, hexbytes):
    data = bytes.fromhex(hexbytes)
    assert encode_tuple_value(col, value, ENC) == data
    assert decode_tuple_value(col, data, 0, ENC) == (value, len(data))


def test_captured_payload_with_boolean():
    # §4.2: (INT 111111, BOOLEAN 't', INT 222222, VARCHAR 'tail').
    payload = bytes.fromhex("00 01 B2 07 00 00 00 00 01 74 00 03 64 0E 04 74 61 69 6C")
    assert _decode_row([INTEGER, BOOLEAN, INTEGER, VARCHAR], payload) == (111111, True, 222222, "tail")


def test_captured_payload_with_lvarchar_has_no_pad():
    # §6.13: (INT8 2001, LVARCHAR 'PackageRoot', INT8 10) from a 12.10 server.
    payload = bytes.fromhex("00 01 00 00 07 D1 00 00 00 00 00 00 00 00 0B") + b"PackageRoot" + bytes.fromhex(
        "00 01 00 00 00 0A 00 00 00 00"
    )
    assert _decode_row([INT8, LVARCHAR, INT8], payload) == (2001, "PackageRoot", 10)


def test_null_composite_keeps_its_length_word():
    # §6.13 / peer evidence: (INT 8, SET NULL, VARCHAR 'xyz').
    payload = bytes.fromhex("00 00 00 08 01 00 00 00 00 03 78 79 7A")
    assert _decode_row([INTEGER, SET, VARCHAR], payload) == (8, None, "xyz")


def _decode_row(columns, payload):
    values = []
    pos = 0
    for col in columns:
        value, pos = decode_tuple_value(col, payload, pos, ENC)
        values.append(value)
    assert pos == len(payload)
    return tuple(values)


def test_lob_locator_is_144_hex_characters():
    data = encode_tuple_value(BLOB, BlobLocator(LOCATOR), ENC)
    assert len(data) == 149
    assert data[:5] == bytes.fromhex("00 00 00 00 90")
    assert data[5:] == LOCATOR.hex().encode("ascii")
    assert decode_tuple_value(BLOB, data[:5] + LOCATOR.hex().upper().encode(), 0, ENC)[0] == BlobLocator(LOCATOR)


def test_lob_locator_of_wrong_size_raises_protocol_error():
    with pytest.raises(ProtocolError):
        decode_tuple_value(CLOB, bytes.fromhex("00 00 00 00 04") + b"abcd", 0, ENC)


def test_char_drops_blanks_beyond_its_width():
    assert encode_tuple_value(CHAR6, "abc     ", ENC) == b"abc   "


def test_char_strips_trailing_blanks_and_nuls():
    assert decode_tuple_value(CHAR6, b"ab  \x00\x00", 0, ENC) == ("ab", 6)


def test_byte_descriptor_null_is_byte_39():
    assert BLOB_DESCRIPTOR_NULL[39] == 1
    assert decode_tuple_value(BYTE, BLOB_DESCRIPTOR_NULL, 0, ENC) == (None, 56)


def test_decimal_is_rounded_to_the_column_scale():
    assert decode_tuple_value(DECIMAL, encode_tuple_value(DECIMAL, Decimal("1.005"), ENC), 0, ENC)[0] == Decimal("1.01")
    assert decode_tuple_value(DECIMAL16, encode_tuple_value(DECIMAL16, Decimal("1") / 3, ENC), 0, ENC)[0] == Decimal(
        "0.3333333333333333"
    )


@pytest.mark.parametrize(
    ("col", "value"),
    [
        (SMALLINT, 32768), (SMALLINT, -32768), (INTEGER, 2**31), (INTEGER, -(2**31)),
        (BIGINT, -(2**63)), (INT8, 2**63), (SMALLFLOAT, 1e300), (CHAR6, "toolong"), (CHAR6, "\x00a"),
        (VARCHAR, "x" * 256), (VARCHAR, "\x00"), (DECIMAL, Decimal("123456789")), (DECIMAL, Decimal("NaN")),
        (DECIMAL, Decimal("99999999.995")), (INTEGER, "1"), (DATE, "2026-01-01"), (CHAR6, 5), (FLOAT, "1.5"),
        (INTERVAL_DS, IntervalYM(1)), (BLOB, ClobLocator(LOCATOR)), (BYTE, b"short"), (UNKNOWN, b"ab"),
        (ColumnDesc("latin", tc.CHAR, 4), "€"),
    ],
)
def test_out_of_range_and_wrong_values_raise_data_error(col, value):
    encoding = "latin-1" if col.name == "latin" else ENC
    with pytest.raises(DataError):
        encode_tuple_value(col, value, encoding)


@pytest.mark.parametrize("col", [OPAQUE_UDT, UNKNOWN], ids=lambda c: c.name)
def test_types_without_a_null_form_refuse_none(col):
    with pytest.raises(NotSupportedError):
        encode_tuple_value(col, None, ENC)


def test_invalid_utf8_raises_data_error():
    with pytest.raises(DataError):
        decode_tuple_value(VARCHAR, b"\x02\xff\xfe", 0, ENC)


def test_negative_lengths_raise_protocol_error():
    with pytest.raises(ProtocolError):
        decode_tuple_value(LVARCHAR, bytes.fromhex("00 FF FF FF FF 61"), 0, ENC)
    with pytest.raises(ProtocolError):
        decode_tuple_value(BARE_LVARCHAR, bytes.fromhex("FF FF FF FF 61"), 0, ENC)


def test_fixed_widths():
    assert width_of(INTEGER) == 4
    assert width_of(INT8) == 10
    assert width_of(CHAR6) == 6
    assert width_of(DECIMAL16) == 10
    assert width_of(DATETIME) == 11
    assert width_of(BYTE) == 56
    assert width_of(OPAQUE_UDT) == 6
    for variable in (VARCHAR, NVARCHAR, LVARCHAR, BOOLEAN, BLOB, ROW, SET, BARE_LVARCHAR):
        assert width_of(variable) is None


def test_codec_is_chosen_once_per_column():
    assert codec_for(INTEGER, ENC) is codec_for(ColumnDesc("i", tc.INTEGER, 4), ENC)


def test_memoryview_payloads_decode():
    data = memoryview(encode_tuple_value(VARCHAR, "abc", ENC) + encode_tuple_value(DECIMAL, Decimal("7"), ENC))
    value, pos = decode_tuple_value(VARCHAR, data, 0, ENC)
    assert (value, decode_tuple_value(DECIMAL, data, pos, ENC)) == ("abc", (Decimal("7"), 10))


text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


@given(st.integers(-32767, 32767), st.integers(-(2**31) + 1, 2**31 - 1), st.integers(-(2**63) + 1, 2**63 - 1))
def test_integer_round_trips(small, medium, large):
    for col, value in ((SMALLINT, small), (INTEGER, medium), (SERIAL, medium), (BIGINT, large),
                       (BIGSERIAL, large), (INT8, large), (SERIAL8, large)):
        assert decode_tuple_value(col, encode_tuple_value(col, value, ENC), 0, ENC)[0] == value


@given(st.floats(allow_nan=False), st.floats(width=32, allow_nan=False))
def test_float_round_trips(double, single):
    assert decode_tuple_value(FLOAT, encode_tuple_value(FLOAT, double, ENC), 0, ENC)[0] == double
    assert decode_tuple_value(SMALLFLOAT, encode_tuple_value(SMALLFLOAT, single, ENC), 0, ENC)[0] == single


@given(st.dates())
def test_date_round_trip(value):
    assert decode_tuple_value(DATE, encode_tuple_value(DATE, value, ENC), 0, ENC)[0] == value


@given(text)
def test_string_round_trips(value):
    raw = value.encode(ENC)
    wide_char = ColumnDesc("c", tc.CHAR, 300)
    assert decode_tuple_value(wide_char, encode_tuple_value(wide_char, value, ENC), 0, ENC)[0] == value.rstrip(" ")
    assert decode_tuple_value(LVARCHAR, encode_tuple_value(LVARCHAR, value, ENC), 0, ENC)[0] == value
    if len(raw) <= 255:
        assert decode_tuple_value(VARCHAR, encode_tuple_value(VARCHAR, value, ENC), 0, ENC)[0] == value


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**8) + 1, max_value=10**8 - 1))
def test_money_round_trip(value):
    assert decode_tuple_value(MONEY, encode_tuple_value(MONEY, value, ENC), 0, ENC)[0] == value


@given(st.datetimes(min_value=dt.datetime(1, 1, 1)))
def test_datetime_round_trip(value):
    expected = value.replace(microsecond=value.microsecond // 10 * 10)
    assert decode_tuple_value(DATETIME, encode_tuple_value(DATETIME, value, ENC), 0, ENC)[0] == expected


@given(st.timedeltas(min_value=dt.timedelta(days=-(10**9) + 1), max_value=dt.timedelta(days=10**9 - 1)))
def test_interval_round_trip(value):
    micros = (value.days * 86400 + value.seconds) * 10**6 + value.microseconds
    magnitude = abs(micros) // 10 * 10
    expected = dt.timedelta(microseconds=magnitude if micros >= 0 else -magnitude)
    assert decode_tuple_value(INTERVAL_DS, encode_tuple_value(INTERVAL_DS, value, ENC), 0, ENC)[0] == expected


@given(st.binary(max_size=300))
def test_composite_round_trip(body):
    assert decode_tuple_value(ROW, encode_tuple_value(ROW, body, ENC), 0, ENC)[0] == RowValue(body, ROW.extended_name)


@given(st.sampled_from(ALL_COLUMNS + [OPAQUE_UDT, UNKNOWN]), st.binary(max_size=200), st.integers(0, 10))
def test_arbitrary_bytes_decode_or_raise_driver_errors(col, data, pos):
    try:
        value, new_pos = decode_tuple_value(col, data, pos, ENC)
    except (ProtocolError, DataError):
        return
    assert pos < new_pos <= len(data) or (pos == new_pos and width_of(col) == 0)
