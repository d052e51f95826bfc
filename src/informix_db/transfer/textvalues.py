"""Column values as text and back, one converter per column chosen once.

Text files (UNL, CSV, JSON lines) carry values as Informix's UNLOAD writes them: DATE in
the ``DBDATE`` order, MONEY with the ``DBMONEY`` decimal separator and no currency symbol,
DATETIME and INTERVAL as digits and separators of their qualifier's units only, BOOLEAN as
``t``/``f``, BYTE as hexadecimal. CSV and JSON lines use the ISO forms (``TextStyle.iso()``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from operator import attrgetter

from ..types import typecodes as tc
from ..types.interval import IntervalYM
from ..types.qualifier import qualifier_parts

_DATETIME_SEPARATORS = {tc.TU_MONTH: "-", tc.TU_DAY: "-", tc.TU_HOUR: " ", tc.TU_MINUTE: ":", tc.TU_SECOND: ":"}
_INTERVAL_SEPARATORS = {tc.TU_MONTH: "-", tc.TU_HOUR: " ", tc.TU_MINUTE: ":", tc.TU_SECOND: ":"}
_WHOLE_UNITS = (tc.TU_YEAR, tc.TU_MONTH, tc.TU_DAY, tc.TU_HOUR, tc.TU_MINUTE, tc.TU_SECOND)
_MICROSECONDS = {tc.TU_DAY: 86_400_000_000, tc.TU_HOUR: 3_600_000_000, tc.TU_MINUTE: 60_000_000,
                 tc.TU_SECOND: 1_000_000}
INTEGER_TYPES = frozenset({tc.SMALLINT, tc.INTEGER, tc.SERIAL, tc.INT8, tc.SERIAL8, tc.BIGINT, tc.BIGSERIAL})
_FIXED_CHAR_TYPES = frozenset({tc.CHAR, tc.NCHAR})
TEXT_TYPES = frozenset({tc.CHAR, tc.NCHAR, tc.VARCHAR, tc.NVARCHAR, tc.LVARCHAR, tc.UDTVAR, tc.TEXT})  # UDTVAR: LVARCHAR
BOOLEAN_CODE = tc.UDTFIXED  # a BOOLEAN column's description type (1 byte; BLOB/CLOB locators share the code)
_BOOLEAN_TEXT = {"t": True, "f": False, "T": True, "F": False}
_DIGIT_FIELDS = re.compile(r"\d+")

Formatter = Callable[[object], str]
Parser = Callable[[str], object]


class ValueFormatError(ValueError):
    """A field's text is not a value of its column's type."""


@dataclass(frozen=True)
class TextStyle:
    """How DATE and MONEY values are written: ``DBDATE`` order and ``DBMONEY`` separator."""

    date_order: str = "MDY"  # the order of month, day and year
    year_digits: int = 4
    date_separator: str = "/"
    money_separator: str = "."

    @classmethod
    def iso(cls) -> TextStyle:
        return cls(date_order="YMD", year_digits=4, date_separator="-")

    @classmethod
    def from_environment(cls, environ) -> TextStyle:
        """The style ``DBDATE`` (e.g. ``MDY4/``, ``Y4MD-``, ``DMY2.``; ``0`` for no separator)
        and ``DBMONEY`` (its ``.`` or ``,`` is the decimal separator) in ``environ`` ask for."""
        style = {}
        dbdate = environ.get("DBDATE", "").strip().upper()
        if dbdate:
            match = re.fullmatch(r"([MDY])([24]?)([MDY])([24]?)([MDY])([24]?)([-./0]?)", dbdate)
            order = match and match.group(1) + match.group(3) + match.group(5)
            if not match or sorted(order) != ["D", "M", "Y"]:
                raise ValueError(f"DBDATE={dbdate!r} is not a date format such as MDY4/ or Y4MD-")
            digits = match.group(2 + 2 * order.index("Y")) or "4"
            separator = match.group(7)
            style.update(date_order=order, year_digits=int(digits),
                         date_separator="" if separator in ("0", "") else separator)
        dbmoney = environ.get("DBMONEY", "")
        if dbmoney:
            separators = [ch for ch in dbmoney if ch in ".,"]
            style["money_separator"] = separators[0] if separators else "."
        return cls(**style)


@dataclass(frozen=True)
class Column:
    """What a text conversion needs from a column's description."""

    name: str
    type_code: int
    length: int  # the description's internal size: bytes, or the packed precision/qualifier

    @classmethod
    def from_description(cls, description) -> list[Column]:
        return [cls(d[0], d[1], d[3]) for d in description]


def formatter(column: Column, style: TextStyle) -> Formatter:
    """The function that renders this column's non-NULL values as text."""
    code = column.type_code
    if code in INTEGER_TYPES:
        return str
    if code in _FIXED_CHAR_TYPES:
        return _strip_trailing_blanks
    if code in TEXT_TYPES:
        return str
    if code in (tc.FLOAT, tc.SMALLFLOAT):
        return repr
    if code in (tc.DECIMAL, tc.MONEY):
        separator = style.money_separator if code == tc.MONEY else "."
        return _decimal_formatter(column.length & 0xFF, separator)
    if code == tc.DATE:
        return _date_formatter(style)
    if code == tc.DATETIME:
        return _datetime_formatter(column.length)
    if code == tc.INTERVAL:
        return _interval_formatter(column.length)
    if code == BOOLEAN_CODE and column.length == 1:
        return lambda value: "t" if value else "f"
    if code == tc.BYTE:
        return lambda value: bytes(value).hex().upper()
    raise ValueFormatError(f"column {column.name}: type code {code} has no text form")


def display_formatter(column: Column, style: TextStyle) -> Formatter:
    """``formatter``, or ``str`` for a type with no text form in files (BLOB locators, collections)."""
    try:
        return formatter(column, style)
    except ValueFormatError:
        return str


def parser(column: Column, style: TextStyle) -> Parser:
    """The function that turns this column's text back into a value to bind."""
    code = column.type_code
    if code in INTEGER_TYPES:
        return _checked(int, "an integer")
    if code in TEXT_TYPES:
        return str
    if code in (tc.FLOAT, tc.SMALLFLOAT):
        return _checked(float, "a number")
    if code == tc.DECIMAL:
        return _parse_decimal
    if code == tc.MONEY:
        return _money_parser(style.money_separator)
    if code == tc.DATE:
        return _date_parser(style)
    if code == tc.DATETIME:
        return _datetime_parser(column.length)
    if code == tc.INTERVAL:
        return _interval_parser(column.length)
    if code == BOOLEAN_CODE and column.length == 1:
        return _parse_boolean
    if code == tc.BYTE:
        return _checked(bytes.fromhex, "hexadecimal")
    raise ValueFormatError(f"column {column.name}: type code {code} has no text form")


# -- simple types ---------------------------------------------------------------------


def _strip_trailing_blanks(value: str) -> str:
    return value.rstrip(" ")


def _checked(convert, what: str) -> Parser:
    def parse(text: str):
        try:
            return convert(text)
        except ValueError:
            raise ValueFormatError(f"{text!r} is not {what}") from None
    return parse


def _decimal_formatter(scale: int, separator: str) -> Formatter:
    """Digits of the column's scale (DECIMAL(p) without one: as they come), no exponent."""
    exponent = None if scale == 0xFF else Decimal(1).scaleb(-scale)

    def render(value: Decimal) -> str:
        if exponent is not None:
            value = value.quantize(exponent)
        text = format(value, "f")
        return text if separator == "." else text.replace(".", separator)
    return render


def _parse_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueFormatError(f"{text!r} is not a decimal number") from None
    if not value.is_finite():
        raise ValueFormatError(f"{text!r} is not a decimal number")
    return value


def _money_parser(separator: str) -> Parser:
    if separator == ".":
        return _parse_decimal
    return lambda text: _parse_decimal(text.replace(separator, "."))


def _parse_boolean(text: str) -> bool:
    try:
        return _BOOLEAN_TEXT[text]
    except KeyError:
        raise ValueFormatError(f"{text!r} is not a BOOLEAN (t or f)") from None


# -- DATE -----------------------------------------------------------------------------


def _date_formatter(style: TextStyle) -> Formatter:
    widths = {"M": 2, "D": 2, "Y": style.year_digits}
    template = style.date_separator.join(f"%0{widths[unit]}d" for unit in style.date_order)
    fields = attrgetter(*({"M": "month", "D": "day", "Y": "year"}[unit] for unit in style.date_order))
    if style.year_digits == 4:
        return lambda value: template % fields(value)
    at = style.date_order.index("Y")

    def render(value: dt.date) -> str:
        parts = list(fields(value))
        parts[at] %= 100
        return template % tuple(parts)
    return render


def _date_parser(style: TextStyle) -> Parser:
    widths = {"M": 2, "D": 2, "Y": style.year_digits}

    def parse(text: str) -> dt.date:
        if style.date_separator:
            pieces = text.split(style.date_separator)
        else:
            pieces, at = [], 0
            for unit in style.date_order:
                pieces.append(text[at:at + widths[unit]])
                at += widths[unit]
            if at != len(text):
                pieces = []
        if len(pieces) != 3 or not all(p.isdigit() for p in pieces):
            raise ValueFormatError(f"{text!r} is not a date in the form {_date_pattern(style)}")
        parts = dict(zip(style.date_order, map(int, pieces)))
        year = parts["Y"]
        if style.year_digits == 2 and len(pieces[style.date_order.index("Y")]) <= 2:
            year += dt.date.today().year // 100 * 100  # DBCENTURY's default: this century
        try:
            return dt.date(year, parts["M"], parts["D"])
        except ValueError as exc:
            raise ValueFormatError(f"{text!r} is not a valid date ({exc})") from None
    return parse


def _date_pattern(style: TextStyle) -> str:
    names = {"M": "mm", "D": "dd", "Y": "y" * style.year_digits}
    return style.date_separator.join(names[unit] for unit in style.date_order)


# -- DATETIME and INTERVAL --------------------------------------------------------------


def _units(qualifier: int) -> tuple[tuple[int, ...], int]:
    """The whole-number units of a qualifier and its count of FRACTION digits."""
    _, start, end = qualifier_parts(qualifier)
    return tuple(u for u in _WHOLE_UNITS if start <= u <= end), max(0, end - tc.TU_SECOND)


def _join_fields(units, fields, fraction: str | None, separators) -> str:
    text = "".join((separators[unit] if i else "") + field for i, (unit, field) in enumerate(zip(units, fields)))
    if fraction is not None:
        text = f"{text}.{fraction}" if units else fraction
    return text


def _datetime_formatter(qualifier: int) -> Formatter:
    units, digits = _units(qualifier)

    def render(value) -> str:
        if isinstance(value, dt.datetime):
            parts = (value.year, value.month, value.day, value.hour, value.minute, value.second)
            micro = value.microsecond
        elif isinstance(value, dt.date):
            parts, micro = (value.year, value.month, value.day, 0, 0, 0), 0
        else:
            parts, micro = (1, 1, 1, value.hour, value.minute, value.second), value.microsecond
        fields = [f"{parts[unit >> 1]:0{4 if unit == tc.TU_YEAR else 2}d}" for unit in units]
        fraction = f"{micro:06d}"[:digits] if digits else None
        return _join_fields(units, fields, fraction, _DATETIME_SEPARATORS)
    return render


def _split_digits(text: str, units, digits: int, kind: str) -> tuple[list[int], int]:
    """The whole fields and the microseconds of a DATETIME/INTERVAL text."""
    pieces = _DIGIT_FIELDS.findall(text)
    expected = len(units) + (1 if digits else 0)
    if len(pieces) != expected or _DIGIT_FIELDS.sub("", text).strip(" -:.") != "":
        raise ValueFormatError(f"{text!r} is not a {kind} of {expected} field(s)")
    micro = 0
    if digits:
        fraction = pieces.pop()
        micro = int(fraction[:6].ljust(6, "0"))
    return [int(p) for p in pieces], micro


def _datetime_parser(qualifier: int) -> Parser:
    units, digits = _units(qualifier)
    _, start, end = qualifier_parts(qualifier)

    def parse(text: str):
        fields, micro = _split_digits(text, units, digits, "DATETIME")
        parts = [1, 1, 1, 0, 0, 0]
        for unit, field in zip(units, fields):
            parts[unit >> 1] = field
        try:
            if start >= tc.TU_HOUR:
                return dt.time(parts[3], parts[4], parts[5], micro)
            if end <= tc.TU_DAY:
                return dt.date(parts[0], parts[1], parts[2])
            return dt.datetime(*parts, micro)
        except ValueError as exc:
            raise ValueFormatError(f"{text!r} is not a valid DATETIME ({exc})") from None
    return parse


def _interval_formatter(qualifier: int) -> Formatter:
    units, digits = _units(qualifier)

    def render(value) -> str:
        if isinstance(value, IntervalYM):
            sign, months = ("-" if value.months < 0 else ""), abs(value.months)
            whole = [months // 12, months % 12] if units[0] == tc.TU_YEAR else [months]
            fields = [str(whole[0])] + [f"{f:02d}" for f in whole[1:]]
            return sign + _join_fields(units, fields, None, _INTERVAL_SEPARATORS)
        total = value // dt.timedelta(microseconds=1)
        sign, total = ("-" if total < 0 else ""), abs(total)
        whole = []
        for unit in units:
            count, total = divmod(total, _MICROSECONDS[unit])
            whole.append(count)
        fields = [str(whole[0])] + [f"{f:02d}" for f in whole[1:]] if units else []
        fraction = f"{total:06d}"[:digits] if digits else None
        return sign + _join_fields(units, fields, fraction, _INTERVAL_SEPARATORS)
    return render


def _interval_parser(qualifier: int) -> Parser:
    units, digits = _units(qualifier)

    def parse(text: str):
        body = text.strip()
        negative = body.startswith("-")
        fields, micro = _split_digits(body.lstrip("-"), units, digits, "INTERVAL")
        sign = -1 if negative else 1
        if units and units[0] <= tc.TU_MONTH:
            per_unit = {tc.TU_YEAR: 12, tc.TU_MONTH: 1}
            return IntervalYM(sign * sum(f * per_unit[u] for u, f in zip(units, fields)))
        total = micro + sum(f * _MICROSECONDS[u] for u, f in zip(units, fields))
        return dt.timedelta(microseconds=sign * total)
    return parse
