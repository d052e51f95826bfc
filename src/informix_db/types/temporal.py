"""DATETIME and INTERVAL packed values (PROTOCOL.md §6.11-6.12), and DATE day numbers (§6.10).

Both are DECIMAL-style numbers whose decimal point sits after SECOND: a head byte (sign,
base-100 exponent + 64), the first field right-aligned in ceil(p/2) bytes, one byte per
following field down to SECOND, then the fraction digits left-aligned two per byte.
Negative INTERVALs complement the digit bytes like DECIMAL.
"""

from __future__ import annotations

import datetime as dt

from ..exceptions import DataError, ProtocolError
from . import typecodes as tc
from .interval import IntervalYM
from .packed_decimal import base100_complement
from .qualifier import Layout, layout

DATE_EPOCH = dt.date(1899, 12, 31)
DATE_EPOCH_ORDINAL = DATE_EPOCH.toordinal()

# Seconds in one DAY/HOUR/MINUTE/SECOND, months in one YEAR/MONTH.
_UNIT_SIZE = {
    tc.TU_YEAR: 12, tc.TU_MONTH: 1,
    tc.TU_DAY: 86400, tc.TU_HOUR: 3600, tc.TU_MINUTE: 60, tc.TU_SECOND: 1,
}
# How many of a unit make one of the unit before it.
_UNITS_PER_PARENT = {tc.TU_MONTH: 12, tc.TU_HOUR: 24, tc.TU_MINUTE: 60, tc.TU_SECOND: 60}
_MICRO = 1_000_000


def date_to_days(value: dt.date) -> int:
    """Informix day number (1899-12-31 is day 0)."""
    return value.toordinal() - DATE_EPOCH_ORDINAL


def days_to_date(days: int) -> dt.date:
    """The date of an Informix day number; DataError outside 0001-01-01..9999-12-31."""
    try:
        return dt.date.fromordinal(days + DATE_EPOCH_ORDINAL)
    except (ValueError, OverflowError):
        raise DataError(f"DATE day number {days} is out of range") from None


def _pack(lay: Layout, fields, fraction: int, negative: bool) -> bytes:
    """Head + digit bytes of whole-number ``fields`` (one per unit) and left-aligned ``fraction``."""
    if lay.units:
        first = fields[0]
        if first >= lay.first_limit:
            raise DataError(f"{first} does not fit a first field of {lay.first_digits} digits")
        body: list[int] = [first // power % 100 for power in lay.first_powers]
        body += fields[1:]
    else:
        body = []
    if lay.fraction_powers:
        body += [fraction // power % 100 for power in lay.fraction_powers]
    if negative and any(body):
        complement = bytearray(body)
        base100_complement(complement)
        return bytes(((lay.exponent + 64) ^ 0x7F,)) + complement
    return bytes((lay.positive_head, *body))


def _unpack(lay: Layout, data) -> tuple[bool, list[int], int] | None:
    """``(negative, whole fields, microseconds)`` from packed bytes, or None for NULL.

    A normalised form (smaller exponent, leading zero bytes omitted, trailing bytes
    missing) is re-aligned by its exponent. The fraction is truncated to the qualifier's
    digits.
    """
    if len(data) == lay.width and data[0] == lay.positive_head:
        digits = data[1:]
        negative = False
        if max(digits) > 99:
            raise ProtocolError(f"corrupt DATETIME/INTERVAL digits: {bytes(data).hex(' ')}")
    else:
        realigned = _realign(lay, data)
        if realigned is None:
            return None
        negative, digits = realigned
    first_bytes = lay.first_bytes
    if lay.units:
        first = 0
        for digit in digits[:first_bytes]:
            first = first * 100 + digit
        fields = [first, *digits[first_bytes:lay.fraction_at]]
    else:
        fields = []
    micro = 0
    if lay.fraction_bytes:
        for digit in digits[lay.fraction_at:]:
            micro = micro * 100 + digit
        micro = micro // lay.fraction_pad * lay.micro_unit
    return negative, fields, micro


def _realign(lay: Layout, data) -> tuple[bool, bytearray] | None:
    """Sign and the ``width - 1`` magnitude digits of any form of a value; None for NULL."""
    if len(data) < 2:
        if not data or not data[0]:
            return None
        raise ProtocolError(f"DATETIME/INTERVAL value of {len(data)} byte(s) has no digits")
    head = data[0]
    if not head and not data[1]:
        return None
    digits = bytearray(data[1:])
    if max(digits) > 99:
        raise ProtocolError(f"corrupt DATETIME/INTERVAL digits: {bytes(data).hex(' ')}")
    negative = not head & 0x80
    if negative:
        base100_complement(digits)
        exponent = (head ^ 0x7F) - 64
    else:
        exponent = (head & 0x7F) - 64
    shift = lay.exponent - exponent
    if shift < 0:
        raise DataError(f"DATETIME/INTERVAL exponent {exponent} exceeds its qualifier")
    digits[0:0] = bytes(shift)
    needed = lay.width - 1
    if len(digits) < needed:
        digits.extend(bytes(needed - len(digits)))
    elif any(digits[needed:]):
        raise DataError(f"DATETIME/INTERVAL value has more digits than its qualifier: {bytes(data).hex(' ')}")
    return negative, digits[:needed]


def _datetime_layout(qualifier: int) -> Layout:
    """The layout of a DATETIME qualifier, whose first field has the fixed precision (YEAR 4, else 2)."""
    lay = layout(qualifier)
    if not lay.fixed_first_precision:
        raise DataError(f"invalid DATETIME qualifier 0x{qualifier:04X}")
    return lay


def pack_datetime(value, qualifier: int, *, keep_microseconds: bool = False) -> bytes:
    """Packed DATETIME of a datetime, date (time fields 0) or time (qualifiers from HOUR on).

    The fraction is truncated to the qualifier's digits; ``keep_microseconds`` writes every
    microsecond digit the fraction bytes have room for (FRACTION(5) holds six), as the
    peer's binds do.
    """
    lay = _datetime_layout(qualifier)
    if isinstance(value, dt.datetime):
        parts = (value.year, value.month, value.day, value.hour, value.minute, value.second)
        microsecond = value.microsecond
    elif isinstance(value, dt.date):
        parts = (value.year, value.month, value.day, 0, 0, 0)
        microsecond = 0
    elif isinstance(value, dt.time):
        if lay.start < tc.TU_HOUR:
            raise DataError("a time value cannot fill a DATETIME that starts before HOUR")
        parts = (1, 1, 1, value.hour, value.minute, value.second)
        microsecond = value.microsecond
    else:
        raise DataError(f"cannot encode {type(value).__name__} as DATETIME")
    if keep_microseconds:
        fraction = microsecond // lay.micro_unit_all
    else:
        fraction = microsecond // lay.micro_unit * lay.fraction_pad
    return _pack(lay, [parts[index] for index in lay.part_indexes], fraction, False)


def unpack_datetime(data, qualifier: int):
    """date (qualifier ends at or before DAY), time (starts at HOUR or later) or datetime; None for NULL.

    Fields outside the qualifier default to 0001-01-01 00:00:00.
    """
    lay = _datetime_layout(qualifier)
    unpacked = _unpack(lay, data)
    if unpacked is None:
        return None
    negative, fields, micro = unpacked
    if negative:
        raise DataError("a DATETIME cannot be negative")
    parts = [1, 1, 1, 0, 0, 0]
    for index, field in zip(lay.part_indexes, fields):
        parts[index] = field
    try:
        if lay.start >= tc.TU_HOUR:
            return dt.time(parts[3], parts[4], parts[5], micro)
        if lay.end <= tc.TU_DAY:
            return dt.date(parts[0], parts[1], parts[2])
        return dt.datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], micro)
    except ValueError as exc:
        raise DataError(f"invalid DATETIME value: {exc}") from None


def _split(total: int, units) -> list[int]:
    """Split a count of the last unit into one field per unit; the first field takes the rest."""
    fields = []
    for unit in reversed(units[1:]):
        total, field = divmod(total, _UNITS_PER_PARENT[unit])
        fields.append(field)
    fields.append(total)
    fields.reverse()
    return fields


def _interval_layout(qualifier: int) -> Layout:
    """The layout of an INTERVAL qualifier, which stays within YEAR..MONTH or DAY..FRACTION."""
    lay = layout(qualifier)
    if lay.start <= tc.TU_MONTH < lay.end:
        raise DataError(f"invalid INTERVAL qualifier 0x{qualifier:04X}")
    return lay


def pack_interval(value, qualifier: int) -> bytes:
    """Packed INTERVAL of an IntervalYM (YEAR..MONTH qualifiers) or timedelta (DAY..FRACTION).

    Parts below the qualifier's last field are truncated; a first field that needs more
    digits than declared raises DataError.
    """
    lay = _interval_layout(qualifier)
    if lay.start <= tc.TU_MONTH:
        if not isinstance(value, IntervalYM) or not isinstance(value.months, int):
            raise DataError(f"a YEAR..MONTH INTERVAL needs an IntervalYM of whole months, not {value!r}")
        negative = value.months < 0
        total = abs(value.months) // _UNIT_SIZE[lay.units[-1]]
        return _pack(lay, _split(total, lay.units), 0, negative)
    if not isinstance(value, dt.timedelta):
        raise DataError(f"a DAY..FRACTION INTERVAL needs a timedelta, not {type(value).__name__}")
    micros = (value.days * 86400 + value.seconds) * _MICRO + value.microseconds
    negative = micros < 0
    seconds, microsecond = divmod(abs(micros), _MICRO)
    if lay.units:
        fields = _split(seconds // _UNIT_SIZE[lay.units[-1]], lay.units)
    elif seconds:
        raise DataError(f"{value} does not fit a FRACTION-only INTERVAL")
    else:
        fields = []
    return _pack(lay, fields, microsecond // lay.micro_unit * lay.fraction_pad, negative)


def unpack_interval(data, qualifier: int):
    """IntervalYM (YEAR..MONTH qualifiers) or timedelta (DAY..FRACTION); None for NULL."""
    lay = _interval_layout(qualifier)
    unpacked = _unpack(lay, data)
    if unpacked is None:
        return None
    negative, fields, micro = unpacked
    total = 0
    for unit, field in zip(lay.units, fields):
        total += field * _UNIT_SIZE[unit]
    if lay.start <= tc.TU_MONTH:
        return IntervalYM(-total if negative else total)
    try:
        value = dt.timedelta(seconds=total, microseconds=micro)
    except OverflowError:
        raise DataError(f"INTERVAL of {total} seconds is beyond timedelta's range") from None
    return -value if negative else value
