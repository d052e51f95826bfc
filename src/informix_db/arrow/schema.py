"""Informix column -> Arrow type, as Arrow C data interface format strings.

The format string is the one definition both builders share: the compiled builder
(``_cwire.ArrowBatchBuilder``) picks its C decoder from it, the pure-Python twin turns it
into a pyarrow type. Values follow the tuple path (docs/ARCHITECTURE.md, value conventions):
CHAR loses its trailing blanks, a floating DECIMAL(p) becomes float64, and types the tuple
path hands out as opaque objects (ROW, collections, smart-LOB locators) become binary
holding the same raw bytes. INTERVAL YEAR TO MONTH becomes month_day_nano_interval with
only months set: pyarrow, pandas and polars cannot use Arrow's plain month_interval.
"""

from __future__ import annotations

import decimal
from typing import NamedTuple

from ..types import typecodes as tc
from ..types.column import ColumnDesc

FLOATING_SCALE = 0xFF  # DECIMAL(p) without a scale: a floating decimal
_FIXED_FORMATS = {
    tc.SMALLINT: "s",
    tc.INTEGER: "i",
    tc.SERIAL: "i",
    tc.BIGINT: "l",
    tc.BIGSERIAL: "l",
    tc.INT8: "l",
    tc.SERIAL8: "l",
    tc.SMALLFLOAT: "f",
    tc.FLOAT: "g",
    tc.CHAR: "u",
    tc.NCHAR: "u",
    tc.VARCHAR: "u",
    tc.NVARCHAR: "u",
    tc.LVARCHAR: "u",
    tc.TEXT: "u",
    tc.BYTE: "z",
    tc.BOOLEAN: "b",
    tc.DATE: "tdD",
}
_FRACTION_MS = tc.TU_FRACTION + 3  # FRACTION(1..3) fits milliseconds exactly


class ArrowField(NamedTuple):
    """One result column as Arrow sees it."""

    name: str
    format: str
    precision: int = 0  # decimal128 only
    scale: int = 0


def datetime_format(start: int, end: int) -> str:
    """DATETIME start TO end -> date32, time64[us] or timestamp[s|ms|us]."""
    if end <= tc.TU_DAY:
        return "tdD"
    if start >= tc.TU_HOUR:
        return "ttu"
    if end <= tc.TU_SECOND:
        return "tss:"
    return "tsm:" if end <= _FRACTION_MS else "tsu:"


def arrow_field(column: ColumnDesc) -> ArrowField:
    code = column.type_code
    fmt = _FIXED_FORMATS.get(code)
    if fmt is not None:
        return ArrowField(column.name, fmt)
    if code == tc.UDTVAR and column.extended_name == "lvarchar":
        return ArrowField(column.name, "u")
    if code == tc.UDTFIXED and (column.extended_name == "boolean" or column.extended_id == tc.XID_BOOLEAN):
        return ArrowField(column.name, "b")
    if code in (tc.DECIMAL, tc.MONEY):
        precision, scale = column.precision, column.scale
        if scale == FLOATING_SCALE or not 1 <= precision <= 38 or scale > precision:
            return ArrowField(column.name, "g")
        return ArrowField(column.name, f"d:{precision},{scale}", precision, scale)
    if code == tc.DATETIME:
        qualifier = column.encoded_length
        return ArrowField(column.name, datetime_format((qualifier >> 4) & 0x0F, qualifier & 0x0F))
    if code == tc.INTERVAL:
        start = (column.encoded_length >> 4) & 0x0F
        return ArrowField(column.name, "tDu" if start >= tc.TU_DAY else "tin")
    # ROW, collections, smart-LOB locators and other UDTs: their raw bytes, as the tuple
    # path's RowValue/CollectionValue/BlobLocator objects carry them.
    return ArrowField(column.name, "z")


def arrow_fields(columns) -> list[ArrowField]:
    return [arrow_field(column) for column in columns]


def decimal_unscaled(value, scale: int) -> int:
    """``value`` * 10**scale as an exact int (decimal128 storage); ValueError if it has
    more fraction digits than ``scale`` or is not finite."""
    if not isinstance(value, decimal.Decimal):
        value = decimal.Decimal(value)
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"{value} is not a finite decimal")
    unscaled = int("".join(map(str, digits)) or "0")
    shift = exponent + scale
    if shift >= 0:
        unscaled *= 10 ** shift
    else:
        unscaled, rest = divmod(unscaled, 10 ** -shift)
        if rest:
            raise ValueError(f"{value} has more than {scale} fraction digits")
    return -unscaled if sign else unscaled
