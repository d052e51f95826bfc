"""SQ_BIND parameter values (PROTOCOL.md §3.7): the peer's encodings and the server's decoding."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from informix_db.exceptions import DataError, NotSupportedError, ProtocolError
from informix_db.types import (
    NULL_BIND,
    IntervalYM,
    bind_data_length,
    decode_bind_value,
    encode_bind_value,
)
from informix_db.types import typecodes as tc

ENC = "utf-8"


def _bind_hex(value) -> tuple[int, int, int, str]:
    type_code, indicator, prec, data = encode_bind_value(value, ENC)
    return type_code, indicator, prec, data.hex(" ").upper()


# (value, type, prec, data) from the §3.7 table and worked examples.
PEER_VECTORS = [
    (42, tc.INTEGER, 0x0A00, "00 00 00 2A"),
    ("hello", tc.CHAR, 0, "00 05 68 65 6C 6C 6F"),
    (dt.date(2026, 8, 31), tc.DATE, 0, "00 00 B4 B8"),
    (dt.datetime(2026, 8, 31, 12, 30, 15), tc.DATETIME, 0x0E0A, "00 08 C7 14 1A 08 1F 0C 1E 0F"),
    (dt.datetime(2026, 8, 31, 12, 30, 15, 120000), tc.DATETIME, 0x130F,
     "00 0B C7 14 1A 08 1F 0C 1E 0F 0C 00 00"),
    (Decimal("1234.56"), tc.DECIMAL, 0x0602, "00 04 C2 0C 22 38"),
    (Decimal("-1234.56"), tc.DECIMAL, 0x0602, "00 04 3D 57 41 2C"),
    (dt.timedelta(days=3, hours=4, minutes=5, seconds=6), tc.INTERVAL, 0x144F,
     "00 0C C8 00 00 00 00 03 04 05 06 00 00 00"),
    (IntervalYM(63), tc.INTERVAL, 0x0B02, "00 07 CA 00 00 00 00 05 03"),
    (True, tc.CHAR, 0, "00 01 74"),
    (False, tc.CHAR, 0, "00 01 66"),
    (2**31, tc.BIGINT, 0x1300, "00 00 00 00 80 00 00 00"),
    (-(2**31) - 1, tc.BIGINT, 0x1300, "FF FF FF FF 7F FF FF FF"),
    (-(2**31), tc.INTEGER, 0x0A00, "80 00 00 00"),
    (1.5, tc.FLOAT, 0, "3F F8 00 00 00 00 00 00"),
]


@pytest.mark.parametrize(("value", "type_code", "prec", "hexdata"), PEER_VECTORS)
def test_peer_encodings(value, type_code, prec, hexdata):
    assert _bind_hex(value) == (type_code, 0, prec, hexdata)


def test_null():
    assert encode_bind_value(None, ENC) == NULL_BIND == (0, -1, 0, b"")


@pytest.mark.parametrize("value", [b"hello", bytearray(b"hello"), memoryview(b"hello")])
def test_bytes_bind_a_byte_descriptor(value):
    type_code, indicator, prec, data = encode_bind_value(value, ENC)
    assert (type_code, indicator, prec, len(data)) == (tc.BYTE, 0, 0, 56)
    assert data == bytes(16) + b"\x00\x00\x00\x05" + bytes(36)
    assert decode_bind_value(type_code, prec, data, ENC) == 5


def test_time_binds_as_hour_to_fraction5():
    assert _bind_hex(dt.time(1, 2, 3, 456789)) == (tc.DATETIME, 0, 0x0B6F, "00 07 C3 01 02 03 2D 43 59")


def test_strings_beyond_the_char_limit_bind_as_text():
    assert len(encode_bind_value("x" * 32767, ENC)[3]) == 32769
    assert encode_bind_value("x" * 32768, ENC)[0] == tc.TEXT
    assert encode_bind_value("é" * 20000, ENC)[0] == tc.TEXT


def test_unencodable_string_raises_data_error():
    with pytest.raises(DataError):
        encode_bind_value("€", "latin-1")


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1])
def test_integers_beyond_64_bits_raise(value):
    with pytest.raises(DataError):
        encode_bind_value(value, ENC)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("1E+300")])
def test_unrepresentable_decimals_raise(value):
    with pytest.raises(DataError):
        encode_bind_value(value, ENC)


@pytest.mark.parametrize("value", [object(), [1], {"a": 1}, 1j, {1}])
def test_unsupported_types_name_the_type(value):
    with pytest.raises(NotSupportedError, match=type(value).__name__):
        encode_bind_value(value, ENC)


@pytest.mark.parametrize(
    ("type_code", "length"),
    [(tc.SMALLINT, 2), (tc.INTEGER, 4), (tc.FLOAT, 8), (tc.SMALLFLOAT, 4), (tc.DATE, 4), (tc.INT8, 10),
     (tc.BIGINT, 8), (tc.BYTE, 56)],
)
def test_fixed_bind_lengths(type_code, length):
    assert bind_data_length(type_code, b"", 0) == length


@pytest.mark.parametrize(
    "type_code",
    [tc.CHAR, tc.DECIMAL, tc.MONEY, tc.DATETIME, tc.VARCHAR, tc.INTERVAL, tc.NCHAR, tc.NVARCHAR, tc.UDTVAR,
     tc.LVARCHAR],
)
def test_prefixed_bind_lengths(type_code):
    assert bind_data_length(type_code, b"\xaa\x00\x05hello", 1) == 7


def test_bind_length_errors():
    with pytest.raises(ProtocolError):
        bind_data_length(tc.CHAR, b"\x00", 0)
    with pytest.raises(ProtocolError):
        bind_data_length(tc.CHAR, b"\xff\xfe", 0)
    with pytest.raises(NotSupportedError):
        bind_data_length(99, b"\x00\x00", 0)


def test_decode_rejects_inconsistent_data():
    with pytest.raises(ProtocolError):
        decode_bind_value(tc.INTEGER, 0x0A00, b"\x00\x01", ENC)
    with pytest.raises(ProtocolError):
        decode_bind_value(tc.CHAR, 0, b"\x00\x05ab", ENC)
    with pytest.raises(NotSupportedError):
        decode_bind_value(99, 0, b"", ENC)


def test_decode_other_server_side_types():
    assert decode_bind_value(tc.SMALLINT, 0, b"\xff\xfe", ENC) == -2
    assert decode_bind_value(tc.SMALLFLOAT, 0, b"\x3f\xc0\x00\x00", ENC) == 1.5
    assert decode_bind_value(tc.INT8, 0, bytes.fromhex("FF FF 00 00 00 2A 00 00 00 00"), ENC) == -42
    assert decode_bind_value(tc.BOOLEAN, 0, b"t", ENC) is True
    assert decode_bind_value(tc.MONEY, 0x0A02, bytes.fromhex("00 02 C1 07"), ENC) == 7
    assert decode_bind_value(tc.VARCHAR, 0, b"\x00\x03ab ", ENC) == "ab "


def _round_trip(value):
    type_code, indicator, prec, data = encode_bind_value(value, ENC)
    assert indicator == 0
    buf = b"\x11" + data + b"\x22"
    assert bind_data_length(type_code, buf, 1) == len(data)
    return decode_bind_value(type_code, prec, data, ENC)


@given(st.integers(-(2**63), 2**63 - 1))
def test_int_round_trip(value):
    assert _round_trip(value) == value


@given(st.floats(allow_nan=False))
def test_float_round_trip(value):
    assert _round_trip(value) == value


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=100))
def test_str_round_trip(value):
    if value.rstrip(" ").endswith("\x00"):  # CHAR/VARCHAR would lose it: refused, not altered
        with pytest.raises(DataError):
            _round_trip(value)
        return
    assert _round_trip(value) == value


@given(st.booleans())
def test_bool_round_trip_as_text(value):
    assert _round_trip(value) == ("t" if value else "f")


@given(st.dates())
def test_date_round_trip(value):
    assert _round_trip(value) == value


@given(st.datetimes(min_value=dt.datetime(1, 1, 1)))
def test_datetime_round_trip_keeps_five_fraction_digits(value):
    assert _round_trip(value) == value.replace(microsecond=value.microsecond // 10 * 10)


@given(st.times())
def test_time_round_trip(value):
    assert _round_trip(value) == value.replace(microsecond=value.microsecond // 10 * 10, tzinfo=None)


@given(st.decimals(allow_nan=False, allow_infinity=False).filter(
    lambda d: len(d.as_tuple().digits) <= 30 and -100 < d.adjusted() < 100))
def test_decimal_round_trip(value):
    assert _round_trip(value) == value


@given(st.timedeltas())
def test_timedelta_round_trip(value):
    micros = (value.days * 86400 + value.seconds) * 10**6 + value.microseconds
    magnitude = abs(micros) // 10 * 10
    assert _round_trip(value) == dt.timedelta(microseconds=magnitude if micros >= 0 else -magnitude)


@given(st.integers(-(10**9) * 12 + 1, 10**9 * 12 - 1))
def test_interval_ym_round_trip(months):
    assert _round_trip(IntervalYM(months)) == IntervalYM(months)


BIND_TYPES = [tc.CHAR, tc.SMALLINT, tc.INTEGER, tc.FLOAT, tc.SMALLFLOAT, tc.DECIMAL, tc.SERIAL, tc.DATE,
              tc.MONEY, tc.DATETIME, tc.BYTE, tc.TEXT, tc.VARCHAR, tc.INTERVAL, tc.NCHAR, tc.NVARCHAR,
              tc.INT8, tc.SERIAL8, tc.UDTVAR, tc.LVARCHAR, tc.BOOLEAN, tc.BIGINT, tc.BIGSERIAL]


@given(st.sampled_from(BIND_TYPES), st.integers(0, 0xFFFF), st.binary(max_size=80))
def test_arbitrary_bind_bytes_decode_or_raise_driver_errors(type_code, prec, data):
    try:
        length = bind_data_length(type_code, data, 0)
        decode_bind_value(type_code, prec, data[:length], ENC)
    except (ProtocolError, DataError):
        pass
