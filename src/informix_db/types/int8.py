"""INT8 / SERIAL8: 10-byte sign-magnitude integers (PROTOCOL.md §6.5).

Bytes 0-1 are the sign word (1 positive or zero, -1 negative, 0 NULL), bytes 2-5 the low and
bytes 6-9 the high 32 bits of the magnitude.
"""

from __future__ import annotations

import struct

from ..exceptions import DataError, ProtocolError

INT8_WIDTH = 10
INT8_MAX = (1 << 63) - 1
INT8_NULL = bytes(INT8_WIDTH)

_INT8 = struct.Struct(">hII")


def pack_int8(value: int | None) -> bytes:
    """The 10 wire bytes of ``value`` (None gives the NULL form); DataError beyond ±(2**63 - 1)."""
    if value is None:
        return INT8_NULL
    if not -INT8_MAX <= value <= INT8_MAX:
        raise DataError(f"{value} is out of range for INT8")
    magnitude = -value if value < 0 else value
    return _INT8.pack(-1 if value < 0 else 1, magnitude & 0xFFFFFFFF, magnitude >> 32)


def unpack_int8(data, pos: int = 0) -> int | None:
    """The integer at ``data[pos:pos + 10]``, None for NULL; ProtocolError if fewer bytes remain."""
    if pos + INT8_WIDTH > len(data):
        raise ProtocolError(f"INT8 needs {INT8_WIDTH} bytes, {len(data) - pos} remain")
    sign, low, high = _INT8.unpack_from(data, pos)
    if not sign:
        return None
    magnitude = (high << 32) | low
    return -magnitude if sign < 0 else magnitude
