"""Informix column types for SQLAlchemy, beyond the generic ones.

DATETIME and INTERVAL carry their qualifier (``INFORMIX_DATETIME("YEAR", "FRACTION(3)")``),
the serial types mark autoincrement keys, and the large-object types name Informix's two
families (BYTE/TEXT in the table, BLOB/CLOB in a smart-LOB space).
"""

from __future__ import annotations

import datetime as dt
import decimal

from sqlalchemy import types as sqltypes
from sqlalchemy.sql import sqltypes as sqltypes_impl
from sqlalchemy.sql import type_api

from informix_db.types.interval import IntervalYM

_FIELDS = ("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "FRACTION")


def _field(name: str) -> str:
    """A qualifier field, upper-cased and checked (``FRACTION(n)`` keeps its digits)."""
    text = "".join(name.split()).upper()
    base = text.split("(", 1)[0]
    if base not in _FIELDS:
        raise ValueError(f"not a DATETIME/INTERVAL field: {name!r}")
    return text


class _Qualified:
    """The ``start TO end`` qualifier shared by DATETIME and INTERVAL."""

    def _set_qualifier(self, start: str, end: str | None) -> None:
        self.start = _field(start)
        self.end = _field(end) if end is not None else self.start

    @property
    def qualifier(self) -> str:
        return self.start if self.start == self.end else f"{self.start} TO {self.end}"


class INFORMIX_DATETIME(_Qualified, sqltypes.DateTime):
    """``DATETIME start TO end``; Python values are datetime, date or time by qualifier."""

    __visit_name__ = "INFORMIX_DATETIME"

    def __init__(self, start: str = "YEAR", end: str = "FRACTION(5)") -> None:
        super().__init__()
        self._set_qualifier(start, end)

    @property
    def python_type(self):
        if self.start.startswith(("HOUR", "MINUTE", "SECOND", "FRACTION")):
            return dt.time
        if self.end in ("YEAR", "MONTH", "DAY"):
            return dt.date
        return dt.datetime

    def __repr__(self) -> str:
        return f"INFORMIX_DATETIME({self.start!r}, {self.end!r})"


class INFORMIX_INTERVAL(_Qualified, type_api.NativeForEmulated, sqltypes_impl._AbstractInterval):
    """``INTERVAL start(precision) TO end``; DAY..FRACTION values are timedelta,
    YEAR..MONTH values are :class:`informix_db.types.IntervalYM` (both bound natively)."""

    __visit_name__ = "INFORMIX_INTERVAL"
    native = True

    def __init__(self, start: str = "DAY", end: str = "FRACTION(5)", precision: int | None = 9) -> None:
        self._set_qualifier(start, end)
        self.precision = precision

    @classmethod
    def adapt_emulated_to_native(cls, interval, **kw):
        return cls()

    @property
    def _type_affinity(self):
        return sqltypes.Interval

    def as_generic(self, allow_nulltype=False):
        return sqltypes.Interval(native=True)

    @property
    def qualifier(self) -> str:
        first = self.start if self.precision is None else f"{self.start}({self.precision})"
        return f"{first} TO {self.end}"

    @property
    def python_type(self):
        return IntervalYM if self.start in ("YEAR", "MONTH") else dt.timedelta

    def __repr__(self) -> str:
        return f"INFORMIX_INTERVAL({self.start!r}, {self.end!r}, precision={self.precision!r})"


_WIDE = decimal.Context(prec=64)  # DECIMAL has at most 32 digits; quantize never rounds them


class ScaledNumeric(sqltypes.Numeric):
    """Numeric results carry the column's scale (``DECIMAL(5,3)`` 1 comes back as 1.000):
    the wire form drops trailing zeros."""

    def result_processor(self, dialect, coltype):
        convert = super().result_processor(dialect, coltype)
        if not self.asdecimal or not self.scale:
            return convert
        quantum = decimal.Decimal(1).scaleb(-self.scale)

        def process(value):
            if convert is not None:
                value = convert(value)
            if isinstance(value, decimal.Decimal) and value.is_finite():
                return value.quantize(quantum, context=_WIDE)
            return value

        return process


class MONEY(sqltypes.Numeric):
    """``MONEY(p, s)``: a DECIMAL with a currency format; values are Decimal."""

    __visit_name__ = "MONEY"

    def __init__(self, precision: int | None = 16, scale: int | None = 2, asdecimal: bool = True) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=asdecimal)  # type: ignore[call-overload]


class SERIAL(sqltypes.Integer):
    """``SERIAL``: a 32-bit integer the server numbers on insert."""

    __visit_name__ = "SERIAL"


class SERIAL8(sqltypes.BigInteger):
    __visit_name__ = "SERIAL8"


class BIGSERIAL(sqltypes.BigInteger):
    __visit_name__ = "BIGSERIAL"


class INT8(sqltypes.BigInteger):
    __visit_name__ = "INT8"


class SMALLFLOAT(sqltypes.REAL):
    __visit_name__ = "SMALLFLOAT"


class LVARCHAR(sqltypes.String):
    """``LVARCHAR(n)``: a variable string of up to 32,739 bytes (2,048 when no length is given)."""

    __visit_name__ = "LVARCHAR"


class BYTE(sqltypes.LargeBinary):
    """``BYTE``: binary large object stored with the table."""

    __visit_name__ = "BYTE"


class TEXT(sqltypes.TEXT):
    """``TEXT``: character large object stored with the table."""


class BLOB(sqltypes.BLOB):
    """``BLOB``: smart large object; values are :class:`informix_db.types.BlobLocator`."""

    def bind_processor(self, dialect):
        return None

    def result_processor(self, dialect, coltype):
        return None


class CLOB(sqltypes.CLOB):
    """``CLOB``: smart large object; values are :class:`informix_db.types.ClobLocator`."""


class NCHAR(sqltypes.NCHAR):
    pass


class NVARCHAR(sqltypes.NVARCHAR):
    pass
