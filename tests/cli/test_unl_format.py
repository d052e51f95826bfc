"""The UNL format as Informix's UNLOAD writes it and LOAD reads it (no server needed)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db.transfer import FileOptions, TextStyle
from informix_db.transfer.textvalues import Column, ValueFormatError, formatter, parser
from informix_db.transfer.unl import UnlReader, UnlWriter
from informix_db.types import IntervalYM
from informix_db.types import typecodes as tc
from informix_db.types.qualifier import parse_interval_qualifier, parse_qualifier

CHAR10 = Column("c", tc.CHAR, 10)
VARCHAR = Column("v", tc.VARCHAR, 20)
INTEGER = Column("i", tc.INTEGER, 4)


def unl(columns, rows, **options) -> bytes:
    out = io.BytesIO()
    UnlWriter(out, columns, FileOptions(**options)).write(rows)
    return out.getvalue()


def records(data: bytes, **options):
    return [(r.line, r.fields) for r in UnlReader(io.BytesIO(data), FileOptions(**options)).records()]


def test_each_field_ends_with_the_delimiter_and_null_is_an_empty_field():
    assert unl([INTEGER, VARCHAR, INTEGER], [(1, "a", None), (None, None, 2)]) == b"1|a||\n||2|\n"


def test_empty_string_is_backslash_blank_and_a_blank_stays_a_blank():
    data = unl([VARCHAR, VARCHAR, CHAR10], [("", " ", "   ")])
    assert data == b"\\ | |\\ |\n"  # CHAR loses its trailing blanks, so all blanks is empty
    assert records(data) == [(1, ["", " ", ""])]


def test_char_loses_trailing_blanks_varchar_keeps_them():
    assert unl([CHAR10, VARCHAR], [(" ab  ", " ab  ")]) == b" ab| ab  |\n"


def test_delimiter_backslash_and_newline_are_escaped_and_read_back():
    value = "a|b\\c\nd"
    data = unl([VARCHAR, INTEGER], [(value, 7)])
    assert data == b"a\\|b\\\\c\\\nd|7|\n"
    assert records(data) == [(1, [value, "7"])]


def test_records_spanning_lines_keep_their_first_line_number():
    data = unl([VARCHAR], [("one",), ("two\nlines",), ("three",)])
    assert [line for line, _ in records(data)] == [1, 2, 4]


def test_other_delimiter_and_a_missing_final_delimiter():
    assert unl([VARCHAR, VARCHAR], [("a;b", "c")], delimiter=";") == b"a\\;b;c;\n"
    assert records(b"a\\;b;c\n", delimiter=";") == [(1, ["a;b", "c"])]
    assert records(b"x|\n|y\n") == [(1, ["x"]), (2, [None, "y"])]


@pytest.mark.parametrize("delimiter", ["\\", "\n", "a", "7", "||"])
def test_delimiters_informix_refuses(delimiter):
    with pytest.raises(ValueError, match="delimiter"):
        UnlWriter(io.BytesIO(), [VARCHAR], FileOptions(delimiter=delimiter))


@pytest.mark.parametrize(("dbdate", "text"), [
    ("", "08/31/2026"), ("MDY4/", "08/31/2026"), ("Y4MD-", "2026-08-31"), ("DMY4.", "31.08.2026"),
    ("DMY2/", "31/08/26"), ("Y4MD0", "20260831"),
])
def test_dbdate_decides_the_date_form(dbdate, text):
    style = TextStyle.from_environment({"DBDATE": dbdate})
    column = Column("d", tc.DATE, 4)
    assert formatter(column, style)(dt.date(2026, 8, 31)) == text
    assert parser(column, style)(text) == dt.date(2026, 8, 31)


def test_bad_dbdate_is_refused():
    with pytest.raises(ValueError, match="DBDATE"):
        TextStyle.from_environment({"DBDATE": "MMY4/"})


def test_dbmoney_separator_applies_to_money_and_decimals_keep_their_scale():
    money = Column("m", tc.MONEY, (8 << 8) | 2)
    decimal = Column("d", tc.DECIMAL, (8 << 8) | 2)
    style = TextStyle.from_environment({"DBMONEY": "EUR,"})
    assert formatter(money, style)(Decimal("-3.1")) == "-3,10"
    assert parser(money, style)("-3,10") == Decimal("-3.10")
    assert formatter(decimal, style)(Decimal("12.5")) == "12.50"
    floating = Column("f", tc.DECIMAL, (16 << 8) | 0xFF)
    assert formatter(floating, TextStyle())(Decimal("1E-7")) == "0.0000001"


@pytest.mark.parametrize(("qualifier", "value", "text"), [
    ("YEAR TO SECOND", dt.datetime(2026, 1, 2, 3, 4, 5), "2026-01-02 03:04:05"),
    ("YEAR TO FRACTION(3)", dt.datetime(2026, 1, 2, 3, 4, 5, 120000), "2026-01-02 03:04:05.120"),
    ("YEAR TO DAY", dt.date(2026, 1, 2), "2026-01-02"),
    ("HOUR TO MINUTE", dt.time(23, 59), "23:59"),
    ("MONTH TO DAY", dt.date(1, 12, 25), "12-25"),
])
def test_datetime_shows_its_qualifier_units_only(qualifier, value, text):
    column = Column("t", tc.DATETIME, parse_qualifier(qualifier))
    assert formatter(column, TextStyle())(value) == text
    assert parser(column, TextStyle())(text) == value


@pytest.mark.parametrize(("qualifier", "value", "text"), [
    ("DAY(3) TO SECOND", dt.timedelta(days=5, hours=10, minutes=20, seconds=30), "5 10:20:30"),
    ("HOUR TO MINUTE", dt.timedelta(hours=100, minutes=5), "100:05"),
    ("DAY TO FRACTION(2)", -dt.timedelta(days=1, milliseconds=250), "-1 00:00:00.25"),
    ("YEAR TO MONTH", IntervalYM(27), "2-03"),
    ("MONTH TO MONTH", IntervalYM(-14), "-14"),
])
def test_interval_forms(qualifier, value, text):
    column = Column("i", tc.INTERVAL, parse_interval_qualifier(qualifier))
    assert formatter(column, TextStyle())(value) == text
    assert parser(column, TextStyle())(text) == value


def test_boolean_byte_and_float_forms():
    boolean = Column("b", tc.UDTFIXED, 1)
    assert [formatter(boolean, TextStyle())(v) for v in (True, False)] == ["t", "f"]
    assert parser(boolean, TextStyle())("f") is False
    byte = Column("y", tc.BYTE, 56)
    assert formatter(byte, TextStyle())(b"\x00\xffA") == "00FF41"
    assert parser(byte, TextStyle())("00ff41") == b"\x00\xffA"
    number = Column("f", tc.FLOAT, 8)
    assert parser(number, TextStyle())(formatter(number, TextStyle())(0.1 + 0.2)) == 0.1 + 0.2


@pytest.mark.parametrize(("column", "text"), [
    (INTEGER, "12x"), (Column("d", tc.DATE, 4), "02/30/2026"), (Column("d", tc.DATE, 4), "2026-02-01"),
    (Column("m", tc.MONEY, 0x802), "1.2.3"), (Column("b", tc.UDTFIXED, 1), "yes"),
])
def test_bad_text_is_a_value_format_error(column, text):
    with pytest.raises(ValueFormatError):
        parser(column, TextStyle())(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.text()), min_size=3, max_size=3), max_size=5),
       st.sampled_from("|;,\t !#"))
def test_any_text_and_nulls_read_back_as_written(rows, delimiter):
    columns = [VARCHAR, VARCHAR, VARCHAR]
    if delimiter == " " and any(value == " " for row in rows for value in row):
        # One blank and the empty string are both written "\ " with a blank delimiter.
        with pytest.raises(ValueFormatError, match="one blank"):
            unl(columns, rows, delimiter=delimiter)
        return
    data = unl(columns, rows, delimiter=delimiter)
    assert [fields for _, fields in records(data, delimiter=delimiter)] == rows


def test_one_blank_with_a_blank_delimiter_is_refused_not_read_back_empty():
    with pytest.raises(ValueFormatError, match="one blank"):
        unl([VARCHAR], [[" "]], delimiter=" ")
    assert [f for _, f in records(unl([VARCHAR], [["  "]], delimiter=" "), delimiter=" ")] == [["  "]]
