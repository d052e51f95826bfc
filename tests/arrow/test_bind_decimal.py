"""Decimal bind parameters: the compiled encoder writes exactly what informix_db.types
encodes (and leaves every value it cannot hold to it, which raises DataError)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db import types
from informix_db.exceptions import DataError


def bind_bytes(w, value):
    wbuf = w.WriteBuffer()
    w.encode_params(wbuf, [value], "iso-8859-1")
    return wbuf.getvalue()


def reference(value) -> bytes:
    type_code, indicator, prec, data = types.encode_bind_value(value, "iso-8859-1")
    out = (1).to_bytes(2, "big") + type_code.to_bytes(2, "big") + indicator.to_bytes(2, "big", signed=True)
    out += prec.to_bytes(2, "big") + data
    return out + (b"\0" if len(data) & 1 else b"")


EDGES = ["0", "-0", "0E-200", "0E+200", "0.00", "1", "-1", "0.5", "-0.5", "99.99", "-99.99", "1E+126",
         "1E-130", "123456789012345678901234567890.12", "-1.0000000000000000000000000000000001",
         "1" + "0" * 40, "12345678901234567890123456789012345", "1E+200", "1E-200"]


@pytest.mark.parametrize("text", EDGES)
def test_edge_values(w, text):
    value = Decimal(text)
    try:
        expected = reference(value)
    except DataError:
        with pytest.raises(DataError):
            bind_bytes(w, value)
        return
    assert bind_bytes(w, value) == expected


@settings(max_examples=500, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_finite_decimal(value):
    from informix_db._impl import wire_implementations

    try:
        expected = reference(value)
    except DataError:
        expected = DataError
    for impl in wire_implementations():
        if expected is DataError:
            with pytest.raises(DataError):
                bind_bytes(impl, value)
        else:
            assert bind_bytes(impl, value) == expected, impl.__name__
