"""INT8 / SERIAL8 10-byte sign-magnitude format (PROTOCOL.md §6.5)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from informix_db.exceptions import DataError, ProtocolError
from informix_db.types import pack_int8, unpack_int8

WIRE_VECTORS = [
    (123456789012, "00 01 BE 99 1A 14 00 00 00 1C"),
    (-123456789012, "FF FF BE 99 1A 14 00 00 00 1C"),
    (42, "00 01 00 00 00 2A 00 00 00 00"),
    (-42, "FF FF 00 00 00 2A 00 00 00 00"),
    (0, "00 01 00 00 00 00 00 00 00 00"),
    (1 << 32, "00 01 00 00 00 00 00 00 00 01"),
    (None, "00 00 00 00 00 00 00 00 00 00"),
]


@pytest.mark.parametrize(("value", "hexbytes"), WIRE_VECTORS)
def test_wire_vectors(value, hexbytes):
    assert pack_int8(value) == bytes.fromhex(hexbytes)
    assert unpack_int8(bytes.fromhex(hexbytes)) == value


def test_unpack_at_offset():
    assert unpack_int8(b"xx" + pack_int8(-7), 2) == -7


@given(st.integers(-(2**63) + 1, 2**63 - 1))
def test_round_trip(value):
    assert unpack_int8(pack_int8(value)) == value


@pytest.mark.parametrize("value", [2**63, -(2**63), 10**30])
def test_out_of_range_raises(value):
    with pytest.raises(DataError):
        pack_int8(value)


def test_truncated_raises_protocol_error():
    with pytest.raises(ProtocolError):
        unpack_int8(pack_int8(5)[:9])
