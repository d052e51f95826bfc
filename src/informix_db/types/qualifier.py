"""DATETIME / INTERVAL qualifiers: ``(digits << 8) | (start << 4) | end`` (PROTOCOL.md §6.11-6.12).

``digits`` is the precision of the first field plus ``end - start``. The first field of a
DATETIME has a fixed precision (YEAR 4, others 2); an INTERVAL's first field has a declared
precision of 1 to 9 digits. FRACTION(n) ends are unit code 10 + n.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..exceptions import DataError, ProgrammingError
from . import typecodes as tc
from .packed_decimal import packed_width

qualifier_width = packed_width

UNIT_NAMES = {
    tc.TU_YEAR: "YEAR",
    tc.TU_MONTH: "MONTH",
    tc.TU_DAY: "DAY",
    tc.TU_HOUR: "HOUR",
    tc.TU_MINUTE: "MINUTE",
    tc.TU_SECOND: "SECOND",
    tc.TU_FRACTION_START: "FRACTION",
}
_UNITS_BY_NAME = {name: code for code, name in UNIT_NAMES.items()}
_START_UNITS = frozenset(UNIT_NAMES)
_WHOLE_UNITS = (tc.TU_YEAR, tc.TU_MONTH, tc.TU_DAY, tc.TU_HOUR, tc.TU_MINUTE, tc.TU_SECOND)
_FRACTION_DEFAULT_DIGITS = 3
MAX_FIRST_PRECISION = 9


def default_first_precision(start: int) -> int:
    """Digits of a first field when none is declared: YEAR 4, anything else 2."""
    return 4 if start == tc.TU_YEAR else 2


def _valid_end(end: int) -> bool:
    return end in _WHOLE_UNITS or tc.TU_SECOND < end <= 15


def make_qualifier(start: int, end: int, first_precision: int | None = None) -> int:
    """Encode a qualifier from unit codes; ``first_precision`` defaults to the DATETIME rule."""
    if start not in _START_UNITS or not _valid_end(end) or end < start:
        raise ProgrammingError(f"invalid qualifier units: start {start}, end {end}")
    if first_precision is None:
        first_precision = default_first_precision(start)
    elif start == tc.TU_FRACTION_START:
        raise ProgrammingError("a FRACTION first field takes no precision")
    if not 1 <= first_precision <= MAX_FIRST_PRECISION:
        raise ProgrammingError(f"first-field precision must be 1..9, not {first_precision}")
    return ((first_precision + end - start) << 8) | (start << 4) | end


def qualifier_parts(qualifier: int) -> tuple[int, int, int]:
    """``(digits, start, end)`` of an encoded qualifier."""
    return (qualifier >> 8) & 0xFF, (qualifier >> 4) & 0x0F, qualifier & 0x0F


def first_precision(qualifier: int) -> int:
    """Declared digits of the first field (an INTERVAL's ``DAY(n)``)."""
    digits, start, end = qualifier_parts(qualifier)
    return digits - (end - start)


def is_year_month(qualifier: int) -> bool:
    """True for the YEAR..MONTH family of INTERVAL, whose values are IntervalYM."""
    return ((qualifier >> 4) & 0x0F) <= tc.TU_MONTH


_FIELD = r"\s*(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|FRACTION)\s*(?:\(\s*(\d+)\s*\))?\s*"
_QUALIFIER_RE = re.compile(rf"{_FIELD}(?:TO{_FIELD})?", re.IGNORECASE)


def _parse(text: str, interval: bool) -> int:
    match = _QUALIFIER_RE.fullmatch(text)
    if not match:
        raise ProgrammingError(f"invalid qualifier: {text!r}")
    start_name, start_digits, end_name, end_digits = match.groups()
    start = _UNITS_BY_NAME[start_name.upper()]
    precision = None
    if start_digits is not None:
        if not interval or start == tc.TU_FRACTION_START:
            raise ProgrammingError(f"invalid qualifier: {text!r}")
        precision = int(start_digits)
    if end_name is None:
        end_name = start_name
    end = _UNITS_BY_NAME[end_name.upper()]
    if end == tc.TU_FRACTION_START:
        fraction_digits = _FRACTION_DEFAULT_DIGITS if end_digits is None else int(end_digits)
        if not 1 <= fraction_digits <= 5:
            raise ProgrammingError(f"FRACTION takes 1..5 digits: {text!r}")
        end = tc.TU_SECOND + fraction_digits
    elif end_digits is not None:
        raise ProgrammingError(f"invalid qualifier: {text!r}")
    if interval and start <= tc.TU_MONTH < end:
        raise ProgrammingError(f"an INTERVAL cannot span MONTH and DAY: {text!r}")
    return make_qualifier(start, end, precision)


def parse_qualifier(text: str) -> int:
    """Encode a DATETIME qualifier such as ``'YEAR TO FRACTION(3)'`` (FRACTION alone means 3 digits)."""
    return _parse(text, interval=False)


def parse_interval_qualifier(text: str) -> int:
    """Encode an INTERVAL qualifier such as ``'DAY(9) TO FRACTION(5)'``."""
    return _parse(text, interval=True)


def _end_name(end: int) -> str:
    if end > tc.TU_SECOND:
        return f"FRACTION({end - tc.TU_SECOND})"
    return UNIT_NAMES[end]


def format_qualifier(qualifier: int, interval: bool = False) -> str:
    """Qualifier text; INTERVAL first fields show their precision when it is not the default."""
    layout(qualifier)
    _digits, start, end = qualifier_parts(qualifier)
    first = UNIT_NAMES[start]
    precision = first_precision(qualifier)
    if interval and start != tc.TU_FRACTION_START and precision != default_first_precision(start):
        first = f"{first}({precision})"
    return f"{first} TO {_end_name(end)}"


class Layout:
    """Where each field of a qualifier sits in the packed bytes (computed once per qualifier).

    ``units`` are the whole-number fields from ``start`` to SECOND at most; the first takes
    ``first_bytes`` bytes, the others one byte each; FRACTION(n) digits follow left-aligned in
    ``fraction_bytes`` bytes from ``fraction_at``. ``exponent`` is the base-100 exponent of the
    unnormalised form, whose decimal point sits after SECOND. The remaining attributes are
    precomputed constants of the codecs in ``temporal``.
    """

    __slots__ = ("start", "end", "units", "first_digits", "first_bytes", "fraction_bytes",
                 "fraction_at", "width", "exponent", "positive_head", "first_limit", "first_powers", "fraction_powers", "part_indexes",
                 "micro_unit", "fraction_pad", "micro_unit_all", "fixed_first_precision")

    def __init__(self, qualifier: int):
        digits, start, end = qualifier_parts(qualifier)
        self.start = start
        self.end = end
        self.units = tuple(u for u in _WHOLE_UNITS if start <= u <= end)
        self.first_digits = digits - (end - start)
        self.first_bytes = (self.first_digits + 1) >> 1 if self.units else 0
        fraction_digits = max(0, end - tc.TU_SECOND)
        self.fraction_bytes = (fraction_digits + 1) >> 1
        self.fraction_at = self.first_bytes + max(0, len(self.units) - 1)
        self.width = packed_width(qualifier)
        self.exponent = (digits + tc.TU_SECOND - end + 1) >> 1
        self.positive_head = 0x80 | (self.exponent + 64)
        self.first_limit = 10**self.first_digits
        self.first_powers = tuple(100**i for i in reversed(range(self.first_bytes)))
        self.fraction_powers = tuple(100**i for i in reversed(range(self.fraction_bytes)))
        self.part_indexes = tuple(unit >> 1 for unit in self.units)
        # microseconds = fraction bytes // fraction_pad * micro_unit, and back.
        self.micro_unit = 10 ** (6 - fraction_digits)
        self.fraction_pad = 10 ** (2 * self.fraction_bytes - fraction_digits)
        # Microseconds per unit of the fraction bytes when every digit they hold is used.
        self.micro_unit_all = 10 ** (6 - 2 * self.fraction_bytes)
        self.fixed_first_precision = not self.units or self.first_digits == default_first_precision(start)


@lru_cache(maxsize=256)
def layout(qualifier: int) -> Layout:
    """The field layout of a qualifier; DataError for one that no server would send."""
    digits, start, end = qualifier_parts(qualifier)
    if (
        qualifier < 0
        or qualifier > 0xFFFF
        or start not in _START_UNITS
        or not _valid_end(end)
        or end < start
        or not 1 <= digits - (end - start) <= MAX_FIRST_PRECISION
        or (start == tc.TU_FRACTION_START and digits != end - tc.TU_SECOND)
    ):
        raise DataError(f"invalid DATETIME/INTERVAL qualifier 0x{qualifier:04X}")
    return Layout(qualifier)
