"""encode_params (SQ_BIND parameters, PROTOCOL.md §3.7) in both implementations, checked
against the worked example and against informix_db.types.encode_bind_value."""

from __future__ import annotations

import datetime as dt
import enum
import struct
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db import types
from informix_db._impl import wire_implementations
from informix_db.exceptions import DataError, NotSupportedError
from informix_db.types import IntervalYM

IMPLS = wire_implementations()




def encoded(impl, params, encoding="iso-8859-1"):
    buf = impl.WriteBuffer()
    blobs = impl.encode_params(buf, params, encoding)
    return buf.getvalue(), blobs


def reference(params, encoding="iso-8859-1"):
    """The bytes encode_bind_value defines: i16 count, then type, indicator, prec, padded data."""
    out = struct.pack("!h", len(params))
    for value in params:
        type_code, indicator, prec, data = types.encode_bind_value(value, encoding)
        out += struct.pack("!hhh", type_code, indicator, prec) + data + (b"\x00" if len(data) & 1 else b"")
    return out


def test_worked_example(w):
    data, blobs = encoded(w, (42, "hello", None))
    assert data == bytes.fromhex("0003 0002 0000 0A00 0000002A 0000 0000 0000 0005 68656C6C6F 00 0000 FFFF 0000".replace(" ", ""))
    assert blobs == []


@pytest.mark.parametrize(
    ("value", "param_hex"),
    [
        (dt.date(2026, 8, 31), "0007 0000 0000 0000B4B8"),
        (dt.datetime(2026, 8, 31, 12, 30, 15), "000A 0000 0E0A 0008C7141A081F0C1E0F"),
        (Decimal("1234.56"), "0005 0000 0602 0004C20C2238"),
        (Decimal("-1234.56"), "0005 0000 0602 00043D57412C"),
        (dt.timedelta(days=3, hours=4, minutes=5, seconds=6), "000E 0000 144F 000CC80000000003040506000000"),
        (2**40, "0034 0000 1300 0000010000000000"),
        (1.5, "0003 0000 0000 3FF8000000000000"),
        (True, "0000 0000 0000 0001 74 00"),
    ],
)
def test_single_parameters(w, value, param_hex):
    data, _ = encoded(w, [value])
    assert data == b"\x00\x01" + bytes.fromhex(param_hex.replace(" ", ""))


def test_byte_parameters_return_their_payloads(w):
    data, blobs = encoded(w, [1, b"hello", None, bytearray(b"xy")])
    assert data == reference([1, b"hello", None, bytearray(b"xy")])
    assert blobs == [b"hello", b"xy"]


class Colour(enum.IntEnum):
    RED = 7


class Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [-(2**31), 2**31 - 1, 2**31, -(2**63), 2**63 - 1, Colour.RED, Text("sub"), "é" * 3, "", float("inf"),
     dt.time(1, 2, 3), IntervalYM(-63), dt.datetime(2026, 1, 2, 3, 4, 5, 600)],
)
def test_edge_values_match_types(w, value):
    assert encoded(w, [value])[0] == reference([value])


@pytest.mark.parametrize(
    ("value", "error"),
    [(2**63, DataError), ("x\x00", DataError), ("€", DataError), (object(), NotSupportedError)],
)
def test_errors_match_types(w, value, error):
    with pytest.raises(error):
        encoded(w, [value])


def test_other_codecs(w):
    for encoding in ("utf-8", "cp1252"):
        assert encoded(w, ["€uro", "x"], encoding)[0] == reference(["€uro", "x"], encoding)


def test_accepts_any_iterable(w):
    assert encoded(w, iter([1, 2]))[0] == reference([1, 2])


PARAMS = st.lists(
    st.one_of(
        st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False),
        st.text(st.characters(max_codepoint=255), max_size=40), st.dates(),
        st.datetimes(min_value=dt.datetime(1, 1, 1)), st.decimals(allow_nan=False, allow_infinity=False, places=4,
                                                                 min_value=-(10**20), max_value=10**20),
        st.binary(max_size=20),
    ),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(PARAMS)
def test_random_parameters_match_types(params):
    expected = _bytes_or_refusal(lambda: reference(params))
    for impl in IMPLS:
        assert _bytes_or_refusal(lambda impl=impl: encoded(impl, params)[0]) == expected, impl.__name__


def _bytes_or_refusal(encode):
    """The encoded bytes, or DataError for values refused at bind time (strings ending in NUL)."""
    try:
        return encode()
    except DataError:
        return DataError
