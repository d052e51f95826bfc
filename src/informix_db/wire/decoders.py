"""Row decoding of SQ_TUPLE payloads (pure Python; PROTOCOL.md §4.2, §6).

``plan_column`` decides how each column is decoded and is shared with the compiled module,
so both implementations pick the same decoder for every column. Types without a native
decoder here (INTERVAL, BYTE/TEXT, ROW, collections, LOB locators, unknown codes) go to
``informix_db.types.decode_tuple_value``.
"""

from __future__ import annotations

import codecs
import datetime
import decimal
import struct

from ..exceptions import DatabaseError, ProtocolError
from ..types import typecodes as tc

# Errors a Python-level column decoder may raise on malformed bytes; reported as ProtocolError.
FALLBACK_ERRORS = (ValueError, IndexError, KeyError, TypeError, ArithmeticError, struct.error, DatabaseError)

_DATETIME_START_UNITS = (tc.TU_YEAR, tc.TU_MONTH, tc.TU_DAY, tc.TU_HOUR, tc.TU_MINUTE, tc.TU_SECOND)
_DATETIME_END_UNITS = _DATETIME_START_UNITS + (11, 12, 13, 14, 15)

_FIXED_KINDS = {
    tc.SMALLINT: "smallint",
    tc.INTEGER: "integer",
    tc.SERIAL: "integer",
    tc.BIGINT: "bigint",
    tc.BIGSERIAL: "bigint",
    tc.INT8: "int8",
    tc.SERIAL8: "int8",
    tc.FLOAT: "float",
    tc.SMALLFLOAT: "smallfloat",
    tc.VARCHAR: "varchar",
    tc.NVARCHAR: "varchar",
    tc.DATE: "date",
}


def packed_width(encoded_length: int) -> int:
    """Bytes of a DECIMAL/MONEY/DATETIME/INTERVAL value (§6.3)."""
    high = (encoded_length >> 8) & 0xFF
    low = encoded_length & 0xFF
    return (high + (low & 1) + 3) // 2


def _datetime_bytes(start: int, end: int) -> int:
    """Head byte + digit bytes the DATETIME fields start..end occupy."""
    count = 1
    for unit in (tc.TU_YEAR, tc.TU_MONTH, tc.TU_DAY, tc.TU_HOUR, tc.TU_MINUTE, tc.TU_SECOND):
        if start <= unit <= end:
            count += 2 if unit == tc.TU_YEAR else 1
    if end > tc.TU_SECOND:
        count += (end - tc.TU_SECOND + 1) // 2
    return count


def plan_column(column) -> tuple[str, int, int, int, int]:
    """How to decode ``column``: ``(kind, width, start_unit, end_unit, exponent)``.

    ``kind`` names a native decoder, or is ``"python"`` for types.decode_tuple_value
    (also for shapes the native decoders do not cover, such as unusual qualifiers).
    ``exponent`` is the base-100 exponent of an unnormalised DATETIME of the qualifier.
    """
    code = column.type_short & 0xFF
    length = column.encoded_length
    kind = _FIXED_KINDS.get(code)
    if kind is not None:
        return kind, 0, 0, 0, 0
    if code in (tc.CHAR, tc.NCHAR) and 0 <= length <= 0x7FFF:
        return "char", length, 0, 0, 0
    if code in (tc.DECIMAL, tc.MONEY) and packed_width(length) >= 2:
        return "decimal", packed_width(length), 0, 0, 0
    if code == tc.DATETIME:
        digits, start, end = (length >> 8) & 0xFF, (length >> 4) & 0x0F, length & 0x0F
        width = packed_width(length)
        if (
            start in _DATETIME_START_UNITS
            and end in _DATETIME_END_UNITS
            and start <= end
            and digits - (end - start) == (4 if start == tc.TU_YEAR else 2)
            and width >= max(2, _datetime_bytes(start, end))
        ):
            return "datetime", width, start, end, (digits + tc.TU_SECOND - end + 1) >> 1
    if code == tc.UDTVAR and column.extended_name == "lvarchar":
        return "lvarchar", 0, 0, 0, 0
    if code == tc.UDTFIXED and (column.extended_name == "boolean" or column.extended_id == tc.XID_BOOLEAN):
        return "boolean", 0, 0, 0, 0
    return "python", 0, 0, 0, 0


_I16 = struct.Struct("!h").unpack_from
_I32 = struct.Struct("!i").unpack_from
_U32 = struct.Struct("!I").unpack_from
_I64 = struct.Struct("!q").unpack_from
_F64 = struct.Struct("!d").unpack_from
_F32 = struct.Struct("!f").unpack_from
_FLOAT_NULL = b"\xff" * 8
_SMALLFLOAT_NULL = b"\xff" * 4
_DATE_EPOCH_ORDINAL = datetime.date(1899, 12, 31).toordinal()
_DATE_MIN_DAYS = 1 - _DATE_EPOCH_ORDINAL
_DATE_MAX_DAYS = datetime.date.max.toordinal() - _DATE_EPOCH_ORDINAL
_DECIMAL_ZERO = decimal.Decimal(0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _make_decoder(index: int, column, codec_name: str, encoding: str):
    """A function (data, pos) -> (value, new_pos) for one column."""
    kind, width, start, end, exponent = plan_column(column)

    def fail(what: str):
        raise ProtocolError(f"column {index}: {what}")

    def check(data: bytes, pos: int, need: int) -> None:
        if need > len(data) - pos:
            fail(f"needs {need} bytes at offset {pos}, tuple payload has {len(data) - pos} left")

    def text(raw: bytes) -> str:
        try:
            return raw.decode(codec_name)
        except UnicodeDecodeError as exc:
            raise ProtocolError(f"text bytes are not valid {codec_name}: {exc}") from exc

    def digit(value: int) -> int:
        if value > 99:
            fail(f"digit byte {value} is not base-100")
        return value

    def envelope(data: bytes, pos: int):
        """UDT envelope: (body or None for NULL, new_pos)."""
        check(data, pos, 5)
        n = _I32(data, pos + 1)[0]
        if n < 0:
            fail(f"negative UDT length {n}")
        if data[pos] == 1:
            return None, pos + 5
        check(data, pos + 5, n)
        return data[pos + 5 : pos + 5 + n], pos + 5 + n

    if kind == "smallint":

        def decode(data, pos):
            check(data, pos, 2)
            value = _I16(data, pos)[0]
            return (None if value == -0x8000 else value), pos + 2

    elif kind == "integer":

        def decode(data, pos):
            check(data, pos, 4)
            value = _I32(data, pos)[0]
            return (None if value == -0x80000000 else value), pos + 4

    elif kind == "bigint":

        def decode(data, pos):
            check(data, pos, 8)
            value = _I64(data, pos)[0]
            return (None if value == -0x8000000000000000 else value), pos + 8

    elif kind == "int8":

        def decode(data, pos):
            check(data, pos, 10)
            sign = _I16(data, pos)[0]
            if sign == 0:
                return None, pos + 10
            magnitude = (_U32(data, pos + 6)[0] << 32) | _U32(data, pos + 2)[0]
            return (-magnitude if sign < 0 else magnitude), pos + 10

    elif kind == "float":

        def decode(data, pos):
            check(data, pos, 8)
            if data[pos : pos + 8] == _FLOAT_NULL:
                return None, pos + 8
            return _F64(data, pos)[0], pos + 8

    elif kind == "smallfloat":

        def decode(data, pos):
            check(data, pos, 4)
            if data[pos : pos + 4] == _SMALLFLOAT_NULL:
                return None, pos + 4
            return _F32(data, pos)[0], pos + 4

    elif kind == "char":

        def decode(data, pos):
            check(data, pos, width)
            raw = data[pos : pos + width]
            if not width or not raw[0]:
                return None, pos + width
            return text(raw.rstrip(b" \x00")), pos + width

    elif kind == "varchar":

        def decode(data, pos):
            check(data, pos, 1)
            n = data[pos]
            check(data, pos + 1, n)
            raw = data[pos + 1 : pos + 1 + n]
            if raw == b"\x00":
                return None, pos + 1 + n
            return text(raw.rstrip(b"\x00")), pos + 1 + n

    elif kind == "lvarchar":

        def decode(data, pos):
            body, pos = envelope(data, pos)
            return (None if body is None else text(body)), pos

    elif kind == "boolean":

        def decode(data, pos):
            body, pos = envelope(data, pos)
            if body is None:
                return None, pos
            return bool(body) and body[0] in (0x74, 0x54, 1), pos

    elif kind == "date":

        def decode(data, pos):
            check(data, pos, 4)
            days = _I32(data, pos)[0]
            if days == -0x80000000:
                return None, pos + 4
            if not _DATE_MIN_DAYS <= days <= _DATE_MAX_DAYS:
                fail(f"DATE day number {days} is outside 0001-01-01..9999-12-31")
            return datetime.date.fromordinal(_DATE_EPOCH_ORDINAL + days), pos + 4

    elif kind == "decimal":

        def decode(data, pos):
            check(data, pos, width)
            raw = data[pos : pos + width]
            if raw[0] == 0 and raw[1] == 0:
                return None, pos + width
            return _decimal_value(raw, digit), pos + width

    elif kind == "datetime":

        def decode(data, pos):
            check(data, pos, width)
            raw = data[pos : pos + width]
            if raw[0] == 0 and raw[1] == 0:
                return None, pos + width
            return _datetime_value(raw, start, end, exponent, digit, fail), pos + width

    else:
        from ..types import decode_tuple_value

        def decode(data, pos):
            try:
                value, new_pos = decode_tuple_value(column, data, pos, encoding)
            except FALLBACK_ERRORS as exc:
                raise ProtocolError(f"column {index} ({column.name}): {exc}") from exc
            if type(new_pos) is not int or not pos <= new_pos <= len(data):
                fail(f"decoder of {column.name} ended at {new_pos!r}, outside the payload")
            return value, new_pos

    return decode


_PAIR_TEXT = tuple(f"{i:02d}" for i in range(100))


def _decimal_value(raw: bytes, digit) -> decimal.Decimal:
    """Packed base-100 DECIMAL (§6.9) -> Decimal, trailing fraction zeros dropped."""
    head = raw[0]
    negative = not head & 0x80
    exponent = (((head ^ 0x7F) & 0x7F) if negative else (head & 0x7F)) - 64
    body: bytes | list[int] = raw[1:]
    if body and max(body) > 99:
        for b in body:
            digit(b)  # names the offending byte
    if negative:
        pairs = list(body)
        # Base-100 complement from the right: trailing zeros stay, the first non-zero digit
        # d becomes 100 - d, every digit left of it 99 - d.
        borrow = 100
        for i in range(len(pairs) - 1, -1, -1):
            if pairs[i] == 0 and borrow == 100:
                continue
            pairs[i] = borrow - pairs[i]
            borrow = 99
        body = pairs
    pair_text = _PAIR_TEXT
    digits = "".join([pair_text[p] for p in body])
    significant = digits.lstrip("0")
    if not significant:
        return _DECIMAL_ZERO
    first = len(digits) - len(significant)
    last = len(digits.rstrip("0")) - 1
    point = 2 * exponent
    sign = "-" if negative else ""
    if last < point:
        return decimal.Decimal(sign + digits[first : last + 1] + "0" * (point - 1 - last))
    integer = digits[first:point] if first < point else "0"
    fraction = "0" * max(0, first - point) + digits[max(first, point) : last + 1]
    return decimal.Decimal(f"{sign}{integer}.{fraction}")


def _datetime_value(raw: bytes, start: int, end: int, exponent: int, digit, fail):
    """DATETIME fields start..end (§6.11) -> date, time or datetime.

    A normalised value (smaller exponent, leading zero bytes left out) is re-aligned by its
    head byte's exponent; the fraction is truncated to the qualifier's digits.
    """
    digits = [digit(b) for b in raw[1:]]
    head = raw[0]
    if not head & 0x80:
        fail("a DATETIME cannot be negative")
    shift = exponent - ((head & 0x7F) - 64)
    if shift < 0:
        fail(f"DATETIME exponent {(head & 0x7F) - 64} exceeds its qualifier")
    if shift:
        if any(digits[max(0, len(digits) - shift) :]):
            fail("DATETIME value has more digits than its qualifier")
        digits = ([0] * shift + digits)[: len(digits)]
    year = month = day = 1
    hour = minute = second = micro = 0
    at = 0
    if start == tc.TU_YEAR:
        year = digits[0] * 100 + digits[1]
        at = 2
    if start <= tc.TU_MONTH <= end:
        month = digits[at]
        at += 1
    if start <= tc.TU_DAY <= end:
        day = digits[at]
        at += 1
    if start <= tc.TU_HOUR <= end:
        hour = digits[at]
        at += 1
    if start <= tc.TU_MINUTE <= end:
        minute = digits[at]
        at += 1
    if start <= tc.TU_SECOND <= end:
        second = digits[at]
        at += 1
    if end > tc.TU_SECOND:
        fraction_digits = end - tc.TU_SECOND
        fraction_bytes = (fraction_digits + 1) // 2
        for i in range(fraction_bytes):
            micro = micro * 100 + digits[at + i]
        micro = micro // 10 ** (2 * fraction_bytes - fraction_digits) * 10 ** (6 - fraction_digits)
    if (
        year < 1 or not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month)
        or hour > 23 or minute > 59 or second > 59
    ):
        fail(f"DATETIME fields {year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d} are invalid")
    if start >= tc.TU_HOUR:
        return datetime.time(hour, minute, second, micro)
    if end <= tc.TU_DAY:
        return datetime.date(year, month, day)
    return datetime.datetime(year, month, day, hour, minute, second, micro)


class RowDecoder:
    """Decodes SQ_TUPLE payloads of one column list into plain tuples.

    One decoder per column is chosen here, once; ``decode`` only calls the chosen ones.
    """

    def __init__(self, columns, encoding: str) -> None:
        if encoding is None:
            raise TypeError("RowDecoder needs an encoding")
        codec_name = codecs.lookup(encoding).name
        self.columns = tuple(columns)
        self.encoding = encoding
        self._decoders = tuple(
            _make_decoder(i, column, codec_name, encoding) for i, column in enumerate(self.columns)
        )

    def decode(self, payload) -> tuple:
        """One SQ_TUPLE payload (bytes-like, without tag/warn/size/pad) -> tuple."""
        data = payload if type(payload) is bytes else bytes(payload)
        pos = 0
        values: list[object] = []
        append = values.append
        for decode in self._decoders:
            value, pos = decode(data, pos)
            append(value)
        if pos != len(data):
            raise ProtocolError(f"tuple payload has {len(data) - pos} bytes beyond its {len(values)} columns")
        return tuple(values)
