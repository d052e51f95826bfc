"""One codec per Informix type: its SQ_TUPLE value format, both directions (PROTOCOL.md §4.2, §6).

A codec knows its type's width, NULL form, decode and encode, and the plan the compiled
decoders follow (``plan``); nothing else decodes or encodes a tuple value in Python. The
embedded server encodes with it, the pure-Python wire module and the compiled module's
fallback decode with it. Every read is bounds-checked: a short payload raises
ProtocolError, bytes that are no value of the type ProtocolError or DataError.
"""

from __future__ import annotations

import datetime as dt
import operator
import struct
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from ..exceptions import DataError, NotSupportedError, ProtocolError
from . import typecodes as tc
from .column import ColumnDesc
from .int8 import INT8_NULL, INT8_WIDTH, pack_int8, unpack_int8
from .packed_decimal import pack_decimal, packed_width, unpack_decimal
from .temporal import (
    date_to_days,
    days_to_date,
    pack_datetime,
    pack_interval,
    unpack_datetime,
    unpack_interval,
)
from .udt import COLLECTION_KINDS, LOCATOR_SIZE, BlobLocator, ClobLocator, CollectionValue, RowValue

#: ``(kind, width, start_unit, end_unit, exponent)``: which compiled decoder reads a column.
Plan = tuple[str, int, int, int, int]

# The compiled decoders' kinds (``_cwire.c_has_decoder`` knows each: tests/arrow/test_constants.py).
KIND_SMALLINT = "smallint"
KIND_INTEGER = "integer"
KIND_BIGINT = "bigint"
KIND_INT8 = "int8"
KIND_FLOAT = "float"
KIND_SMALLFLOAT = "smallfloat"
KIND_CHAR = "char"
KIND_VARCHAR = "varchar"
KIND_LVARCHAR = "lvarchar"
KIND_BOOLEAN = "boolean"
KIND_DATE = "date"
KIND_DECIMAL = "decimal"
KIND_DATETIME = "datetime"
KIND_PYTHON = "python"  # no compiled decoder: the column's codec decodes it
DECODER_KINDS = frozenset((
    KIND_SMALLINT, KIND_INTEGER, KIND_BIGINT, KIND_INT8, KIND_FLOAT, KIND_SMALLFLOAT, KIND_CHAR,
    KIND_VARCHAR, KIND_LVARCHAR, KIND_BOOLEAN, KIND_DATE, KIND_DECIMAL, KIND_DATETIME, KIND_PYTHON,
))

BLOB_DESCRIPTOR_SIZE = 56
BLOB_DESCRIPTOR_NULL_OFFSET = 39
BLOB_DESCRIPTOR_SIZE_OFFSET = 16
VARCHAR_MAX = 255
UNSCALED = 255

_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")
_F32 = struct.Struct(">f")
_F64 = struct.Struct(">d")
_ENVELOPE_HEAD = struct.Struct(">Bi")
_DATETIME_START_UNITS = (tc.TU_YEAR, tc.TU_MONTH, tc.TU_DAY, tc.TU_HOUR, tc.TU_MINUTE, tc.TU_SECOND)
_DATETIME_END_UNITS = _DATETIME_START_UNITS + tuple(tc.TU_FRACTION + n for n in range(1, 6))


def blob_descriptor(size: int = 0, null: bool = False) -> bytes:
    """A 56-byte BYTE/TEXT descriptor: zero but for the i32 size at 16 and the NULL flag at 39."""
    descriptor = bytearray(BLOB_DESCRIPTOR_SIZE)
    _I32.pack_into(descriptor, BLOB_DESCRIPTOR_SIZE_OFFSET, size)
    descriptor[BLOB_DESCRIPTOR_NULL_OFFSET] = 1 if null else 0
    return bytes(descriptor)


BLOB_DESCRIPTOR_NULL = blob_descriptor(null=True)


def _as_int(col: ColumnDesc, value) -> int:
    if isinstance(value, int):
        return value
    try:
        return operator.index(value)
    except TypeError:
        raise DataError(f"cannot encode {type(value).__name__} as {tc.NAMES.get(col.type_code)}") from None


def _encoded_str(col: ColumnDesc, value, encoding: str) -> bytes:
    if not isinstance(value, str):
        raise DataError(f"cannot encode {type(value).__name__} as {tc.NAMES.get(col.type_code)}")
    try:
        return value.encode(encoding)
    except UnicodeEncodeError as exc:
        raise DataError(f"{value!r} cannot be encoded in {encoding}: {exc.reason}") from None


def _encoded_text(col: ColumnDesc, value, encoding: str) -> bytes:
    """Encoded character data for a type whose NULL form is a leading NUL byte."""
    raw = _encoded_str(col, value, encoding)
    if raw[:1] == b"\x00":
        raise DataError("character data cannot start with a NUL (it marks NULL)")
    return raw


class Codec:
    """The tuple format of one column's type.

    ``width`` is the bytes every value takes (None when length-prefixed), ``null`` the NULL
    form; ``decode(data, pos)`` returns ``(value, position after it)`` and ``encode(value)``
    the value's bytes (None gives ``null``).
    """

    kind = KIND_PYTHON
    width: int | None = None
    null: bytes | None = None  # None: the type has no known NULL form

    def __init__(self, column: ColumnDesc, encoding: str) -> None:
        self.column = column
        self.encoding = encoding

    @classmethod
    def plan(cls, column: ColumnDesc) -> Plan:
        """How the compiled module decodes ``column`` (``KIND_PYTHON``: by calling this codec)."""
        return cls.kind, 0, 0, 0, 0

    def decode(self, data, pos: int) -> tuple[object, int]:
        raise NotImplementedError

    def encode(self, value) -> bytes:
        raise NotImplementedError

    def _end(self, data, pos: int, need: int) -> int:
        """``pos + need``, or ProtocolError when the payload ends before it."""
        end = pos + need
        if end > len(data):
            raise ProtocolError(
                f"tuple ends inside column {self.column.name!r}: needs {need} bytes, {len(data) - pos} remain")
        return end

    def _text(self, raw) -> str:
        try:
            return str(raw, self.encoding)
        except UnicodeDecodeError as exc:
            raise DataError(f"column {self.column.name!r} is not valid {self.encoding}: {exc.reason}") from None

    def _wrong_type(self, value) -> DataError:
        return DataError(f"cannot encode {type(value).__name__} as {tc.NAMES[self.column.type_code]}")


class IntegerCodec(Codec):
    """SMALLINT, INTEGER/SERIAL, BIGINT/BIGSERIAL: NULL is the most negative value (§6.4)."""

    FORMATS = {
        tc.SMALLINT: (_I16, KIND_SMALLINT), tc.INTEGER: (_I32, KIND_INTEGER), tc.SERIAL: (_I32, KIND_INTEGER),
        tc.BIGINT: (_I64, KIND_BIGINT), tc.BIGSERIAL: (_I64, KIND_BIGINT),
    }

    def __init__(self, column: ColumnDesc, encoding: str) -> None:
        super().__init__(column, encoding)
        self._format = self.FORMATS[column.type_code][0]
        self.width = self._format.size
        self._sentinel = -(1 << (8 * self.width - 1))
        self._limit = -self._sentinel - 1
        self.null = self._format.pack(self._sentinel)

    @classmethod
    def plan(cls, column):
        return cls.FORMATS[column.type_code][1], 0, 0, 0, 0

    def decode(self, data, pos):
        end = self._end(data, pos, self._format.size)
        value = self._format.unpack_from(data, pos)[0]
        return (None if value == self._sentinel else value), end

    def encode(self, value):
        if value is None:
            return self.null
        number = value if type(value) is int else _as_int(self.column, value)
        if not -self._limit <= number <= self._limit:
            raise DataError(f"{number} is out of range for {tc.NAMES[self.column.type_code]} "
                            f"column {self.column.name!r}")
        return self._format.pack(number)


class FloatCodec(Codec):
    """FLOAT and SMALLFLOAT: IEEE big-endian; NULL is all bits set (§6.6)."""

    FORMATS = {tc.FLOAT: (_F64, KIND_FLOAT), tc.SMALLFLOAT: (_F32, KIND_SMALLFLOAT)}

    def __init__(self, column: ColumnDesc, encoding: str) -> None:
        super().__init__(column, encoding)
        self._format = self.FORMATS[column.type_code][0]
        self.width = self._format.size
        self.null = b"\xff" * self.width

    @classmethod
    def plan(cls, column):
        return cls.FORMATS[column.type_code][1], 0, 0, 0, 0

    def decode(self, data, pos):
        end = self._end(data, pos, self._format.size)
        if data[pos:end] == self.null:
            return None, end
        return self._format.unpack_from(data, pos)[0], end

    def encode(self, value):
        if value is None:
            return self.null
        if not isinstance(value, (int, float, Decimal)):
            raise self._wrong_type(value)
        try:
            return self._format.pack(float(value))
        except (TypeError, ValueError, OverflowError) as exc:
            raise DataError(f"cannot encode {value!r} as {tc.NAMES[self.column.type_code]}: {exc}") from None


class DateCodec(Codec):
    """DATE: i32 days since 1899-12-31; NULL is the most negative value (§6.10)."""

    kind = KIND_DATE
    _SENTINEL = -(1 << 31)
    width = 4
    null = _I32.pack(_SENTINEL)

    def decode(self, data, pos):
        end = self._end(data, pos, 4)
        days = _I32.unpack_from(data, pos)[0]
        return (None if days == self._SENTINEL else days_to_date(days)), end

    def encode(self, value):
        if value is None:
            return self.null
        if not isinstance(value, dt.date):
            raise self._wrong_type(value)
        return _I32.pack(date_to_days(value))


class Int8Codec(Codec):
    """INT8/SERIAL8: 10-byte sign-magnitude (§6.5)."""

    kind = KIND_INT8
    width = INT8_WIDTH
    null = INT8_NULL

    def decode(self, data, pos):
        return unpack_int8(data, pos), self._end(data, pos, INT8_WIDTH)

    def encode(self, value):
        return INT8_NULL if value is None else pack_int8(_as_int(self.column, value))


class CharCodec(Codec):
    """CHAR/NCHAR(n): n bytes, blank-padded; NULL starts with a NUL byte (§6.7)."""

    kind = KIND_CHAR

    def __init__(self, column: ColumnDesc, encoding: str) -> None:
        super().__init__(column, encoding)
        width = self.width = column.encoded_length
        self.null = (b"\x00" + b" " * (width - 1))[:width]

    @classmethod
    def plan(cls, column):
        if 0 <= column.encoded_length <= 0x7FFF:
            return KIND_CHAR, column.encoded_length, 0, 0, 0
        return KIND_PYTHON, 0, 0, 0, 0

    def decode(self, data, pos):
        width = self.column.encoded_length
        end = self._end(data, pos, width)
        if not width or not data[pos]:
            return None, end
        return self._text(bytes(data[pos:end]).rstrip(b" \x00")), end

    def encode(self, value):
        if value is None:
            return self.null
        width = self.column.encoded_length
        raw = _encoded_text(self.column, value, self.encoding)
        if len(raw) > width:
            raw = raw.rstrip(b" ")  # trailing blanks beyond the width are not data
        if len(raw) > width:
            raise DataError(f"{len(raw)} bytes do not fit CHAR({width}) column {self.column.name!r}")
        return raw.ljust(width, b" ")


class VarcharCodec(Codec):
    """VARCHAR/NVARCHAR: u8 length + bytes; NULL is length 1 holding a NUL (§6.7)."""

    kind = KIND_VARCHAR
    width = None
    null = b"\x01\x00"

    def decode(self, data, pos):
        start = self._end(data, pos, 1)
        end = self._end(data, pos, 1 + data[pos])
        raw = bytes(data[start:end])
        if raw == b"\x00":
            return None, end
        return self._text(raw.rstrip(b"\x00")), end

    def encode(self, value):
        if value is None:
            return self.null
        raw = _encoded_text(self.column, value, self.encoding)
        if len(raw) > VARCHAR_MAX:
            raise DataError(f"{len(raw)} bytes exceed the VARCHAR maximum of {VARCHAR_MAX}")
        return bytes((len(raw),)) + raw


class LvarcharCodec(Codec):
    """Bare LVARCHAR (type 43): i32 length + bytes; NULL is length 1 holding a NUL (§6.8)."""

    width = None
    null = b"\x00\x00\x00\x01\x00"

    def decode(self, data, pos):
        start = self._end(data, pos, 4)
        length = _I32.unpack_from(data, pos)[0]
        if length < 0:
            raise ProtocolError(f"negative LVARCHAR length {length} in column {self.column.name!r}")
        end = self._end(data, pos, 4 + length)
        raw = bytes(data[start:end])
        if raw == b"\x00":
            return None, end
        return self._text(raw), end

    def encode(self, value):
        if value is None:
            return self.null
        raw = _encoded_text(self.column, value, self.encoding)
        return _I32.pack(len(raw)) + raw


class _PackedCodec(Codec):
    """DECIMAL-style packed base-100 digits; NULL is all zero bytes (§6.3)."""


    def __init__(self, column: ColumnDesc, encoding: str) -> None:
        super().__init__(column, encoding)
        self.width = packed_width(column.encoded_length)
        self.null = bytes(self.width)

    def decode(self, data, pos):
        end = self._end(data, pos, self.width)
        return self._unpack(data[pos:end]), end

    def _unpack(self, raw):
        raise NotImplementedError


class DecimalCodec(_PackedCodec):
    """DECIMAL(p,s) and MONEY(p,s); an unscaled DECIMAL(p) is a floating decimal (§6.9)."""

    kind = KIND_DECIMAL

    def __init__(self, column: ColumnDesc, encoding: str) -> None:
        super().__init__(column, encoding)
        self._fit = _decimal_fitter(column)

    @classmethod
    def plan(cls, column):
        width = packed_width(column.encoded_length)
        if width >= 2:
            return KIND_DECIMAL, width, 0, 0, 0
        return KIND_PYTHON, 0, 0, 0, 0

    def _unpack(self, raw):
        return unpack_decimal(raw)

    def encode(self, value):
        if value is None:
            return self.null
        if isinstance(value, int):
            value = Decimal(value)
        elif not isinstance(value, Decimal):
            raise self._wrong_type(value)
        if not value.is_finite():
            raise DataError(f"{tc.NAMES[self.column.type_code]} cannot hold {value}")
        return pack_decimal(self._fit(value), self.width)


def _decimal_fitter(col: ColumnDesc):
    """A function rounding a value to the column's scale (or precision when unscaled), as Informix stores it."""
    name = tc.NAMES[col.type_code]
    precision = max(col.precision, 1)
    scale = col.scale
    if scale == UNSCALED:
        rounding_context = Context(prec=precision, rounding=ROUND_HALF_UP)

        def fit_precision(value: Decimal) -> Decimal:
            if len(value.as_tuple().digits) > precision:
                return rounding_context.plus(value)
            return value

        return fit_precision
    integer_digits = precision - scale
    quantum = Decimal(1).scaleb(-scale)
    rounding_context = Context(prec=max(precision, scale) + 2, rounding=ROUND_HALF_UP)

    def check(value: Decimal) -> None:
        if value and value.adjusted() >= integer_digits:
            raise DataError(f"{value} overflows {name}({precision},{scale}) column {col.name!r}")

    def fit(value: Decimal) -> Decimal:  # value is finite: its exponent is an int
        check(value)
        if int(value.as_tuple().exponent) < -scale:
            value = value.quantize(quantum, context=rounding_context)
            check(value)  # rounding may carry into a new digit
        return value

    return fit


def _datetime_bytes(start: int, end: int) -> int:
    """Head byte + digit bytes the DATETIME fields start..end occupy."""
    count = 1 + sum(2 if unit == tc.TU_YEAR else 1 for unit in _DATETIME_START_UNITS if start <= unit <= end)
    if end > tc.TU_SECOND:
        count += (end - tc.TU_SECOND + 1) // 2
    return count


class DatetimeCodec(_PackedCodec):
    """DATETIME by qualifier: date, time or datetime (§6.11)."""

    kind = KIND_DATETIME

    @classmethod
    def plan(cls, column):
        """The compiled decoder takes qualifiers YEAR..FRACTION(5) with the first field's
        standard precision; others (and malformed ones) are left to ``decode``."""
        length = column.encoded_length
        digits, start, end = (length >> 8) & 0xFF, (length >> 4) & 0x0F, length & 0x0F
        width = packed_width(length)
        if (
            start in _DATETIME_START_UNITS
            and end in _DATETIME_END_UNITS
            and start <= end
            and digits - (end - start) == (4 if start == tc.TU_YEAR else 2)
            and width >= max(2, _datetime_bytes(start, end))
        ):
            return KIND_DATETIME, width, start, end, (digits + tc.TU_SECOND - end + 1) >> 1
        return KIND_PYTHON, 0, 0, 0, 0

    def _unpack(self, raw):
        return unpack_datetime(raw, self.column.encoded_length)

    def encode(self, value):
        return self.null if value is None else pack_datetime(value, self.column.encoded_length)


class IntervalCodec(_PackedCodec):
    """INTERVAL: IntervalYM (YEAR..MONTH) or timedelta (DAY..FRACTION) (§6.12)."""


    def _unpack(self, raw):
        return unpack_interval(raw, self.column.encoded_length)

    def encode(self, value):
        return self.null if value is None else pack_interval(value, self.column.encoded_length)


class BlobDescriptorCodec(Codec):
    """BYTE/TEXT in a tuple: the 56-byte descriptor; the content comes separately (§6.14)."""

    width = BLOB_DESCRIPTOR_SIZE
    null = BLOB_DESCRIPTOR_NULL

    def decode(self, data, pos):
        end = self._end(data, pos, BLOB_DESCRIPTOR_SIZE)
        raw = bytes(data[pos:end])
        return (None if raw[BLOB_DESCRIPTOR_NULL_OFFSET] == 1 else raw), end

    def encode(self, value):
        if value is None:
            return self.null
        if not isinstance(value, (bytes, bytearray)) or len(value) != BLOB_DESCRIPTOR_SIZE:
            raise DataError(
                f"{tc.NAMES[self.column.type_code]} tuple values are {BLOB_DESCRIPTOR_SIZE}-byte descriptors")
        return bytes(value)


class BooleanCodec(Codec):
    """Bare BOOLEAN (type 45): one byte, 't'/'f'; NULL is a NUL byte."""

    width = 1
    null = b"\x00"

    def decode(self, data, pos):
        end = self._end(data, pos, 1)
        flag = data[pos]
        return (None if not flag else flag in b"tT\x01"), end

    def encode(self, value):
        if value is None:
            return self.null
        return b"t" if value else b"f"


class EnvelopeCodec(Codec):
    """A value in the UDT envelope: u8 NULL indicator, i32 length, body (§6.13)."""

    width = None
    null = b"\x01\x00\x00\x00\x00"

    def decode(self, data, pos):
        start = self._end(data, pos, 5)
        indicator, length = _ENVELOPE_HEAD.unpack_from(data, pos)
        if length < 0:
            raise ProtocolError(f"negative UDT length {length} in column {self.column.name!r}")
        if indicator == 1:
            return None, start
        end = self._end(data, pos, 5 + length)
        return self._from_body(bytes(data[start:end])), end

    def encode(self, value):
        if value is None:
            return self.null
        body = self._to_body(value)
        return _ENVELOPE_HEAD.pack(0, len(body)) + body

    def _from_body(self, body: bytes):
        raise NotImplementedError

    def _to_body(self, value) -> bytes:
        raise NotImplementedError


class LvarcharEnvelopeCodec(EnvelopeCodec):
    """LVARCHAR as a UDTVAR named ``lvarchar``."""

    kind = KIND_LVARCHAR

    def _from_body(self, body):
        return self._text(body)

    def _to_body(self, value):
        return _encoded_str(self.column, value, self.encoding)


class BooleanEnvelopeCodec(EnvelopeCodec):
    """BOOLEAN as a UDTFIXED (extended id 5)."""

    kind = KIND_BOOLEAN

    def _from_body(self, body):
        return bool(body) and body[0] in b"tT\x01"

    def _to_body(self, value):
        return b"t" if value else b"f"


class LocatorCodec(EnvelopeCodec):
    """BLOB/CLOB smart-LOB locators: 72 bytes, sent as hex text (§6.15)."""

    locator: type[BlobLocator] | type[ClobLocator]

    def _from_body(self, body):
        try:
            raw = bytes.fromhex(body.decode("ascii"))
        except (ValueError, UnicodeDecodeError):
            raw = body
        if len(raw) != LOCATOR_SIZE:
            raise ProtocolError(
                f"smart-LOB locator in column {self.column.name!r} is {len(raw)} bytes, not {LOCATOR_SIZE}")
        return self.locator(raw)

    def _to_body(self, value):
        if not isinstance(value, self.locator):
            raise DataError(f"column {self.column.name!r} needs a {self.locator.__name__}")
        return value.raw.hex().encode("ascii")


class BlobCodec(LocatorCodec):
    locator = BlobLocator


class ClobCodec(LocatorCodec):
    locator = ClobLocator


class CompositeCodec(EnvelopeCodec):
    """ROW and collections: the body kept as it came (RowValue / CollectionValue)."""


    def _from_body(self, body):
        kind = COLLECTION_KINDS.get(self.column.type_code)
        if kind is None:
            return RowValue(body, self.column.extended_name)
        return CollectionValue(body, kind, self.column.extended_name)

    def _to_body(self, value):
        wanted = RowValue if self.column.type_code == tc.ROW else CollectionValue
        if isinstance(value, wanted):
            return value.raw
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        raise DataError(f"column {self.column.name!r} needs a {wanted.__name__} or bytes")


class OpaqueCodec(Codec):
    """Other UDTs and unknown codes: ``encoded_length`` raw bytes, as the peer reads them."""


    def __init__(self, column: ColumnDesc, encoding: str) -> None:
        super().__init__(column, encoding)
        self.width = max(column.encoded_length, 0)

    def decode(self, data, pos):
        end = self._end(data, pos, self.width)
        return bytes(data[pos:end]), end

    def encode(self, value):
        col = self.column
        if value is None:
            raise NotSupportedError(f"type {col.type_code} of column {col.name!r} has no known NULL form")
        if not isinstance(value, (bytes, bytearray)) or len(value) != self.width:
            raise DataError(f"column {col.name!r} of type {col.type_code} takes exactly {self.width} raw bytes")
        return bytes(value)


_BY_CODE: dict[int, type[Codec]] = {
    **dict.fromkeys(IntegerCodec.FORMATS, IntegerCodec), **dict.fromkeys(FloatCodec.FORMATS, FloatCodec),
    tc.INT8: Int8Codec, tc.SERIAL8: Int8Codec, tc.DATE: DateCodec,
    tc.CHAR: CharCodec, tc.NCHAR: CharCodec, tc.VARCHAR: VarcharCodec, tc.NVARCHAR: VarcharCodec,
    tc.LVARCHAR: LvarcharCodec, tc.DECIMAL: DecimalCodec, tc.MONEY: DecimalCodec,
    tc.DATETIME: DatetimeCodec, tc.INTERVAL: IntervalCodec,
    tc.BYTE: BlobDescriptorCodec, tc.TEXT: BlobDescriptorCodec, tc.BOOLEAN: BooleanCodec,
    tc.ROW: CompositeCodec, **dict.fromkeys(COLLECTION_KINDS, CompositeCodec),
}


def codec_class(column: ColumnDesc) -> type[Codec]:
    """The codec of ``column``'s type: by type code, for UDTs by extended name or id (§6.13)."""
    code = column.type_code
    if code == tc.UDTVAR:
        return LvarcharEnvelopeCodec if column.extended_name == "lvarchar" else OpaqueCodec
    if code == tc.UDTFIXED:
        if column.extended_name == "boolean" or column.extended_id == tc.XID_BOOLEAN:
            return BooleanEnvelopeCodec
        if column.extended_id == tc.XID_BLOB:
            return BlobCodec
        if column.extended_id == tc.XID_CLOB:
            return ClobCodec
    return _BY_CODE.get(code, OpaqueCodec)


@lru_cache(maxsize=1024)
def codec_for(column: ColumnDesc, encoding: str) -> Codec:
    """The codec of one column, made once per column and encoding."""
    return codec_class(column)(column, encoding)


def plan_column(column) -> Plan:
    """How the compiled module decodes ``column``: ``(kind, width, start_unit, end_unit, exponent)``.

    ``exponent`` is the base-100 exponent of an unnormalised DATETIME of the qualifier.
    """
    return codec_class(column).plan(column)


def decode_tuple_value(col: ColumnDesc, data, pos: int, encoding: str) -> tuple[object, int]:
    """Decode the value of ``col`` at ``data[pos:]``; returns ``(value, position after it)``."""
    return codec_for(col, encoding).decode(data, pos)


def encode_tuple_value(col: ColumnDesc, value, encoding: str) -> bytes:
    """The tuple bytes of ``value`` for column ``col``; None gives the type's NULL form."""
    return codec_for(col, encoding).encode(value)
