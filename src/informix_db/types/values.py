"""Column values inside an SQ_TUPLE payload, both directions (PROTOCOL.md §4.2, §6).

The embedded server encodes with ``encode_tuple_value``; the client's pure-Python wire
module decodes with ``decode_tuple_value`` or, once per column, ``make_tuple_decoder``.
Every read is bounds-checked: a short payload raises ProtocolError.
"""

from __future__ import annotations

import datetime as dt
import operator
import struct
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from ..exceptions import DataError, NotSupportedError, ProtocolError
from . import typecodes as tc
from .column import ColumnDesc
from .int8 import INT8_NULL, INT8_WIDTH, pack_int8, unpack_int8
from .packed_decimal import pack_decimal, packed_width, unpack_decimal
from .qualifier import layout
from .temporal import (
    date_to_days,
    days_to_date,
    pack_datetime,
    pack_interval,
    unpack_datetime,
    unpack_interval,
)
from .udt import COLLECTION_KINDS, LOCATOR_SIZE, BlobLocator, ClobLocator, CollectionValue, RowValue

TupleDecoder = Callable[[bytes, int], tuple[object, int]]
TupleEncoder = Callable[[object], bytes]

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
_ENVELOPE_NULL = b"\x01\x00\x00\x00\x00"
_VARCHAR_NULL = b"\x01\x00"

# Integer types: (struct, NULL sentinel = the most negative value).
_INTEGERS = {
    tc.SMALLINT: (_I16, -(1 << 15)),
    tc.INTEGER: (_I32, -(1 << 31)),
    tc.SERIAL: (_I32, -(1 << 31)),
    tc.BIGINT: (_I64, -(1 << 63)),
    tc.BIGSERIAL: (_I64, -(1 << 63)),
}
_FLOATS = {tc.FLOAT: _F64, tc.SMALLFLOAT: _F32}
_FIXED_WIDTHS = {
    tc.SMALLINT: 2, tc.INTEGER: 4, tc.SERIAL: 4, tc.FLOAT: 8, tc.SMALLFLOAT: 4,
    tc.DATE: 4, tc.INT8: INT8_WIDTH, tc.SERIAL8: INT8_WIDTH, tc.BIGINT: 8, tc.BIGSERIAL: 8,
    tc.BYTE: BLOB_DESCRIPTOR_SIZE, tc.TEXT: BLOB_DESCRIPTOR_SIZE, tc.BOOLEAN: 1,
}
_PACKED = frozenset((tc.DECIMAL, tc.MONEY, tc.DATETIME, tc.INTERVAL))
_CHARS = frozenset((tc.CHAR, tc.NCHAR))
_VARCHARS = frozenset((tc.VARCHAR, tc.NVARCHAR))

# What an envelope-carried column holds (see envelope_kind).
ENV_LVARCHAR = "lvarchar"
ENV_BOOLEAN = "boolean"
ENV_BLOB = "blob"
ENV_CLOB = "clob"
ENV_ROW = "row"
ENV_COLLECTION = "collection"


def envelope_kind(col: ColumnDesc) -> str | None:
    """What a column carried in the UDT envelope holds, or None when it has no envelope (§6.13).

    Other UDTVAR/UDTFIXED columns are plain ``encoded_length`` raw bytes, as the peer reads them.
    """
    code = col.type_code
    if code == tc.UDTVAR:
        return ENV_LVARCHAR if col.extended_name == "lvarchar" else None
    if code == tc.UDTFIXED:
        if col.extended_name == "boolean" or col.extended_id == tc.XID_BOOLEAN:
            return ENV_BOOLEAN
        if col.extended_id == tc.XID_BLOB:
            return ENV_BLOB
        if col.extended_id == tc.XID_CLOB:
            return ENV_CLOB
        return None
    if code == tc.ROW:
        return ENV_ROW
    if code in COLLECTION_KINDS:
        return ENV_COLLECTION
    return None


def fixed_width(col: ColumnDesc) -> int | None:
    """Bytes a value of this column always takes in a tuple, or None when it is length-prefixed."""
    code = col.type_code
    width = _FIXED_WIDTHS.get(code)
    if width is not None:
        return width
    if code in _PACKED:
        return packed_width(col.encoded_length)
    if code in _VARCHARS or code == tc.LVARCHAR or envelope_kind(col) is not None:
        return None
    return col.encoded_length  # CHAR, NCHAR, opaque UDTs and unknown codes


def blob_descriptor(size: int = 0, null: bool = False) -> bytes:
    """A 56-byte BYTE/TEXT descriptor: zero but for the i32 size at 16 and the NULL flag at 39."""
    descriptor = bytearray(BLOB_DESCRIPTOR_SIZE)
    _I32.pack_into(descriptor, BLOB_DESCRIPTOR_SIZE_OFFSET, size)
    descriptor[BLOB_DESCRIPTOR_NULL_OFFSET] = 1 if null else 0
    return bytes(descriptor)


BLOB_DESCRIPTOR_NULL = blob_descriptor(null=True)


def _short(col: ColumnDesc, need: int, have: int) -> ProtocolError:
    return ProtocolError(f"tuple ends inside column {col.name!r}: needs {need} bytes, {have} remain")


def _text(raw, encoding: str, col: ColumnDesc) -> str:
    try:
        return str(raw, encoding)
    except UnicodeDecodeError as exc:
        raise DataError(f"column {col.name!r} is not valid {encoding}: {exc.reason}") from None


# ---------------------------------------------------------------------------------------
# Decoding


def _decode_integer(col: ColumnDesc, codec: struct.Struct, null: int) -> TupleDecoder:
    size = codec.size
    unpack_from = codec.unpack_from

    def decode(data, pos):
        end = pos + size
        if end > len(data):
            raise _short(col, size, len(data) - pos)
        value = unpack_from(data, pos)[0]
        return (None if value == null else value), end

    return decode


def _decode_float(col: ColumnDesc, codec: struct.Struct) -> TupleDecoder:
    size = codec.size
    null = b"\xff" * size
    unpack_from = codec.unpack_from

    def decode(data, pos):
        end = pos + size
        if end > len(data):
            raise _short(col, size, len(data) - pos)
        if data[pos:end] == null:
            return None, end
        return unpack_from(data, pos)[0], end

    return decode


def _decode_date(col: ColumnDesc) -> TupleDecoder:
    unpack_from = _I32.unpack_from
    null = -(1 << 31)

    def decode(data, pos):
        end = pos + 4
        if end > len(data):
            raise _short(col, 4, len(data) - pos)
        days = unpack_from(data, pos)[0]
        return (None if days == null else days_to_date(days)), end

    return decode


def _decode_char(col: ColumnDesc, encoding: str) -> TupleDecoder:
    width = col.encoded_length

    def decode(data, pos):
        end = pos + width
        if end > len(data):
            raise _short(col, width, len(data) - pos)
        if not width or not data[pos]:
            return None, end
        return _text(bytes(data[pos:end]).rstrip(b" \x00"), encoding, col), end

    return decode


def _decode_varchar(col: ColumnDesc, encoding: str) -> TupleDecoder:
    def decode(data, pos):
        if pos >= len(data):
            raise _short(col, 1, 0)
        start = pos + 1
        end = start + data[pos]
        if end > len(data):
            raise _short(col, end - pos, len(data) - pos)
        raw = bytes(data[start:end])
        if raw == b"\x00":
            return None, end
        return _text(raw.rstrip(b"\x00"), encoding, col), end

    return decode


def _decode_lvarchar(col: ColumnDesc, encoding: str) -> TupleDecoder:
    unpack_from = _I32.unpack_from

    def decode(data, pos):
        start = pos + 4
        if start > len(data):
            raise _short(col, 4, len(data) - pos)
        length = unpack_from(data, pos)[0]
        if length < 0:
            raise ProtocolError(f"negative LVARCHAR length {length} in column {col.name!r}")
        end = start + length
        if end > len(data):
            raise _short(col, end - pos, len(data) - pos)
        raw = bytes(data[start:end])
        if raw == b"\x00":
            return None, end
        return _text(raw, encoding, col), end

    return decode


def _decode_packed(col: ColumnDesc, unpack) -> TupleDecoder:
    width = packed_width(col.encoded_length)

    def decode(data, pos):
        end = pos + width
        if end > len(data):
            raise _short(col, width, len(data) - pos)
        return unpack(data[pos:end]), end

    return decode


def _decode_sized(col: ColumnDesc, width: int, convert) -> TupleDecoder:
    """A fixed-width value turned into a Python value by ``convert(raw)``."""

    def decode(data, pos):
        end = pos + width
        if end > len(data):
            raise _short(col, width, len(data) - pos)
        return convert(bytes(data[pos:end])), end

    return decode


def _byte_descriptor(raw: bytes):
    return None if raw[BLOB_DESCRIPTOR_NULL_OFFSET] == 1 else raw


def _bare_boolean(raw: bytes):
    return None if not raw[0] else raw[0] in b"tT\x01"


def _envelope_converter(col: ColumnDesc, kind: str, encoding: str):
    """Turns an envelope body into the column's Python value."""
    if kind == ENV_LVARCHAR:
        return lambda body: _text(body, encoding, col)
    if kind == ENV_BOOLEAN:
        return lambda body: bool(body) and body[0] in b"tT\x01"
    if kind in (ENV_BLOB, ENV_CLOB):
        locator_class = BlobLocator if kind == ENV_BLOB else ClobLocator

        def to_locator(body):
            try:
                raw = bytes.fromhex(body.decode("ascii"))
            except (ValueError, UnicodeDecodeError):
                raw = body
            if len(raw) != LOCATOR_SIZE:
                raise ProtocolError(
                    f"smart-LOB locator in column {col.name!r} is {len(raw)} bytes, not {LOCATOR_SIZE}"
                )
            return locator_class(raw)

        return to_locator
    if kind == ENV_ROW:
        return lambda body: RowValue(body, col.extended_name)
    collection_kind = COLLECTION_KINDS[col.type_code]
    return lambda body: CollectionValue(body, collection_kind, col.extended_name)


def _decode_envelope(col: ColumnDesc, convert) -> TupleDecoder:
    unpack_from = _ENVELOPE_HEAD.unpack_from

    def decode(data, pos):
        start = pos + 5
        if start > len(data):
            raise _short(col, 5, len(data) - pos)
        indicator, length = unpack_from(data, pos)
        if length < 0:
            raise ProtocolError(f"negative UDT length {length} in column {col.name!r}")
        if indicator == 1:
            return None, start
        end = start + length
        if end > len(data):
            raise _short(col, end - pos, len(data) - pos)
        return convert(bytes(data[start:end])), end

    return decode


@lru_cache(maxsize=1024)
def make_tuple_decoder(col: ColumnDesc, encoding: str) -> TupleDecoder:
    """A function ``(data, pos) -> (value, new_pos)`` for one column, chosen once per column."""
    code = col.type_code
    if code in _INTEGERS:
        return _decode_integer(col, *_INTEGERS[code])
    if code in _FLOATS:
        return _decode_float(col, _FLOATS[code])
    if code == tc.DATE:
        return _decode_date(col)
    if code in _CHARS:
        return _decode_char(col, encoding)
    if code in _VARCHARS:
        return _decode_varchar(col, encoding)
    if code in (tc.DECIMAL, tc.MONEY):
        return _decode_packed(col, unpack_decimal)
    if code == tc.DATETIME:
        return _decode_packed(col, lambda raw, q=col.encoded_length: unpack_datetime(raw, q))
    if code == tc.INTERVAL:
        return _decode_packed(col, lambda raw, q=col.encoded_length: unpack_interval(raw, q))
    if code in (tc.INT8, tc.SERIAL8):
        return _decode_sized(col, INT8_WIDTH, unpack_int8)
    if code in (tc.BYTE, tc.TEXT):
        return _decode_sized(col, BLOB_DESCRIPTOR_SIZE, _byte_descriptor)
    if code == tc.LVARCHAR:
        return _decode_lvarchar(col, encoding)
    if code == tc.BOOLEAN:
        return _decode_sized(col, 1, _bare_boolean)
    kind = envelope_kind(col)
    if kind is not None:
        return _decode_envelope(col, _envelope_converter(col, kind, encoding))
    return _decode_sized(col, max(col.encoded_length, 0), bytes)


def decode_tuple_value(col: ColumnDesc, data, pos: int, encoding: str) -> tuple[object, int]:
    """Decode the value of ``col`` at ``data[pos:]``; returns ``(value, position after it)``."""
    return make_tuple_decoder(col, encoding)(data, pos)


# ---------------------------------------------------------------------------------------
# Encoding


def _as_int(col: ColumnDesc, value) -> int:
    if isinstance(value, int):
        return value
    try:
        return operator.index(value)
    except TypeError:
        raise DataError(f"cannot encode {type(value).__name__} as {tc.NAMES.get(col.type_code)}") from None


def _encode_integer(col: ColumnDesc, codec: struct.Struct, null: int) -> TupleEncoder:
    null_bytes = codec.pack(null)
    limit = -null - 1
    pack = codec.pack

    def encode(value):
        if value is None:
            return null_bytes
        number = _as_int(col, value)
        if not -limit <= number <= limit:
            raise DataError(f"{number} is out of range for {tc.NAMES[col.type_code]} column {col.name!r}")
        return pack(number)

    return encode


def _encode_float(col: ColumnDesc, codec: struct.Struct) -> TupleEncoder:
    null_bytes = b"\xff" * codec.size
    pack = codec.pack

    def encode(value):
        if value is None:
            return null_bytes
        if not isinstance(value, (int, float, Decimal)):
            raise DataError(f"cannot encode {type(value).__name__} as {tc.NAMES[col.type_code]}")
        try:
            return pack(float(value))
        except (TypeError, ValueError, OverflowError) as exc:
            raise DataError(f"cannot encode {value!r} as {tc.NAMES[col.type_code]}: {exc}") from None

    return encode


def _encode_date(col: ColumnDesc) -> TupleEncoder:
    null_bytes = _I32.pack(-(1 << 31))

    def encode(value):
        if value is None:
            return null_bytes
        if not isinstance(value, dt.date):
            raise DataError(f"cannot encode {type(value).__name__} as DATE")
        return _I32.pack(date_to_days(value))

    return encode


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


def _encode_char(col: ColumnDesc, encoding: str) -> TupleEncoder:
    width = col.encoded_length
    null_bytes = (b"\x00" + b" " * (width - 1))[:width]

    def encode(value):
        if value is None:
            return null_bytes
        raw = _encoded_text(col, value, encoding)
        if len(raw) > width:
            raw = raw.rstrip(b" ")  # trailing blanks beyond the width are not data
        if len(raw) > width:
            raise DataError(f"{len(raw)} bytes do not fit CHAR({width}) column {col.name!r}")
        return raw.ljust(width, b" ")

    return encode


def _encode_varchar(col: ColumnDesc, encoding: str) -> TupleEncoder:
    def encode(value):
        if value is None:
            return _VARCHAR_NULL
        raw = _encoded_text(col, value, encoding)
        if len(raw) > VARCHAR_MAX:
            raise DataError(f"{len(raw)} bytes exceed the VARCHAR maximum of {VARCHAR_MAX}")
        return bytes((len(raw),)) + raw

    return encode


def _encode_lvarchar(col: ColumnDesc, encoding: str) -> TupleEncoder:
    def encode(value):
        raw = b"\x00" if value is None else _encoded_text(col, value, encoding)
        return _I32.pack(len(raw)) + raw

    return encode


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


def _encode_decimal(col: ColumnDesc) -> TupleEncoder:
    width = packed_width(col.encoded_length)
    null_bytes = bytes(width)
    fit = _decimal_fitter(col)
    name = tc.NAMES[col.type_code]

    def encode(value):
        if value is None:
            return null_bytes
        if isinstance(value, int):
            value = Decimal(value)
        elif not isinstance(value, Decimal):
            raise DataError(f"cannot encode {type(value).__name__} as {name}")
        if not value.is_finite():
            raise DataError(f"{name} cannot hold {value}")
        return pack_decimal(fit(value), width)

    return encode


def _encode_qualified(col: ColumnDesc, pack) -> TupleEncoder:
    qualifier = col.encoded_length
    null_bytes = bytes(layout(qualifier).width)

    def encode(value):
        if value is None:
            return null_bytes
        return pack(value, qualifier)

    return encode


def _encode_int8(col: ColumnDesc) -> TupleEncoder:
    def encode(value):
        return INT8_NULL if value is None else pack_int8(_as_int(col, value))

    return encode


def _encode_byte_descriptor(col: ColumnDesc) -> TupleEncoder:
    def encode(value):
        if value is None:
            return BLOB_DESCRIPTOR_NULL
        if not isinstance(value, (bytes, bytearray)) or len(value) != BLOB_DESCRIPTOR_SIZE:
            raise DataError(
                f"{tc.NAMES[col.type_code]} tuple values are {BLOB_DESCRIPTOR_SIZE}-byte descriptors"
            )
        return bytes(value)

    return encode


def _encode_bare_boolean(value) -> bytes:
    if value is None:
        return b"\x00"
    return b"t" if value else b"f"


def _envelope_body(col: ColumnDesc, kind: str, encoding: str):
    """Turns a Python value into the body of the column's UDT envelope."""
    if kind == ENV_LVARCHAR:
        return lambda value: _encoded_str(col, value, encoding)
    if kind == ENV_BOOLEAN:
        return lambda value: b"t" if value else b"f"
    if kind in (ENV_BLOB, ENV_CLOB):
        locator_class = BlobLocator if kind == ENV_BLOB else ClobLocator

        def from_locator(value):
            if not isinstance(value, locator_class):
                raise DataError(f"column {col.name!r} needs a {locator_class.__name__}")
            return value.raw.hex().encode("ascii")

        return from_locator
    value_class = RowValue if kind == ENV_ROW else CollectionValue

    def from_composite(value):
        if isinstance(value, value_class):
            return value.raw
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        raise DataError(f"column {col.name!r} needs a {value_class.__name__} or bytes")

    return from_composite


def _encode_envelope(col: ColumnDesc, body_of) -> TupleEncoder:
    def encode(value):
        if value is None:
            return _ENVELOPE_NULL
        body = body_of(value)
        return _ENVELOPE_HEAD.pack(0, len(body)) + body

    return encode


def _encode_opaque(col: ColumnDesc) -> TupleEncoder:
    width = col.encoded_length

    def encode(value):
        if value is None:
            raise NotSupportedError(f"type {col.type_code} of column {col.name!r} has no known NULL form")
        if not isinstance(value, (bytes, bytearray)) or len(value) != width:
            raise DataError(f"column {col.name!r} of type {col.type_code} takes exactly {width} raw bytes")
        return bytes(value)

    return encode


@lru_cache(maxsize=1024)
def make_tuple_encoder(col: ColumnDesc, encoding: str) -> TupleEncoder:
    """A function ``value -> bytes`` for one column (None gives the type's NULL form)."""
    code = col.type_code
    if code in _INTEGERS:
        return _encode_integer(col, *_INTEGERS[code])
    if code in _FLOATS:
        return _encode_float(col, _FLOATS[code])
    if code == tc.DATE:
        return _encode_date(col)
    if code in _CHARS:
        return _encode_char(col, encoding)
    if code in _VARCHARS:
        return _encode_varchar(col, encoding)
    if code in (tc.DECIMAL, tc.MONEY):
        return _encode_decimal(col)
    if code == tc.DATETIME:
        return _encode_qualified(col, pack_datetime)
    if code == tc.INTERVAL:
        return _encode_qualified(col, pack_interval)
    if code in (tc.INT8, tc.SERIAL8):
        return _encode_int8(col)
    if code in (tc.BYTE, tc.TEXT):
        return _encode_byte_descriptor(col)
    if code == tc.LVARCHAR:
        return _encode_lvarchar(col, encoding)
    if code == tc.BOOLEAN:
        return _encode_bare_boolean
    kind = envelope_kind(col)
    if kind is not None:
        return _encode_envelope(col, _envelope_body(col, kind, encoding))
    return _encode_opaque(col)


def encode_tuple_value(col: ColumnDesc, value, encoding: str) -> bytes:
    """The tuple bytes of ``value`` for column ``col``; None gives the type's NULL form."""
    return make_tuple_encoder(col, encoding)(value)
