"""Informix declared types: parsing, DuckDB storage types, descriptions and value conversion.

The engine stores data in DuckDB but must describe and return values exactly as Informix
would, so every column keeps its Informix type (an :class:`IfxType`) in the engine catalog.
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from informix_db.exceptions import Error as DriverError
from informix_db.types import qualifier as qualifiers
from informix_db.types import typecodes as tc
from informix_db.types.column import ColumnDesc

from . import dbdate
from .errors import SqlError

UNITS = {"YEAR": 0, "MONTH": 2, "DAY": 4, "HOUR": 6, "MINUTE": 8, "SECOND": 10, "FRACTION": 10}
FLOATING_SCALE = 255  # the scale byte of an unscaled DECIMAL(p)
VARCHAR_MAX = 255
LVARCHAR_DEFAULT = 2048

_INT_RANGES = {
    tc.SMALLINT: (-32767, 32767),
    tc.INTEGER: (-2147483647, 2147483647),
    tc.SERIAL: (-2147483647, 2147483647),
    tc.BIGINT: (-(2**63) + 1, 2**63 - 1),
    tc.BIGSERIAL: (-(2**63) + 1, 2**63 - 1),
    tc.INT8: (-(2**63) + 1, 2**63 - 1),
    tc.SERIAL8: (-(2**63) + 1, 2**63 - 1),
}
SERIAL_CODES = (tc.SERIAL, tc.SERIAL8, tc.BIGSERIAL)
COLLECTION_NAMES = {tc.SET: "SET", tc.MULTISET: "MULTISET", tc.LIST: "LIST"}
COMPOSITE_LENGTH = 2048  # nominal described length of ROW and collection columns
CHAR_CODES = (tc.CHAR, tc.NCHAR)
VARCHAR_CODES = (tc.VARCHAR, tc.NVARCHAR)
DATE_EPOCH = dt.date(1899, 12, 31)
BOUNDED_TEXT = (*CHAR_CODES, *VARCHAR_CODES, tc.LVARCHAR)  # the columns text_for cuts
# Types other modules define on IfxType, by SQL name (lobs adds BLOB and CLOB when imported).
NAMED_TYPES: dict[str, IfxType] = {}


@dataclass(frozen=True)
class IfxType:
    """One Informix type: base ``code`` plus its length (or packed qualifier).

    ROW types keep their fields in ``parts`` as (name, type) pairs; SET, MULTISET and LIST
    keep their element type as the only part.
    """

    code: int
    length: int
    parts: tuple = ()

    # ---- shape -------------------------------------------------------------------------
    @property
    def precision(self) -> int:
        return (self.length >> 8) & 0xFF

    @property
    def scale(self) -> int:
        return self.length & 0xFF

    @property
    def start(self) -> int:
        return (self.length >> 4) & 0x0F

    @property
    def end(self) -> int:
        return self.length & 0x0F

    @property
    def is_serial(self) -> bool:
        return self.code in SERIAL_CODES

    @property
    def is_text(self) -> bool:
        return self.code in (*CHAR_CODES, *VARCHAR_CODES, tc.LVARCHAR, tc.TEXT)

    @property
    def is_composite(self) -> bool:
        return self.code == tc.ROW or self.code in COLLECTION_NAMES

    @property
    def schema(self) -> str:
        """The type text Informix puts in a composite column's description."""
        if self.code == tc.ROW:
            return "ROW(" + ", ".join(f"{name} {part.schema}" for name, part in self.parts) + ")"
        if self.code in COLLECTION_NAMES:
            return f"{COLLECTION_NAMES[self.code]}({self.parts[0].schema} not null)"
        return self.sql().lower()

    @property
    def is_year_month(self) -> bool:
        return self.code == tc.INTERVAL and qualifiers.is_year_month(self.length)

    # ---- rendering ------------------------------------------------------------------------
    def sql(self) -> str:
        """Informix type text, as in CREATE TABLE; parse_type(t.sql()) == t."""
        code = self.code
        if self.is_composite:
            return self.schema
        if code in CHAR_CODES or code in (tc.LVARCHAR,):
            return f"{tc.NAMES[code]}({self.length})"
        if code in VARCHAR_CODES:
            return f"{tc.NAMES[code]}({self.length})"
        if code in (tc.DECIMAL, tc.MONEY):
            if self.scale == FLOATING_SCALE:
                return f"{tc.NAMES[code]}({self.precision})"
            return f"{tc.NAMES[code]}({self.precision},{self.scale})"
        if code == tc.DATETIME:
            return "DATETIME " + qualifiers.format_qualifier(self.length)
        if code == tc.INTERVAL:
            return "INTERVAL " + qualifiers.format_qualifier(self.length, interval=True)
        return tc.NAMES[code]

    def duck(self) -> str:
        """The DuckDB storage type."""
        code = self.code
        if self.is_text:
            return "VARCHAR"
        if code == tc.SMALLINT:
            return "SMALLINT"
        if code in (tc.INTEGER, tc.SERIAL):
            return "INTEGER"
        if code in (tc.BIGINT, tc.BIGSERIAL, tc.INT8, tc.SERIAL8):
            return "BIGINT"
        if code == tc.FLOAT:
            return "DOUBLE"
        if code == tc.SMALLFLOAT:
            return "REAL"
        if code in (tc.DECIMAL, tc.MONEY):
            if self.scale == FLOATING_SCALE:
                if self.precision <= DOUBLE_DIGITS:
                    return "DOUBLE"  # p significant digits at any exponent, as Informix keeps them
                return f"DECIMAL(38,{_floating_storage_scale(self.precision)})"
            return f"DECIMAL({self.precision},{self.scale})"
        if code == tc.DATE:
            return "DATE"
        if code == tc.BOOLEAN:
            return "BOOLEAN"
        if code == tc.BYTE:
            return "BLOB"
        if code == tc.DATETIME:
            if self.end <= UNITS["DAY"]:
                return "DATE"
            if self.start >= UNITS["HOUR"]:
                return "TIME"
            return "TIMESTAMP"
        if code == tc.INTERVAL:
            return "INTERVAL"
        if code == tc.ROW:
            return "STRUCT(" + ", ".join(f'"{name}" {part.duck()}' for name, part in self.parts) + ")"
        if code in COLLECTION_NAMES:
            return f"{self.parts[0].duck()}[]"
        raise SqlError(-201)

    def describe(self, name: str, nullable: bool = True) -> ColumnDesc:
        """The SQ_DESCRIBE column for a value of this type."""
        flags = 0 if nullable else tc.FLAG_NOT_NULL
        if self.code == tc.BOOLEAN:
            return ColumnDesc(name, tc.UDTFIXED | flags, 1, tc.XID_BOOLEAN, "boolean")
        if self.code == tc.LVARCHAR:
            return ColumnDesc(name, tc.UDTVAR | flags, self.length, 0, "lvarchar")
        if self.is_composite:
            return ColumnDesc(name, self.code | flags, self.length, 0, self.schema)
        return ColumnDesc(name, self.code | flags, self.length)

    # ---- values ------------------------------------------------------------------------------
    def converter(self, duck_type: str):
        """A fast ``to_python`` for values DuckDB returns as ``duck_type``; None when DuckDB's
        value already is the Python value (the common case of a stored column)."""
        same_storage = str(duck_type).upper() == self.duck()
        if same_storage and (
            self.code in _INT_RANGES
            or self.code in (tc.FLOAT, tc.SMALLFLOAT, tc.DATE, tc.BOOLEAN)
            or (self.code in (tc.DECIMAL, tc.MONEY) and self.scale != FLOATING_SCALE)
        ):
            return None
        if same_storage and self.code in VARCHAR_CODES:
            limit = self.length or VARCHAR_MAX
            return lambda v: v if v is None or (len(v) <= limit and v.isascii()) else fit(v, limit)
        if same_storage and self.code in (tc.LVARCHAR, tc.TEXT):
            return None
        if same_storage and self.code in CHAR_CODES:
            limit = self.length
            return lambda v: v if v is None else fit(v.rstrip(" "), limit)
        if same_storage and self.code == tc.DATETIME and self.end <= UNITS["DAY"]:
            return None
        if same_storage and self.code == tc.DATETIME and self.end >= UNITS["SECOND"]:
            step = 10 ** (6 - (self.end - UNITS["SECOND"]))
            return lambda v: v if v is None or not v.microsecond % step else v.replace(
                microsecond=v.microsecond - v.microsecond % step
            )
        return self.to_python

    def to_python(self, value):
        """A stored (DuckDB) value as the Python value a client receives."""
        if value is None:
            return None
        code = self.code
        if code in _INT_RANGES:
            return int(value)
        if code in (tc.FLOAT, tc.SMALLFLOAT):
            return float(value)
        if code in (tc.DECIMAL, tc.MONEY):
            return _as_decimal(value, self)
        if code in CHAR_CODES:
            return fit(_as_text(value).rstrip(" "), self.length)
        if code in VARCHAR_CODES:
            return fit(_as_text(value), self.length or VARCHAR_MAX)
        if code in (tc.LVARCHAR, tc.TEXT):
            return _as_text(value)
        if code == tc.BOOLEAN:
            return bool(value)
        if code == tc.DATE:
            return value.date() if isinstance(value, dt.datetime) else value
        if code == tc.DATETIME:
            return _datetime_out(value, self.start, self.end)
        if code == tc.INTERVAL:
            return _interval_out(value, self)
        if self.is_composite:
            return _composite_out(value, self)
        return value

    def coerce(self, value):
        """A client value converted for storage in a column of this type (Informix rules)."""
        if value is None:
            return None
        code = self.code
        if code in _INT_RANGES:
            return _to_int(value, code)
        if code in (tc.FLOAT, tc.SMALLFLOAT):
            return _to_float(value)
        if code in (tc.DECIMAL, tc.MONEY):
            return _to_decimal(value, self)
        if code in CHAR_CODES:
            return fit(_to_text(value).rstrip(" "), self.length)
        if code in VARCHAR_CODES or code == tc.LVARCHAR:
            return fit(_to_text(value), self.length)
        if code == tc.TEXT:
            return _to_text(value)
        if code == tc.BOOLEAN:
            return _to_bool(value)
        if code == tc.DATE:
            return _to_date(value)
        if code == tc.DATETIME:
            return _to_datetime(value, self)
        if code == tc.INTERVAL:
            return _to_interval(value, self)
        if self.is_composite:
            return _to_composite(value, self)
        if code == tc.BYTE:
            return bytes(value)
        return value

    def coercer(self):
        """``coerce`` as a function of one column, taking the values clients usually bind for
        it (the exact Python type, already in range) in fewer steps: same results."""
        return _coercer(self)


@lru_cache(maxsize=1024)
def _coercer(ifx: IfxType):
    code, coerce = ifx.code, ifx.coerce
    if code in _INT_RANGES:
        low, high = _INT_RANGES[code]
        return lambda value: value if type(value) is int and low <= value <= high else coerce(value)
    if code in (tc.FLOAT, tc.SMALLFLOAT):
        return lambda value: value if type(value) is float else coerce(value)
    if code in VARCHAR_CODES or code == tc.LVARCHAR:
        limit = ifx.length
        return lambda value: value if type(value) is str and len(value) <= limit and value.isascii() else coerce(value)
    if code in (tc.DECIMAL, tc.MONEY) and ifx.scale != FLOATING_SCALE:
        quantum = Decimal(1).scaleb(-ifx.scale)
        integer_digits = ifx.precision - ifx.scale

        def decimal(value):
            if type(value) is not Decimal or not value.is_finite():
                return coerce(value)
            number = value.quantize(quantum, ROUND_HALF_UP, _DECIMAL_CONTEXT)
            if number.adjusted() + 1 > integer_digits:
                raise SqlError(-1226)
            return number

        return decimal
    return coerce


DOUBLE_DIGITS = 15  # significant decimal digits a DOUBLE holds exactly
DECIMAL_EXPONENTS = (-130, 124)  # the decimal exponents an Informix DECIMAL value may have


def _floating_integer_digits(precision: int) -> int:
    """Integer digits the DuckDB storage of a floating DECIMAL(p) keeps (38 digits in all)."""
    return max(precision, 16)


def _floating_storage_scale(precision: int) -> int:
    """Decimal places the DuckDB DECIMAL(38, s) storage of a floating DECIMAL(p > 15) keeps."""
    return 38 - _floating_integer_digits(precision)


# ---- constructors -------------------------------------------------------------------------
def char(n: int) -> IfxType:
    return IfxType(tc.CHAR, n)


def varchar(n: int) -> IfxType:
    return IfxType(tc.VARCHAR, n)


def lvarchar(n: int = LVARCHAR_DEFAULT) -> IfxType:
    return IfxType(tc.LVARCHAR, n)


def decimal(p: int, s: int = FLOATING_SCALE) -> IfxType:
    return IfxType(tc.DECIMAL, (p << 8) | s)


def row_type(fields: list[tuple[str, IfxType]]) -> IfxType:
    return IfxType(tc.ROW, COMPOSITE_LENGTH, tuple(fields))


def collection_type(code: int, element: IfxType) -> IfxType:
    return IfxType(code, COMPOSITE_LENGTH, (element,))


def datetime_type(start: int, end: int) -> IfxType:
    return IfxType(tc.DATETIME, qualifiers.make_qualifier(start, end))


def interval_type(start: int, end: int, first_precision: int | None = None) -> IfxType:
    return IfxType(tc.INTERVAL, qualifiers.make_qualifier(start, end, first_precision))


def datetime_of(qualifier: str) -> IfxType:
    """DATETIME with a qualifier given as text, e.g. ``YEAR TO FRACTION(3)``."""
    try:
        return IfxType(tc.DATETIME, qualifiers.parse_qualifier(qualifier))
    except DriverError:
        raise SqlError(-201) from None


def interval_of(qualifier: str) -> IfxType:
    """INTERVAL with a qualifier given as text, e.g. ``DAY(5) TO SECOND``."""
    try:
        return IfxType(tc.INTERVAL, qualifiers.parse_interval_qualifier(qualifier))
    except DriverError:
        raise SqlError(-201) from None


INTEGER = IfxType(tc.INTEGER, 4)
SMALLINT = IfxType(tc.SMALLINT, 2)
BIGINT = IfxType(tc.BIGINT, 8)
INT8 = IfxType(tc.INT8, 10)
SERIAL = IfxType(tc.SERIAL, 4)
FLOAT = IfxType(tc.FLOAT, 8)
SMALLFLOAT = IfxType(tc.SMALLFLOAT, 4)
DATE = IfxType(tc.DATE, 4)
BOOLEAN = IfxType(tc.BOOLEAN, 1)
SIMPLE_TYPES = {
    "INTEGER": INTEGER, "INT": INTEGER, "SMALLINT": SMALLINT, "BIGINT": BIGINT,
    "INT8": INT8, "SERIAL": SERIAL, "SERIAL8": IfxType(tc.SERIAL8, 10),
    "BIGSERIAL": IfxType(tc.BIGSERIAL, 8), "FLOAT": FLOAT, "DOUBLE PRECISION": FLOAT,
    "DOUBLE": FLOAT, "SMALLFLOAT": SMALLFLOAT, "REAL": SMALLFLOAT, "DATE": DATE,
    "BOOLEAN": BOOLEAN, "TEXT": IfxType(tc.TEXT, 56), "BYTE": IfxType(tc.BYTE, 56),
}


# ---- declared types -------------------------------------------------------------------------
_TYPE_RE = re.compile(r"\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*(?:\(\s*([^)]*)\))?\s*$")


_SERIAL_START = re.compile(r"\s*(?:SERIAL8?|BIGSERIAL)\s*\(\s*(\d+)\s*\)\s*$", re.IGNORECASE)


_VARCHAR_RESERVE = re.compile(r"\s*N?VARCHAR\s*\(\s*\d+\s*,\s*(\d+)\s*\)\s*$", re.IGNORECASE)


def varchar_reserve(text: str) -> int:
    """The minimum (reserved) length r of a ``VARCHAR(m, r)`` declaration; 0 without one."""
    found = _VARCHAR_RESERVE.match(text)
    return int(found.group(1)) if found else 0


def serial_start(text: str) -> int:
    """The first value of a ``SERIAL(n)``, ``SERIAL8(n)`` or ``BIGSERIAL(n)`` declaration (1 without n)."""
    found = _SERIAL_START.match(text)
    return int(found.group(1)) if found else 1


def parse_type(text: str) -> IfxType:
    """The IfxType of an Informix type declaration such as ``DECIMAL(10,2)``."""
    raw = " ".join(text.split())
    upper = raw.upper()
    composite = _COMPOSITE_RE.fullmatch(raw)
    if composite:
        return _parse_composite(composite.group(1).upper(), composite.group(2))
    if upper.startswith("DATETIME "):
        return datetime_of(raw[len("DATETIME ") :])
    if upper.startswith("INTERVAL "):
        return interval_of(raw[len("INTERVAL ") :])
    found = _TYPE_RE.match(raw)
    if not found:
        raise SqlError(-201)
    name = found.group(1).upper()
    args = [a.strip() for a in found.group(2).split(",")] if found.group(2) else []
    try:
        nums = [int(a) for a in args if a]
    except ValueError:
        raise SqlError(-201) from None
    if name in ("SERIAL", "SERIAL8", "BIGSERIAL") or name.startswith("FLOAT"):
        return SIMPLE_TYPES[name.split()[0]]
    if name in SIMPLE_TYPES and not nums:
        return SIMPLE_TYPES[name]
    if name in NAMED_TYPES and not nums:
        return NAMED_TYPES[name]
    if name in ("CHAR", "CHARACTER", "NCHAR"):
        n = nums[0] if nums else 1
        _check_length(n, 32767)
        return IfxType(tc.NCHAR if name == "NCHAR" else tc.CHAR, n)
    if name in ("VARCHAR", "NVARCHAR", "CHARACTER VARYING", "CHAR VARYING"):
        n = nums[0] if nums else 1
        _check_length(n, VARCHAR_MAX)
        return IfxType(tc.NVARCHAR if name == "NVARCHAR" else tc.VARCHAR, n)
    if name == "LVARCHAR":
        n = nums[0] if nums else LVARCHAR_DEFAULT
        _check_length(n, 32739)
        return lvarchar(n)
    if name in ("DECIMAL", "DEC", "NUMERIC", "MONEY"):
        code = tc.MONEY if name == "MONEY" else tc.DECIMAL
        p = nums[0] if nums else 16
        if not 1 <= p <= 32:
            raise SqlError(-1225)
        if len(nums) > 1:
            s = nums[1]
        else:
            s = 2 if code == tc.MONEY else (0 if name == "NUMERIC" else FLOATING_SCALE)
        if s != FLOATING_SCALE and not 0 <= s <= p:
            raise SqlError(-366)  # "The scale exceeds the maximum precision specified."
        return IfxType(code, (p << 8) | s)
    raise SqlError(-201, near=found.group(1).lower())


_COMPOSITE_RE = re.compile(r"(ROW|SET|MULTISET|LIST)\s*\((.*)\)", re.IGNORECASE)
_NOT_NULL_TAIL = re.compile(r"\s+NOT\s+NULL$", re.IGNORECASE)


def _top_level_split(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


def _parse_composite(kind: str, inner: str) -> IfxType:
    if kind == "ROW":
        fields = []
        for item in _top_level_split(inner):
            name, _, declared = item.partition(" ")
            if not re.fullmatch(r"[A-Za-z_]\w*", name) or not declared:
                raise SqlError(-201)
            fields.append((name.lower(), parse_type(_NOT_NULL_TAIL.sub("", declared.strip()))))
        return row_type(fields)
    code = {"SET": tc.SET, "MULTISET": tc.MULTISET, "LIST": tc.LIST}[kind]
    return collection_type(code, parse_type(_NOT_NULL_TAIL.sub("", inner.strip())))


def _check_length(n: int, limit: int) -> None:
    if not 1 <= n <= limit:
        raise SqlError(-1268 if n > limit else -201)


# ---- DuckDB result types ------------------------------------------------------------------
def from_duck(duck_type: str) -> IfxType:
    """The Informix type a DuckDB result type is described as."""
    name = str(duck_type).upper()
    if name in ("INTEGER", "UINTEGER", "USMALLINT"):
        return INTEGER
    if name in ("SMALLINT", "TINYINT", "UTINYINT"):
        return SMALLINT
    if name in ("BIGINT", "UBIGINT"):
        return BIGINT
    if name in ("HUGEINT", "UHUGEINT"):
        return decimal(32, 0)
    if name.startswith("DECIMAL"):
        p, s = (int(x) for x in re.findall(r"\d+", name)[:2])
        return decimal(32) if p > 32 else decimal(p, s)
    if name == "DOUBLE":
        return FLOAT
    if name == "FLOAT":
        return SMALLFLOAT
    if name == "BOOLEAN":
        return BOOLEAN
    if name == "DATE":
        return DATE
    if name.startswith("TIMESTAMP"):
        return datetime_type(UNITS["YEAR"], UNITS["FRACTION"] + 5)
    if name.startswith("TIME"):
        return datetime_type(UNITS["HOUR"], UNITS["FRACTION"] + 5)
    if name == "INTERVAL":
        return interval_type(UNITS["DAY"], UNITS["FRACTION"] + 5, 9)
    if name == "BLOB":
        return IfxType(tc.BYTE, 56)
    if name == "VARCHAR":
        return varchar(VARCHAR_MAX)
    if name == '"NULL"' or name == "NULL":
        return char(1)
    return lvarchar()


# ---- conversions -------------------------------------------------------------------------
#: Python codec of the current database's codeset, set by the engine session of this thread
#: (the server runs each connection in its own thread); None before a database is open.
DATABASE_CODEC: ContextVar[str | None] = ContextVar("database_codec", default=None)


def fit(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes (Informix lengths count bytes), whole characters only.

    Bytes are counted in UTF-8 in a UTF-8 database, else in Latin-1 when the text fits it: the
    codeset of a default database, and a database's text always fits its codeset (the session
    refuses the rest).
    """
    if text.isascii() or (DATABASE_CODEC.get() != "utf-8" and max(text) <= "\xff"):
        return text[:limit]
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


E_ILLEGAL_CHARACTER = -202


def text_for(value, ifx: IfxType, codec: str | None):
    """A coerced value of a character column as the database keeps it: cut to the column's
    length in bytes of the database's codeset (a multibyte one counts more bytes than
    characters) and never starting with NUL, which the wire reads as NULL."""
    if not isinstance(value, str) or ifx.code not in BOUNDED_TEXT:
        return value
    if value.startswith("\x00"):
        raise SqlError(E_ILLEGAL_CHARACTER)
    if value.isascii() or codec is None:
        return value
    data = value.encode(codec, "replace")
    if len(data) <= ifx.length:
        return value
    return data[: ifx.length].decode(codec, "ignore")


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, bytes):
        # BYTE/TEXT content bound by a client carries that client's codec (lobs.ClientBytes).
        return value.decode(getattr(value, "encoding", "utf-8"), "replace")
    return str(value)


def _to_text(value) -> str:
    if isinstance(value, dt.timedelta):
        return _format_timedelta(value)
    return _as_text(value)


def _format_timedelta(value: dt.timedelta) -> str:
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{value.days} {hours:02d}:{minutes:02d}:{seconds:02d}"
    if value.microseconds:
        text += f".{value.microseconds:06d}"[:6]
    return text


E_SMALLINT_OVERFLOW = -1214  # value too large to fit in a SMALLINT
E_INTEGER_OVERFLOW = -1215  # value too large to fit in an INTEGER (or INT8)


def _to_int(value, code: int) -> int:
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, (float, Decimal)):
        try:
            number = int(value)
        except (ValueError, OverflowError, InvalidOperation):
            raise SqlError(-1215) from None
    elif isinstance(value, str):
        try:
            number = int(Decimal(value.strip()))
        except (InvalidOperation, ValueError):
            raise SqlError(-1213) from None
    else:
        raise SqlError(-1213)
    low, high = _INT_RANGES[code]
    if not low <= number <= high:
        raise SqlError(E_SMALLINT_OVERFLOW if code == tc.SMALLINT else E_INTEGER_OVERFLOW)
    return number


def _to_float(value) -> float:
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise SqlError(-1213) from None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise SqlError(-1213) from None


_DECIMAL_CONTEXT = Context(prec=80)  # room for any DECIMAL(32) at any scale


def _to_decimal(value, ifx: IfxType) -> Decimal:
    with localcontext(_DECIMAL_CONTEXT):
        return _to_decimal_exact(value, ifx)


def _to_decimal_exact(value, ifx: IfxType) -> Decimal:
    try:
        if isinstance(value, str):
            number = Decimal(value.strip())
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, (int, Decimal)):
            number = Decimal(value)
        else:
            raise SqlError(-1213)
    except InvalidOperation:
        raise SqlError(-1213) from None
    if not number.is_finite():
        raise SqlError(-1213)
    p, s = ifx.precision, ifx.scale
    if s == FLOATING_SCALE:
        if number.is_zero():
            return Decimal(0)
        digits = number.adjusted() + 1
        number = number.quantize(Decimal(1).scaleb(digits - p), ROUND_HALF_UP)
        if p <= DOUBLE_DIGITS:
            if not DECIMAL_EXPONENTS[0] <= number.adjusted() <= DECIMAL_EXPONENTS[1]:
                raise SqlError(-1226)
            return float(number)  # its DOUBLE storage holds p <= 15 digits exactly
        if number.adjusted() + 1 > _floating_integer_digits(p):
            raise SqlError(-1226)
        if p > DOUBLE_DIGITS:
            # The fixed-point storage of a wide DECIMAL(p) has a bottom: a value it would keep
            # to fewer than 15 significant digits is refused, never silently rounded away.
            kept = number.quantize(Decimal(1).scaleb(-_floating_storage_scale(p)), ROUND_HALF_UP)
            if abs(kept - number) > abs(number).scaleb(-DOUBLE_DIGITS):
                raise SqlError(-1226)
        return number
    number = number.quantize(Decimal(1).scaleb(-s), ROUND_HALF_UP)
    if number.adjusted() + 1 > p - s:
        raise SqlError(-1226)
    return number


def _as_decimal(value, ifx: IfxType) -> Decimal:
    if isinstance(value, float):
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
    if ifx.scale != FLOATING_SCALE:
        return number
    with localcontext(_DECIMAL_CONTEXT):
        if number == number.to_integral_value() and number.adjusted() < 32:
            return number.quantize(Decimal(1))
        return number.normalize()


def _to_composite(value, ifx: IfxType):
    """A ROW as a dict of field values, a collection as a list (a SET without duplicates)."""
    if ifx.code == tc.ROW:
        names = [name for name, _ in ifx.parts]
        if isinstance(value, dict):
            items = [value[name] for name in names] if set(value) == set(names) else list(value.values())
        elif isinstance(value, (tuple, list)):
            items = list(value)
        else:
            raise SqlError(-1213)
        if len(items) != len(names):
            raise SqlError(-1213)
        return {name: part.coerce(v) for (name, part), v in zip(ifx.parts, items)}
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise SqlError(-1213)
    element = ifx.parts[0]
    items = [element.coerce(v) for v in value]
    if any(v is None for v in items):
        raise SqlError(-9978)  # collection elements are NOT NULL
    if ifx.code == tc.SET:
        unique = []
        for item in items:
            if item not in unique:
                unique.append(item)
        items = unique
    return items


def _composite_out(value, ifx: IfxType):
    from informix_db.types import CollectionValue, RowValue  # written concurrently; imported on use

    body = _composite_text(value, ifx).encode("utf-8")
    if ifx.code == tc.ROW:
        return RowValue(body, ifx.schema)
    return CollectionValue(body, COLLECTION_NAMES[ifx.code].lower(), ifx.schema)


def _composite_text(value, ifx: IfxType) -> str:
    """Informix's text form of a composite value: ``ROW('Alice',30)``, ``SET{1,2}``."""
    if ifx.code == tc.ROW:
        items = list(value.values()) if isinstance(value, dict) else list(value)
        return "ROW(" + ",".join(_item_text(v, part) for v, (_, part) in zip(items, ifx.parts)) + ")"
    element = ifx.parts[0]
    return COLLECTION_NAMES[ifx.code] + "{" + ",".join(_item_text(v, element) for v in value) + "}"


def _item_text(value, ifx: IfxType) -> str:
    if value is None:
        return "NULL"
    if ifx.is_composite:
        return _composite_text(value, ifx)
    value = ifx.to_python(value)
    if isinstance(value, bool):
        return "'t'" if value else "'f'"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    return "'" + text.replace("'", "''") + "'"


def _to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("t", "true", "1"):
            return True
        if text in ("f", "false", "0"):
            return False
    raise SqlError(-1213)


def _to_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return DATE_EPOCH + dt.timedelta(days=value)
        except OverflowError:
            raise SqlError(-1218) from None
    if isinstance(value, str):
        return parse_date_text(value)
    raise SqlError(-1218)


def parse_date_text(text: str) -> dt.date:
    """A date in the connection's DBDATE form; without one, ISO (Y4MD-) or US (MDY4/); -1218 otherwise."""
    read = dbdate.parse(text)
    if read is not None:
        return read
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            y, m, d = (int(x) for x in text.split("-"))
        elif re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            m, d, y = (int(x) for x in text.split("/"))
        else:
            raise SqlError(-1218)
        return dt.date(y, m, d)
    except ValueError:
        raise SqlError(-1218) from None




def parse_datetime_text(text: str, start: int, end: int) -> dict[str, int]:
    """The fields of a DATETIME literal body such as ``2026-08-31 12:30:15.12``."""
    separators = {2: "-", 4: "-", 6: " ", 8: ":", 10: ":", 11: "."}
    order = [u for u in (0, 2, 4, 6, 8, 10) if start <= u <= min(end, 10)]
    text = text.strip()
    parts: dict[int, str] = {}
    pos = 0
    for i, unit in enumerate(order):
        if i:
            sep = separators[unit]
            if pos >= len(text) or text[pos] != sep:
                if sep == " " and pos < len(text) and text[pos] == "T":
                    pass
                else:
                    raise SqlError(-1264)
            pos += 1
        found = re.match(r"\d+", text[pos:])
        if not found:
            raise SqlError(-1264)
        parts[unit] = found.group(0)
        pos += len(found.group(0))
    fraction = "0"
    if end > UNITS["SECOND"]:
        if pos < len(text) and text[pos] == ".":
            found = re.match(r"\d*", text[pos + 1 :])
            fraction = found.group(0) or "0"
            pos += 1 + len(found.group(0))
    if pos != len(text):
        raise SqlError(-1264)
    names = {0: "year", 2: "month", 4: "day", 6: "hour", 8: "minute", 10: "second"}
    fields = {names[u]: int(v) for u, v in parts.items()}
    fields["microsecond"] = int((fraction + "000000")[:6])
    return fields


def _datetime_from_fields(fields: dict[str, int]) -> dt.datetime:
    try:
        return dt.datetime(
            fields.get("year", 1), fields.get("month", 1), fields.get("day", 1),
            fields.get("hour", 0), fields.get("minute", 0), fields.get("second", 0),
            fields.get("microsecond", 0),
        )
    except ValueError:
        raise SqlError(-1263) from None


def _truncate_fraction(micro: int, end: int) -> int:
    digits = max(0, end - UNITS["SECOND"])
    step = 10 ** (6 - digits)
    return micro - micro % step


def _to_datetime(value, ifx: IfxType):
    start, end = ifx.start, ifx.end
    if isinstance(value, str):
        value = _datetime_from_fields(parse_datetime_text(value, start, end))
    elif isinstance(value, dt.datetime):
        pass
    elif isinstance(value, dt.date):
        value = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1, 1, 1), value)
    else:
        raise SqlError(-1264)
    return _datetime_storage(value, start, end)


def _datetime_storage(value: dt.datetime, start: int, end: int):
    value = _trim_datetime(value, end)
    if end <= UNITS["DAY"]:
        return value.date()
    if start >= UNITS["HOUR"]:
        return value.time()
    return value


def _trim_datetime(value: dt.datetime, end: int) -> dt.datetime:
    if end < UNITS["SECOND"]:
        value = value.replace(second=0, microsecond=0)
        if end < UNITS["MINUTE"]:
            value = value.replace(minute=0)
        if end < UNITS["HOUR"]:
            value = value.replace(hour=0)
        return value
    return value.replace(microsecond=_truncate_fraction(value.microsecond, end))


def _datetime_out(value, start: int, end: int):
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, dt.time):
        stamp = dt.datetime.combine(dt.date(1, 1, 1), value)
    else:
        stamp = _datetime_from_fields(parse_datetime_text(str(value), 0, 15))
    stamp = stamp.replace(tzinfo=None)
    stamp = _trim_datetime(stamp, end)
    if end <= UNITS["DAY"]:
        return stamp.date()
    if start >= UNITS["HOUR"]:
        return stamp.time()
    return stamp


def _interval_months(value) -> int:
    months = getattr(value, "months", None)
    if isinstance(months, int):
        return months
    if isinstance(value, dt.timedelta):
        # DuckDB hands a months-only INTERVAL to Python as 30-day months.
        return value.days // 30 if value.days >= 0 else -((-value.days) // 30)
    if isinstance(value, int):
        return value
    raise SqlError(-1264)


def parse_interval_text(text: str, ifx: IfxType):
    """An INTERVAL literal body (``3 04:05:06``, ``5-03``, ``-12:30``) as a Python value."""
    text = text.strip()
    negative = text.startswith("-")
    body = text[1:].strip() if negative else text
    if ifx.is_year_month:
        numbers = re.fullmatch(r"(\d+)(?:-(\d+))?", body)
        if not numbers:
            raise SqlError(-1264)
        first = int(numbers.group(1))
        second = numbers.group(2)
        if ifx.start == UNITS["YEAR"]:
            months = first * 12 + (int(second) if second is not None else 0)
            if second is not None and ifx.end != UNITS["MONTH"]:
                raise SqlError(-1264)
        else:
            months = first
        return _interval_ym(-months if negative else months)
    seps = {6: " ", 8: ":", 10: ":"}
    order = [u for u in (4, 6, 8, 10) if ifx.start <= u <= min(ifx.end, 10)]
    pos = 0
    values: dict[int, int] = {}
    for i, unit in enumerate(order):
        if i:
            if pos >= len(body) or body[pos] != seps[unit]:
                raise SqlError(-1264)
            pos += 1
        found = re.match(r"\d+", body[pos:])
        if not found:
            raise SqlError(-1264)
        values[unit] = int(found.group(0))
        pos += len(found.group(0))
    micro = 0
    if pos < len(body) and body[pos] == "." and ifx.end > UNITS["SECOND"]:
        found = re.match(r"\d*", body[pos + 1 :])
        micro = int(((found.group(0) or "0") + "000000")[:6])
        pos += 1 + len(found.group(0))
    if pos != len(body):
        raise SqlError(-1264)
    delta = dt.timedelta(
        days=values.get(4, 0), hours=values.get(6, 0), minutes=values.get(8, 0),
        seconds=values.get(10, 0), microseconds=micro,
    )
    return -delta if negative else delta


def _interval_ym(months: int):
    from informix_db.types import IntervalYM  # written concurrently; imported on use

    return IntervalYM(months)


E_INTERVAL_OVERFLOW = -1265  # overflow on a datetime or interval operation

# Seconds (or months) in one unit of an interval's leading field.
_LEADING_UNIT = {UNITS["DAY"]: 86400, UNITS["HOUR"]: 3600, UNITS["MINUTE"]: 60, UNITS["SECOND"]: 1}


def _to_interval(value, ifx: IfxType):
    """Storage form of an interval: a DuckDB-castable string (months) or a timedelta.

    A value whose leading field has more digits than the qualifier allows (1000 days in a
    DAY(2) interval) is refused, as the server could not send it back."""
    if isinstance(value, str):
        value = parse_interval_text(value, ifx)
    limit = 10 ** qualifiers.first_precision(ifx.length)
    if ifx.is_year_month:
        months = _interval_months(value)
        leading = abs(months) // 12 if ifx.start == UNITS["YEAR"] else abs(months)
        if leading >= limit:
            raise SqlError(E_INTERVAL_OVERFLOW)
        return f"{months} months"
    if isinstance(value, dt.timedelta):
        seconds = abs(value.days * 86400 + value.seconds + (1 if value.microseconds and value.days < 0 else 0))
        if seconds // _LEADING_UNIT.get(ifx.start, 1) >= limit:
            raise SqlError(E_INTERVAL_OVERFLOW)
        return _trim_timedelta(value, ifx.end)
    raise SqlError(-1264)


def _trim_timedelta(value: dt.timedelta, end: int) -> dt.timedelta:
    micro_total = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    step = {4: 86400, 6: 3600, 8: 60}.get(end)
    unit = step * 1_000_000 if step else 10 ** (6 - max(0, end - UNITS["SECOND"]))
    sign = -1 if micro_total < 0 else 1
    micro_total = sign * (abs(micro_total) - abs(micro_total) % unit)
    return dt.timedelta(microseconds=micro_total)


def _interval_out(value, ifx: IfxType):
    if ifx.is_year_month:
        return _interval_ym(_interval_months(value))
    if isinstance(value, dt.timedelta):
        return _trim_timedelta(value, ifx.end)
    return value


def date_to_sql(value: dt.date) -> str:
    return f"DATE '{value.isoformat()}'"


def literal_sql(value, ifx: IfxType) -> str:
    """A DuckDB SQL literal of a stored DATETIME/INTERVAL value (for literal rewriting)."""
    if isinstance(value, str):  # year-month interval storage form
        return f"INTERVAL '{value}'"
    if isinstance(value, dt.timedelta):
        micro = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
        return f"TO_MICROSECONDS({micro}::BIGINT)"
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return date_to_sql(value)
    if isinstance(value, dt.time):
        return f"TIME '{value.isoformat()}'"
    raise SqlError(-201)
