"""SQ_BIND parameter values, both directions (PROTOCOL.md §3.7).

The client encodes a Python value as ``(type, indicator, prec, data)`` exactly as the peer
does; the embedded server measures each bound value with ``bind_data_length`` and decodes
it with ``decode_bind_value``. ``data`` never includes the even-byte pad.
"""

from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal

from ..exceptions import DataError, NotSupportedError, ProtocolError, UnsupportedParameterError
from . import typecodes as tc
from .codecs import BLOB_DESCRIPTOR_SIZE, BLOB_DESCRIPTOR_SIZE_OFFSET, blob_descriptor
from .int8 import INT8_WIDTH, unpack_int8
from .interval import IntervalYM
from .packed_decimal import decimal_bind_prec, pack_decimal, unpack_decimal
from .qualifier import make_qualifier
from .temporal import (
    date_to_days,
    days_to_date,
    pack_datetime,
    pack_interval,
    unpack_datetime,
    unpack_interval,
)

INT_PREC = 0x0A00
BIGINT_PREC = 0x1300
DATETIME_SECOND_PREC = make_qualifier(tc.TU_YEAR, tc.TU_SECOND)                # 0x0E0A
DATETIME_FRACTION_PREC = make_qualifier(tc.TU_YEAR, tc.TU_FRACTION + 5)        # 0x130F
TIME_PREC = make_qualifier(tc.TU_HOUR, tc.TU_FRACTION + 5)                     # 0x0B6F
TIMEDELTA_PREC = make_qualifier(tc.TU_DAY, tc.TU_FRACTION + 5, 9)              # 0x144F
INTERVAL_YM_PREC = make_qualifier(tc.TU_YEAR, tc.TU_MONTH, 9)                  # 0x0B02
MAX_CHAR_BIND = 0x7FFF

NULL_BIND = (0, -1, 0, b"")
FLOAT_NULL = b"\xff" * 8  # a FLOAT whose bits are all ones is NULL on the wire

_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")
_F32 = struct.Struct(">f")
_F64 = struct.Struct(">d")
_INT32_MIN, _INT32_MAX = -(1 << 31), (1 << 31) - 1
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _prefixed(body: bytes) -> bytes:
    return _I16.pack(len(body)) + body


def _bind_str(value: str, encoding: str) -> tuple[int, int, int, bytes]:
    """A string binds as CHAR up to 32 KB, beyond that as TEXT (its content follows in
    SQ_BBIND, as BYTE's does), so it reaches a TEXT column whole."""
    try:
        raw = value.encode(encoding)
    except UnicodeEncodeError as exc:
        raise DataError(
            f"parameter cannot be encoded in {encoding}: {exc.reason} at {exc.start}-{exc.end}"
        ) from None
    if len(raw) > MAX_CHAR_BIND:
        return tc.TEXT, 0, 0, blob_descriptor(len(raw))
    if value.rstrip(" ").endswith("\x00"):
        raise DataError(
            "a string ending in NUL (trailing blanks aside) cannot be stored faithfully: CHAR and "
            "VARCHAR values end at their trailing NULs; strip them, or bind bytes to a BYTE column")
    return tc.CHAR, 0, 0, _prefixed(raw)


def encode_bind_value(value, encoding: str) -> tuple[int, int, int, bytes]:
    """``(type_code, indicator, prec, data)`` of one parameter; NotSupportedError for other types.

    Naive and aware datetimes bind alike (the wire has no time zone).
    """
    if value is None:
        return NULL_BIND
    if isinstance(value, bool):
        return _bind_str("t" if value else "f", encoding)
    if isinstance(value, int):
        if _INT32_MIN <= value <= _INT32_MAX:
            return tc.INTEGER, 0, INT_PREC, _I32.pack(value)
        if _INT64_MIN <= value <= _INT64_MAX:
            return tc.BIGINT, 0, BIGINT_PREC, _I64.pack(value)
        raise DataError(f"integer parameter {value} is beyond the 64-bit range")
    if isinstance(value, float):
        data = _F64.pack(value)
        if data == FLOAT_NULL:
            raise DataError("this NaN has FLOAT's NULL bit pattern (all ones) and would come back "
                            "as NULL; bind math.nan or None instead")
        return tc.FLOAT, 0, 0, data
    if isinstance(value, str):
        return _bind_str(value, encoding)
    if isinstance(value, dt.datetime):
        prec = DATETIME_FRACTION_PREC if value.microsecond else DATETIME_SECOND_PREC
        return tc.DATETIME, 0, prec, _prefixed(pack_datetime(value, prec, keep_microseconds=True))
    if isinstance(value, dt.date):
        return tc.DATE, 0, 0, _I32.pack(date_to_days(value))
    if isinstance(value, dt.time):
        return tc.DATETIME, 0, TIME_PREC, _prefixed(pack_datetime(value, TIME_PREC, keep_microseconds=True))
    if isinstance(value, Decimal):
        return tc.DECIMAL, 0, decimal_bind_prec(value), _prefixed(pack_decimal(value))
    if isinstance(value, dt.timedelta):
        return tc.INTERVAL, 0, TIMEDELTA_PREC, _prefixed(pack_interval(value, TIMEDELTA_PREC))
    if isinstance(value, IntervalYM):
        return tc.INTERVAL, 0, INTERVAL_YM_PREC, _prefixed(pack_interval(value, INTERVAL_YM_PREC))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return tc.BYTE, 0, 0, blob_descriptor(memoryview(value).nbytes)
    raise UnsupportedParameterError(f"parameters of type {type(value).__name__} are not supported")


# Bytes of the fixed-size bind types; every other supported type has an i16 length prefix.
_FIXED_BIND_SIZES = {
    tc.SMALLINT: 2, tc.INTEGER: 4, tc.SERIAL: 4, tc.FLOAT: 8, tc.SMALLFLOAT: 4, tc.DATE: 4,
    tc.INT8: INT8_WIDTH, tc.SERIAL8: INT8_WIDTH, tc.BIGINT: 8, tc.BIGSERIAL: 8,
    tc.BYTE: BLOB_DESCRIPTOR_SIZE, tc.TEXT: BLOB_DESCRIPTOR_SIZE, tc.BOOLEAN: 1,
}
_PREFIXED_BIND_TYPES = frozenset((
    tc.CHAR, tc.DECIMAL, tc.MONEY, tc.DATETIME, tc.VARCHAR, tc.INTERVAL, tc.NCHAR,
    tc.NVARCHAR, tc.UDTVAR, tc.LVARCHAR,
))
_TEXT_BIND_TYPES = frozenset((tc.CHAR, tc.VARCHAR, tc.NCHAR, tc.NVARCHAR, tc.UDTVAR, tc.LVARCHAR))


def bind_data_length(type_code: int, buf, pos: int) -> int:
    """Bytes of data (pad excluded) of a value of ``type_code`` bound at ``buf[pos:]``.

    Length-prefixed types count their i16 prefix. The prefix must be in ``buf``
    (ProtocolError otherwise); the data itself is not checked.
    """
    code = type_code & 0xFF
    size = _FIXED_BIND_SIZES.get(code)
    if size is not None:
        return size
    if code not in _PREFIXED_BIND_TYPES:
        raise NotSupportedError(f"bind type {type_code} is not supported")
    if pos + 2 > len(buf):
        raise ProtocolError("bind value ends before its length prefix")
    length = _I16.unpack_from(buf, pos)[0]
    if length < 0:
        raise ProtocolError(f"negative bind length {length}")
    return 2 + length


def _prefixed_body(code: int, data) -> bytes:
    if len(data) < 2:
        raise ProtocolError(f"bind value of type {code} has no length prefix")
    length = _I16.unpack_from(data, 0)[0]
    if length < 0 or 2 + length != len(data):
        raise ProtocolError(f"bind length prefix {length} disagrees with {len(data) - 2} data bytes")
    return bytes(data[2:])


def decode_bind_value(type_code: int, prec: int, data, encoding: str):
    """The Python value of one bound parameter (``data`` as measured by bind_data_length).

    Strings come back as str (blanks kept), DECIMAL/MONEY as Decimal, DATETIME and INTERVAL
    per their qualifier in ``prec``, BYTE/TEXT as the size the descriptor declares.
    """
    code = type_code & 0xFF
    size = _FIXED_BIND_SIZES.get(code)
    if size is not None:
        if len(data) != size:
            raise ProtocolError(f"bind value of type {code} needs {size} bytes, got {len(data)}")
        if code == tc.INTEGER or code == tc.SERIAL:
            return _I32.unpack_from(data)[0]
        if code == tc.BIGINT or code == tc.BIGSERIAL:
            return _I64.unpack_from(data)[0]
        if code == tc.SMALLINT:
            return _I16.unpack_from(data)[0]
        if code == tc.FLOAT:
            return _F64.unpack_from(data)[0]
        if code == tc.SMALLFLOAT:
            return _F32.unpack_from(data)[0]
        if code == tc.DATE:
            return days_to_date(_I32.unpack_from(data)[0])
        if code == tc.INT8 or code == tc.SERIAL8:
            return unpack_int8(data)
        if code == tc.BOOLEAN:
            return data[0] in b"tT\x01"
        return _I32.unpack_from(data, BLOB_DESCRIPTOR_SIZE_OFFSET)[0]  # BYTE / TEXT
    if code not in _PREFIXED_BIND_TYPES:
        raise NotSupportedError(f"bind type {type_code} is not supported")
    body = _prefixed_body(code, data)
    if code in _TEXT_BIND_TYPES:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DataError(f"bound string is not valid {encoding}: {exc.reason}") from None
    if code == tc.DATETIME:
        return unpack_datetime(body, prec)
    if code == tc.INTERVAL:
        return unpack_interval(body, prec)
    return unpack_decimal(body)  # DECIMAL / MONEY
