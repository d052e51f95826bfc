"""DECIMAL / MONEY packed format (PROTOCOL.md §6.3, §6.9)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from informix_db.exceptions import DataError, ProtocolError
from informix_db.types import (
    decimal_bind_prec,
    decimal_width,
    pack_decimal,
    packed_width,
    qualifier_width,
    unpack_decimal,
)

# §6.9: tuple form of DECIMAL(10,2), width 6.
TUPLE_VECTORS = [
    ("1234.56", "C2 0C 22 38 00 00"),
    ("-1234.56", "3D 57 41 2C 00 00"),
    ("0.5", "C0 32 00 00 00 00"),
    ("-0.5", "3F 32 00 00 00 00"),
    ("-99.99", "3E 00 01 00 00 00"),
    ("7", "C1 07 00 00 00 00"),
]


@pytest.mark.parametrize(("text", "hexbytes"), TUPLE_VECTORS)
def test_tuple_vectors_encode(text, hexbytes):
    assert pack_decimal(Decimal(text), 6) == bytes.fromhex(hexbytes)


@pytest.mark.parametrize(("text", "hexbytes"), TUPLE_VECTORS)
def test_tuple_vectors_decode(text, hexbytes):
    assert unpack_decimal(bytes.fromhex(hexbytes)) == Decimal(text)


def test_bind_form_has_no_padding_and_prec_from_value():
    assert pack_decimal(Decimal("1234.56")) == bytes.fromhex("C2 0C 22 38")
    assert pack_decimal(Decimal("-1234.56")) == bytes.fromhex("3D 57 41 2C")
    assert decimal_bind_prec(Decimal("1234.56")) == 0x0602
    assert decimal_bind_prec(Decimal("-1234.56")) == 0x0602


def test_zero_encodes_as_c1_00():
    assert pack_decimal(Decimal(0)) == b"\xc1\x00"
    assert pack_decimal(0) == b"\xc1\x00"
    assert unpack_decimal(b"\xc1\x00") == 0


def test_negative_zero_is_plain_zero():
    assert pack_decimal(Decimal("-0")) == pack_decimal(Decimal("0"))


def test_null_forms():
    assert unpack_decimal(bytes(6)) is None
    assert unpack_decimal(b"\x00\x00") is None
    assert unpack_decimal(b"") is None


@pytest.mark.parametrize(
    ("enc", "width"),
    [(0x0100, 2), (0x0500, 4), (0x0802, 5), (0x0A02, 6), (0x0A04, 6), (0x10FF, 10), (0x200A, 17),
     (0x0E0A, 8), (0x130F, 11)],
)
def test_packed_width_table(enc, width):
    assert packed_width(enc) == width
    assert decimal_width(enc) == width
    assert qualifier_width(enc) == width


def test_decoder_uses_the_exponent_for_normalised_forms():
    # 1234.56 with a leading zero pair and one less digit pair of padding, and 1200 as 12E2.
    assert unpack_decimal(bytes.fromhex("C3 00 0C 22 38 00")) == Decimal("1234.56")
    assert unpack_decimal(bytes.fromhex("C2 0C")) == Decimal("1200")
    assert unpack_decimal(bytes.fromhex("BF 05")) == Decimal("0.0005")


def test_decoded_value_keeps_integer_digits_and_drops_fraction_zeros():
    assert str(unpack_decimal(pack_decimal(Decimal("1234.50"), 6))) == "1234.5"
    assert str(unpack_decimal(pack_decimal(Decimal("1200"), 6))) == "1200"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_non_finite_values_raise(value):
    with pytest.raises(DataError):
        pack_decimal(Decimal(value))


def test_exponent_out_of_range_raises():
    with pytest.raises(DataError):
        pack_decimal(Decimal("1E+200"))
    with pytest.raises(DataError):
        pack_decimal(Decimal("1E-200"))


def test_more_than_32_digits_raise_but_trailing_zeros_are_dropped():
    with pytest.raises(DataError):
        pack_decimal(Decimal("12345678901234567890123456789012345"))
    thirty_two_digits = Decimal("125.07327719113335646170381500476")
    assert unpack_decimal(pack_decimal(thirty_two_digits)) == thirty_two_digits
    assert unpack_decimal(pack_decimal(Decimal("1." + "0" * 40))) == 1


def test_width_without_room_for_digits_raises():
    with pytest.raises(DataError):
        pack_decimal(Decimal(1), 1)


def test_value_wider_than_the_column_raises():
    with pytest.raises(DataError):
        pack_decimal(Decimal("123456.78"), 4)


def test_non_decimal_raises():
    with pytest.raises(DataError):
        pack_decimal(1.5)


def test_corrupt_digits_raise_protocol_error():
    with pytest.raises(ProtocolError):
        unpack_decimal(bytes.fromhex("C1 64"))


decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: len(d.as_tuple().digits) <= 30 and -100 < d.adjusted() < 100
)


@given(decimals)
def test_bind_form_round_trip(value):
    assert unpack_decimal(pack_decimal(value)) == value


@given(decimals)
def test_tuple_form_round_trip(value):
    data = pack_decimal(value, 18)
    assert len(data) == 18
    assert unpack_decimal(data) == value


@given(decimals)
def test_bind_prec_is_digits_and_scale(value):
    prec = decimal_bind_prec(value)
    assert (prec >> 8) % 2 == 0
    assert prec & 0xFF == max(0, -value.as_tuple().exponent)
