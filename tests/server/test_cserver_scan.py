"""The compiled scan of pipelined BIND+EXECUTE requests decodes exactly as the Python path
(``decode_bind_value``) does, and stops, without reading out of bounds, at anything else."""

from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db.protocol import constants as c
from informix_db.testing import rawclient as rc
from informix_db.types import decode_bind_value, encode_bind_value

cserver = pytest.importorskip("informix_db._cserver")

ENCODING = "iso-8859-1"
values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1),
    st.floats(allow_nan=False),
    # Text ending in NUL is refused at bind time (it could not be stored faithfully).
    st.text(alphabet=st.characters(max_codepoint=255), max_size=40).filter(
        lambda t: not t.rstrip(" ").endswith("\x00")),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d.adjusted()) < 60 and len(d.as_tuple().digits) <= 30),
    st.decimals(min_value=-10**12, max_value=10**12, places=2),
    st.dates(),
)


def _python_decoded(row: tuple) -> list:
    decoded = []
    for value in row:
        type_code, indicator, prec, data = encode_bind_value(value, ENCODING)
        decoded.append(None if indicator == -1 else decode_bind_value(type_code, prec, data, ENCODING))
    return decoded


def _request(row: tuple) -> bytes:
    return rc.bind([encode_bind_value(v, ENCODING) for v in row])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(values, values, values), min_size=1, max_size=8))
def test_scan_decodes_as_python(rows):
    stream = bytearray(b"".join(_request(row) for row in rows))
    decoded, end, cut = cserver.scan_bind_executes(stream, 0, 3, ENCODING, 100)
    assert not cut
    assert end == len(stream)
    expected = [_python_decoded(row) for row in rows]
    assert decoded == expected
    assert [[type(v) for v in r] for r in decoded] == [[type(v) for v in r] for r in expected]
    assert [[str(v) for v in r] for r in decoded] == [[str(v) for v in r] for r in expected]


@pytest.mark.parametrize("value", [
    Decimal("0"), Decimal("-0.01"), Decimal("1234.50"), Decimal("1E+30"), Decimal("-99999999999999999.9"),
    Decimal("123456789012345678901234567890.123"), Decimal("1E-40"), 2**40, -1.5, "é", dt.date(1, 1, 1),
])
def test_scan_of_edge_values(value):
    stream = bytearray(_request((value,)))
    decoded, end, cut = cserver.scan_bind_executes(stream, 0, 1, ENCODING, 10)
    assert (decoded, end, cut) == ([_python_decoded((value,))], len(stream), False)
    assert str(decoded[0][0]) == str(_python_decoded((value,))[0])


def test_scan_stops_before_what_it_does_not_take():
    good = _request((1, "a"))
    others = [
        _request((dt.datetime(2024, 1, 2, 3, 4, 5), "a")),  # a type left to Python
        _request((1,)),  # another parameter count
        rc.bind([encode_bind_value(1, ENCODING), encode_bind_value("a", ENCODING)], execute=False),
        struct.pack("!hhh", c.SQ_ID, 1, c.SQ_BIND) + _request((1, "a"))[6:],  # another statement id
        good[:-3],  # incomplete
    ]
    for other in others:
        stream = bytearray(good + other + good)
        assert cserver.scan_bind_executes(stream, 0, 2, ENCODING, 10) == ([[1, "a"]], len(good), False)
    decoded, end, cut = cserver.scan_bind_executes(bytearray(good * 5), len(good), 2, ENCODING, 3)
    assert (len(decoded), end, cut) == (3, 4 * len(good), False)
    for size in range(len(good) + 1, 2 * len(good)):  # the second request cut anywhere
        assert cserver.scan_bind_executes(bytearray((good * 2)[:size]), 0, 2, ENCODING, 10) == (
            [[1, "a"]], len(good), True)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=4))
def test_scan_of_garbage_never_overreads(data, nparams):
    prefix = _request((1, "x", Decimal("1.5"), None))
    stream = bytearray(prefix + data)
    decoded, end, _cut = cserver.scan_bind_executes(stream, 0, nparams, ENCODING, 10)
    assert 0 <= end <= len(stream)
    for size in range(1, len(prefix)):
        assert cserver.scan_bind_executes(bytearray(prefix[:size]), 0, 4, ENCODING, 10) == ([], 0, True)
