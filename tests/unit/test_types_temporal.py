"""DATETIME / INTERVAL qualifiers and packed values (PROTOCOL.md §6.10-6.12), DATE day numbers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from informix_db.exceptions import DataError, ProgrammingError, ProtocolError
from informix_db.types import (
    IntervalYM,
    date_to_days,
    days_to_date,
    first_precision,
    format_qualifier,
    is_year_month,
    make_qualifier,
    pack_datetime,
    pack_interval,
    parse_interval_qualifier,
    parse_qualifier,
    qualifier_parts,
    qualifier_width,
    unpack_datetime,
    unpack_interval,
)
from informix_db.types import typecodes as tc


@pytest.mark.parametrize(
    ("text", "enc"),
    [("YEAR TO SECOND", 0x0E0A), ("YEAR TO FRACTION(5)", 0x130F), ("HOUR TO SECOND", 0x066A),
     ("YEAR TO DAY", 0x0804), ("YEAR TO FRACTION(3)", 0x110D), ("year to fraction", 0x110D),
     ("HOUR TO FRACTION(5)", 0x0B6F), ("YEAR", 0x0400), ("FRACTION TO FRACTION(3)", 0x03CD)],
)
def test_parse_datetime_qualifier(text, enc):
    assert parse_qualifier(text) == enc


@pytest.mark.parametrize(
    ("text", "enc"),
    [("DAY(2) TO SECOND", 0x084A), ("YEAR(4) TO MONTH", 0x0602), ("DAY(9) TO FRACTION(5)", 0x144F),
     ("HOUR(2) TO MINUTE", 0x0468), ("DAY TO SECOND", 0x084A), ("YEAR TO MONTH", 0x0602),
     ("MONTH(3) TO MONTH", 0x0322), ("YEAR(9) TO MONTH", 0x0B02), ("DAY(5) TO SECOND", 0x0B4A)],
)
def test_parse_interval_qualifier(text, enc):
    assert parse_interval_qualifier(text) == enc


@pytest.mark.parametrize(
    "text",
    ["", "YEAR TO", "SECOND TO YEAR", "DAY(2) TO SECOND", "YEAR TO FRACTION(6)", "DECADE TO YEAR",
     "HOUR TO SECOND(2)"],
)
def test_bad_datetime_qualifier_text(text):
    with pytest.raises(ProgrammingError):
        parse_qualifier(text)


@pytest.mark.parametrize("text", ["YEAR TO DAY", "DAY(10) TO SECOND", "DAY(0) TO DAY", "FRACTION(2) TO FRACTION(3)"])
def test_bad_interval_qualifier_text(text):
    with pytest.raises(ProgrammingError):
        parse_interval_qualifier(text)


def test_make_qualifier_digits_rule():
    assert make_qualifier(tc.TU_YEAR, tc.TU_SECOND) == 0x0E0A
    assert make_qualifier(tc.TU_HOUR, tc.TU_SECOND) == 0x066A
    assert make_qualifier(tc.TU_DAY, tc.TU_FRACTION + 5, 9) == 0x144F
    with pytest.raises(ProgrammingError):
        make_qualifier(tc.TU_SECOND, tc.TU_YEAR)
    with pytest.raises(ProgrammingError):
        make_qualifier(tc.TU_DAY, 7)


def test_qualifier_parts_and_helpers():
    assert qualifier_parts(0x144F) == (20, 4, 15)
    assert first_precision(0x144F) == 9
    assert is_year_month(0x0B02) and not is_year_month(0x144F)
    assert qualifier_width(0x144F) == 12


@pytest.mark.parametrize(
    ("enc", "interval", "text"),
    [(0x0E0A, False, "YEAR TO SECOND"), (0x110D, False, "YEAR TO FRACTION(3)"),
     (0x144F, True, "DAY(9) TO FRACTION(5)"), (0x084A, True, "DAY TO SECOND"),
     (0x0602, True, "YEAR TO MONTH"), (0x0322, True, "MONTH(3) TO MONTH")],
)
def test_format_qualifier(enc, interval, text):
    assert format_qualifier(enc, interval) == text
    parse = parse_interval_qualifier if interval else parse_qualifier
    assert parse(text) == enc


# §6.11 examples.
DATETIME_VECTORS = [
    (0x0E0A, dt.datetime(2026, 5, 4, 12, 34, 56), "C7 14 1A 05 04 0C 22 38"),
    (0x0804, dt.date(2026, 5, 4), "C7 14 1A 05 04"),
    (0x066A, dt.time(12, 34, 56), "C3 0C 22 38"),
    (0x110D, dt.datetime(2026, 5, 4, 12, 34, 56, 123000), "C7 14 1A 05 04 0C 22 38 0C 1E"),
    (0x130F, dt.datetime(2026, 8, 31, 12, 30, 15, 120000), "C7 14 1A 08 1F 0C 1E 0F 0C 00 00"),
]


@pytest.mark.parametrize(("enc", "value", "hexbytes"), DATETIME_VECTORS)
def test_datetime_vectors(enc, value, hexbytes):
    data = bytes.fromhex(hexbytes)
    assert pack_datetime(value, enc) == data
    assert unpack_datetime(data, enc) == value
    assert len(data) == qualifier_width(enc)


def test_datetime_result_types_follow_the_qualifier():
    moment = dt.datetime(2026, 5, 4, 12, 34, 56, 789000)
    assert type(unpack_datetime(pack_datetime(moment, 0x0804), 0x0804)) is dt.date
    assert type(unpack_datetime(pack_datetime(moment, 0x066A), 0x066A)) is dt.time
    assert type(unpack_datetime(pack_datetime(moment, 0x0E0A), 0x0E0A)) is dt.datetime
    month_to_minute = parse_qualifier("MONTH TO MINUTE")
    assert unpack_datetime(pack_datetime(moment, month_to_minute), month_to_minute) == dt.datetime(1, 5, 4, 12, 34)


def test_fraction_is_truncated_to_the_qualifier_digits():
    moment = dt.datetime(2026, 5, 4, 12, 34, 56, 987654)
    assert unpack_datetime(pack_datetime(moment, 0x0F0B), 0x0F0B).microsecond == 900000
    assert unpack_datetime(pack_datetime(moment, 0x110D), 0x110D).microsecond == 987000
    assert unpack_datetime(pack_datetime(moment, 0x130F), 0x130F).microsecond == 987650
    assert pack_datetime(moment, 0x130F, keep_microseconds=True)[-3:] == bytes((98, 76, 54))


def test_datetime_null_and_errors():
    assert unpack_datetime(bytes(8), 0x0E0A) is None
    with pytest.raises(DataError):
        pack_datetime(dt.time(1, 2, 3), 0x0E0A)
    with pytest.raises(DataError):
        pack_datetime("2026-01-01", 0x0E0A)
    with pytest.raises(DataError):  # month 13
        unpack_datetime(bytes.fromhex("C7 14 1A 0D 01"), 0x0804)
    with pytest.raises(DataError):  # negative DATETIME
        unpack_datetime(bytes.fromhex("38 4F 49 5E 60"), 0x0804)
    with pytest.raises(DataError):  # invalid qualifier
        pack_datetime(dt.date(2026, 1, 1), 0x0805)
    with pytest.raises(DataError):  # a DATETIME's first field has a fixed precision
        pack_datetime(dt.date(2026, 1, 1), 0x0A26)
    with pytest.raises(ProtocolError):
        unpack_datetime(bytes.fromhex("C7 14 FF 01 01"), 0x0804)


def test_datetime_decoder_realigns_normalised_forms():
    # 00:00:05 HOUR TO SECOND with the leading zero bytes dropped: exponent 1, digit 05.
    assert unpack_datetime(bytes.fromhex("C1 05"), 0x066A) == dt.time(0, 0, 5)
    with pytest.raises(DataError):
        unpack_datetime(bytes.fromhex("C9 05"), 0x066A)


# §6.12 examples.
INTERVAL_VECTORS = [
    (0x084A, dt.timedelta(days=3, hours=4, minutes=5, seconds=6), "C4 03 04 05 06"),
    (0x084A, -dt.timedelta(days=3, hours=4, minutes=5, seconds=6), "3B 60 5F 5E 5E"),
    (0x0B4A, dt.timedelta(days=12345), "C6 01 17 2D 00 00 00"),
    (0x0B4D, dt.timedelta(days=1, milliseconds=500), "C4 01 00 00 00 32 00"),
    (0x0602, IntervalYM(5 * 12 + 3), "C7 00 05 03"),
    (0x0322, IntervalYM(365), "C6 03 41"),
    (0x0B02, IntervalYM(5 * 12 + 3), "CA 00 00 00 00 05 03"),
    (0x144F, dt.timedelta(days=3, hours=4, minutes=5, seconds=6), "C8 00 00 00 00 03 04 05 06 00 00 00"),
]


@pytest.mark.parametrize(("enc", "value", "hexbytes"), INTERVAL_VECTORS)
def test_interval_vectors(enc, value, hexbytes):
    data = bytes.fromhex(hexbytes)
    assert pack_interval(value, enc) == data
    assert unpack_interval(data, enc) == value
    assert len(data) == qualifier_width(enc)


def test_interval_fields_below_the_qualifier_are_truncated():
    hour_to_minute = parse_interval_qualifier("HOUR(2) TO MINUTE")
    assert unpack_interval(pack_interval(dt.timedelta(hours=5, minutes=7, seconds=59), hour_to_minute),
                           hour_to_minute) == dt.timedelta(hours=5, minutes=7)
    year_only = parse_interval_qualifier("YEAR(4) TO YEAR")
    assert unpack_interval(pack_interval(IntervalYM(-29), year_only), year_only) == IntervalYM(-24)


def test_interval_first_field_overflow_and_wrong_types():
    day2 = parse_interval_qualifier("DAY(2) TO SECOND")
    with pytest.raises(DataError):
        pack_interval(dt.timedelta(days=100), day2)
    with pytest.raises(DataError):
        pack_interval(IntervalYM(3), day2)
    with pytest.raises(DataError):
        pack_interval(dt.timedelta(days=1), 0x0602)
    with pytest.raises(DataError):
        pack_interval(IntervalYM(1.5), 0x0602)


def test_interval_spanning_month_and_day_is_invalid():
    year_to_day = make_qualifier(tc.TU_YEAR, tc.TU_DAY)
    with pytest.raises(DataError):
        unpack_interval(bytes.fromhex("C7 14 1A 05 04"), year_to_day)
    with pytest.raises(DataError):
        pack_interval(IntervalYM(3), year_to_day)


def test_interval_null():
    assert unpack_interval(bytes(5), 0x084A) is None


def test_interval_decoder_realigns_normalised_forms():
    # 5 seconds in DAY(2) TO SECOND written normalised: exponent 1, digit 05.
    assert unpack_interval(bytes.fromhex("C1 05"), 0x084A) == dt.timedelta(seconds=5)
    assert unpack_interval(bytes.fromhex("3E 5F"), 0x084A) == dt.timedelta(seconds=-5)


def test_interval_ym_text():
    assert str(IntervalYM(63)) == "5-03"
    assert str(IntervalYM(-63)) == "-5-03"
    assert (IntervalYM(-63).years, IntervalYM(-63).remainder_months) == (-5, -3)
    assert (IntervalYM(0).years, IntervalYM(0).remainder_months) == (0, 0)


def test_date_day_numbers():
    assert date_to_days(dt.date(2026, 8, 31)) == 46264
    assert date_to_days(dt.date(1899, 12, 31)) == 0
    assert days_to_date(1) == dt.date(1900, 1, 1)
    with pytest.raises(DataError):
        days_to_date(10**8)


DATETIME_QUALIFIERS = [parse_qualifier(q) for q in (
    "YEAR TO SECOND", "YEAR TO DAY", "YEAR TO FRACTION(1)", "YEAR TO FRACTION(2)", "YEAR TO FRACTION(3)",
    "YEAR TO FRACTION(4)", "YEAR TO FRACTION(5)", "YEAR TO MONTH", "YEAR TO YEAR", "MONTH TO HOUR",
    "DAY TO MINUTE", "HOUR TO SECOND", "HOUR TO FRACTION(5)", "MINUTE TO FRACTION(3)", "SECOND TO SECOND",
    "FRACTION TO FRACTION(5)",
)]


def _expected_datetime(value: dt.datetime, enc: int):
    _digits, start, end = qualifier_parts(enc)
    defaults = (1, 1, 1, 0, 0, 0)
    parts = [getattr(value, name) if start <= unit <= end else defaults[unit >> 1]
             for unit, name in zip((0, 2, 4, 6, 8, 10), ("year", "month", "day", "hour", "minute", "second"))]
    fraction_digits = max(0, end - 10)
    micro = value.microsecond // 10 ** (6 - fraction_digits) * 10 ** (6 - fraction_digits) if fraction_digits else 0
    if start >= tc.TU_HOUR:
        return dt.time(*parts[3:], micro)
    if end <= tc.TU_DAY:
        return dt.date(*parts[:3])
    return dt.datetime(*parts, micro)


@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59, 999999)),
       st.sampled_from(DATETIME_QUALIFIERS))
def test_datetime_round_trip(value, enc):
    if (value.month, value.day) == (2, 29) and not enc & 0xF0 == 0:
        value = value.replace(day=28)  # year 1 fills missing years and is no leap year
    data = pack_datetime(value, enc)
    assert len(data) == qualifier_width(enc)
    assert unpack_datetime(data, enc) == _expected_datetime(value, enc)


DAY_FAMILY = [parse_interval_qualifier(q) for q in (
    "DAY(9) TO FRACTION(5)", "DAY(2) TO SECOND", "DAY(5) TO FRACTION(3)", "HOUR(9) TO FRACTION(1)",
    "MINUTE(9) TO SECOND", "SECOND(9) TO FRACTION(4)", "DAY(3) TO FRACTION(2)", "DAY(1) TO HOUR",
)]
_UNIT_MICROS = {4: 86400 * 10**6, 6: 3600 * 10**6, 8: 60 * 10**6, 10: 10**6}


@given(st.integers(-(10**17), 10**17), st.sampled_from(DAY_FAMILY))
def test_day_family_round_trip(micros, enc):
    _digits, start, end = qualifier_parts(enc)
    last_unit_micros = _UNIT_MICROS[min(end, 10)] if end <= 10 else 10 ** (16 - end)
    capacity = 10 ** first_precision(enc) * _UNIT_MICROS[start]
    magnitude = abs(micros) % capacity
    value = dt.timedelta(microseconds=magnitude if micros >= 0 else -magnitude)
    expected_magnitude = magnitude // last_unit_micros * last_unit_micros
    expected = dt.timedelta(microseconds=expected_magnitude if micros >= 0 else -expected_magnitude)
    data = pack_interval(value, enc)
    assert len(data) == qualifier_width(enc)
    assert unpack_interval(data, enc) == expected


@given(st.integers(-(10**9) * 12 + 1, 10**9 * 12 - 1))
def test_year_month_round_trip(months):
    assert unpack_interval(pack_interval(IntervalYM(months), 0x0B02), 0x0B02) == IntervalYM(months)
    month9 = parse_interval_qualifier("MONTH(9) TO MONTH")
    assert unpack_interval(pack_interval(IntervalYM(months % 10**9), month9), month9) == IntervalYM(months % 10**9)
