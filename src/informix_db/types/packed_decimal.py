"""DECIMAL / MONEY packed base-100 format (PROTOCOL.md §6.3, §6.9).

Byte 0 is the head: bit 7 set for positive values, bits 0-6 the base-100 exponent + 64
(XORed with 0x7F when negative). Then base-100 digits, one binary 0-99 value per byte,
stored as a base-100 complement for negative values.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import repeat
from operator import add, mul

from ..exceptions import DataError, ProtocolError

# Digit bytes of the widest column, DECIMAL(32, s) with an odd scale: any 32-digit value fits.
MAX_DIGIT_BYTES = 17

_ZERO = Decimal(0)
_TENS = repeat(10)


def packed_width(encoded_length: int) -> int:
    """Bytes on the wire of a DECIMAL, MONEY, DATETIME or INTERVAL column (§6.3).

    The ``low & 1`` term matters for unscaled DECIMAL(p) (scale byte 255).
    """
    return (((encoded_length >> 8) & 0xFF) + (encoded_length & 1) + 3) >> 1


decimal_width = packed_width


def base100_complement(digits: bytearray) -> None:
    """Turn magnitude digits into their negative form in place, or back (it is an involution).

    Trailing zero digits stay zero, the last non-zero digit d becomes 100 - d, every digit
    to its left becomes 99 - d.
    """
    last = len(digits) - 1
    while last >= 0 and not digits[last]:
        last -= 1
    if last < 0:
        return
    digits[last] = 100 - digits[last]
    for i in range(last):
        digits[i] = 99 - digits[i]


def _aligned(value) -> tuple[bool, tuple[int, ...], int, int]:
    """Sign, digits padded to whole base-100 pairs around the point, exponent in pairs, scale.

    The alignment (a leading zero when the integer part has an odd digit count, a trailing
    zero when the total is odd) is the one the peer's encoder uses, so bind bytes and the
    bind precision match it.
    """
    if isinstance(value, int):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        raise DataError(f"cannot encode {type(value).__name__} as DECIMAL")
    if not value.is_finite():
        raise DataError(f"DECIMAL cannot hold {value}")
    sign, digits, exponent = value.as_tuple()
    if not any(digits):
        sign = 0
        if not -100 < exponent < 100:
            digits, exponent = (0,), 0
    point = len(digits) + exponent
    if point & 1:
        digits = (0, *digits)
        point += 1
    if len(digits) & 1:
        digits = (*digits, 0)
    return bool(sign), digits, point >> 1, max(0, -exponent)


def decimal_bind_prec(value) -> int:
    """The prec short of a DECIMAL bind: (digit count << 8) | scale, as the peer computes it."""
    _negative, digits, _exp100, scale = _aligned(value)
    return (len(digits) << 8) | (scale & 0xFF)


def pack_decimal(value, width: int | None = None) -> bytes:
    """Head + base-100 digits of ``value``; with ``width``, right-padded with 00 to that many bytes.

    Without ``width`` (bind form) at most 17 digit bytes are allowed. Trailing zero digits
    are dropped when needed to fit. NaN, infinities, out-of-range exponents and values with
    too many significant digits raise DataError.
    """
    if width is not None and width < 2:
        raise DataError(f"a DECIMAL of {width} byte(s) has no room for digits")
    negative, digits, exp100, _scale = _aligned(value)
    biased = exp100 + 64
    if not 0 <= biased <= 0x7F:
        raise DataError(f"DECIMAL exponent out of range: {value}")
    body = bytearray(map(add, map(mul, digits[0::2], _TENS), digits[1::2]))
    limit = MAX_DIGIT_BYTES if width is None else width - 1
    while len(body) > limit and body[-1] == 0:
        body.pop()
    if len(body) > limit:
        raise DataError(f"{value} has too many digits for a DECIMAL of {limit} digit bytes")
    if negative:
        base100_complement(body)
        body.insert(0, biased ^ 0x7F)
    else:
        body.insert(0, biased | 0x80)
    if width is not None:
        body.extend(bytes(width - len(body)))
    return bytes(body)


def unpack_decimal(data) -> Decimal | None:
    """Decode head + base-100 digits by their exponent (any normalisation); None for NULL (00 00).

    The result keeps its integer digits and drops trailing fraction zeros (as the peer does),
    so DECIMAL(10,2) 1234.50 decodes to Decimal('1234.5').
    """
    if len(data) < 2:
        if not data or not data[0]:
            return None
        raise ProtocolError(f"DECIMAL value of {len(data)} byte(s) has no digits")
    head = data[0]
    if not head and not data[1]:
        return None
    digits: bytes | bytearray = bytes(data[1:])
    if max(digits) > 99:
        raise ProtocolError(f"corrupt DECIMAL digits: {bytes(data).hex(' ')}")
    negative = not head & 0x80
    if negative:
        exp100 = (head ^ 0x7F) - 64
        digits = bytearray(digits)
        base100_complement(digits)
    else:
        exp100 = (head & 0x7F) - 64
    digits = digits.rstrip(b"\x00")
    coefficient = 0
    for digit in digits:
        coefficient = coefficient * 100 + digit
    if not coefficient:
        return _ZERO
    exp10 = 2 * (exp100 - len(digits))
    while exp10 < 0 and not coefficient % 10:
        coefficient //= 10
        exp10 += 1
    if exp10 > 0:
        coefficient *= 10**exp10
        exp10 = 0
    if negative:
        coefficient = -coefficient
    if exp10 == 0:
        return Decimal(coefficient)
    return Decimal(f"{coefficient}E{exp10}")
