"""The decimal128 codec's 128-bit arithmetic (ext/cwire/int128.h): ``unsigned __int128`` where
the compiler has it, a portable pair of 64-bit halves where it has not (MSVC: the Windows
wheels). Both must give exactly the same results.

Every build compiles the portable form beside the native one, so its operations are checked
against the native ones and against Python's integers here, in every run. The codec itself
(DECIMAL -> decimal128 decode, decimal128 -> DECIMAL bind) is checked end to end against a
second build of the extension whose codec runs the portable form (``INFORMIX_DB_PORTABLE_INT128=1``
at build time, loaded from ``INFORMIX_DB_PORTABLE_CWIRE``; .ci/run builds it), beside the
installed one, over the whole decimal128 range.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import platform
import sys
from decimal import Decimal

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from informix_db import types
from informix_db.exceptions import DataError, ProtocolError
from informix_db.types import ColumnDesc
from informix_db.types import typecodes as tc
from informix_db.wire import arrow as python_arrow

from .conftest import pa

native = pytest.importorskip("informix_db._cwire")

U128 = 1 << 128
U64 = 1 << 64
EDGES_128 = [0, 1, 9, 10, U64 - 1, U64, U64 + 1, (1 << 96) - 1, 1 << 96, (1 << 127) - 1, 1 << 127,
             U128 - 1, 10**38 - 1, 10**38, 10**19, 2**128 // 10, 2**128 // 10 + 1, 2**128 // 1000000000]
u128s = st.one_of(st.sampled_from(EDGES_128), st.integers(0, U128 - 1))
u32s = st.one_of(st.sampled_from([0, 1, 10, 100, 1000000000, (1 << 32) - 1]), st.integers(0, (1 << 32) - 1))


def python_arithmetic(a, b, factor, addend, divisor):
    """What int128_arithmetic must return, by Python's integers."""
    scaled = a * factor + addend
    return {"less": a < b, "is_zero": a == 0, "negate": -a % U128, "mul_u64": (a % U64) * (b % U64),
            "stored": a.to_bytes(16, sys.byteorder), "loaded": a,
            "mul_add": (scaled % U128, scaled >= U128), "divmod": (b // divisor, b % divisor)}


@settings(max_examples=2000, deadline=None)
@given(u128s, u128s, u32s, u32s, u32s.filter(bool))
@example(U128 - 1, U128 - 1, (1 << 32) - 1, (1 << 32) - 1, 1)
@example(1 << 127, 0, 10, 0, (1 << 32) - 1)
@example(2**128 // 10 + 1, 10**38, 10, 0, 10)     # the first multiple of ten past 128 bits
def test_both_implementations_match_python(a, b, factor, addend, divisor):
    expected = python_arithmetic(a, b, factor, addend, divisor)
    assert native.int128_arithmetic(a, b, factor, addend, divisor, False) == expected
    assert native.int128_arithmetic(a, b, factor, addend, divisor, True) == expected


def test_the_codec_keeps_the_native_form_where_the_compiler_has_one():
    """64-bit GCC and Clang (the Linux and macOS wheels) have ``__int128``: the fast path stays;
    MSVC (the Windows wheels) has not, and 32-bit targets neither."""
    compiler_has_int128 = sys.maxsize > 2**32 and not platform.python_compiler().startswith("MSC")
    forced = os.environ.get("INFORMIX_DB_PORTABLE_INT128") == "1"
    assert native.INT128_ARITHMETIC == ("native" if compiler_has_int128 and not forced else "portable")


def load_portable_build():
    """The second build (``INFORMIX_DB_PORTABLE_CWIRE``: its extension file), loaded beside the
    installed module without replacing it."""
    path = os.environ["INFORMIX_DB_PORTABLE_CWIRE"]
    loader = importlib.machinery.ExtensionFileLoader("informix_db._cwire", path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(
        "informix_db._cwire", path, loader=loader))
    loader.exec_module(module)
    assert module.INT128_ARITHMETIC == "portable", path
    assert sys.modules["informix_db._cwire"] is native     # imported first: not replaced
    return module


@pytest.fixture(scope="module")
def builds():
    """The installed extension, and the portable build beside it when .ci/run has made one
    (without it, the codec is still checked against the pure-Python twin)."""
    if "INFORMIX_DB_PORTABLE_CWIRE" not in os.environ:
        return [native]
    return [native, load_portable_build()]


def same_in_every_build(builds, action):
    """The outcome of ``action(module)``, checked to be the same in every build."""
    first, *others = [outcome(lambda m=m: action(m)) for m in builds]
    for other in others:
        assert other == first
    return first


def outcome(action):
    """A value, or the error raised (type and message): what must match across builds."""
    try:
        return action()
    except (ProtocolError, DataError) as exc:
        return type(exc), str(exc)


def decode(module, column: ColumnDesc, payload: bytes):
    builder = module.ArrowBatchBuilder((column,), "iso-8859-1")
    builder.append_row(payload)
    return pa.table(module.ArrowStream(builder.fields, builder.finish())).column(0).to_pylist()[0]


def decimal_column(precision: int, scale: int) -> ColumnDesc:
    return ColumnDesc("d", tc.DECIMAL, (precision << 8) | scale)


def packed_width(column: ColumnDesc) -> int:
    return len(types.encode_tuple_value(column, Decimal(0), "iso-8859-1"))


@st.composite
def decimal_cells(draw):
    """A DECIMAL(p,s) column and a value near or beyond its limits: at most p digits, or more,
    or more fraction digits than s."""
    precision = draw(st.integers(1, 32))
    scale = draw(st.integers(0, precision))
    limit = 10**precision
    digits = draw(st.one_of(st.sampled_from([0, 1, limit - 1, limit, limit + 1, limit * 10 - 1]),
                            st.integers(0, limit * 100)))
    exponent = -scale + draw(st.sampled_from([0, 0, 0, -1, -2, 1, 2]))
    return decimal_column(precision, scale), Decimal(f"{draw(st.sampled_from('+-'))}{digits}E{exponent}")


@settings(max_examples=1500, deadline=None)
@given(decimal_cells())
def test_decode_is_the_same_in_both_builds_and_the_twin(builds, cell):
    column, value = cell
    try:
        payload = types.pack_decimal(value, packed_width(column))
    except (ValueError, DataError, OverflowError):
        assume(False)                   # not expressible in the column's wire width
    result = same_in_every_build(builds, lambda m: decode(m, column, payload))
    twin = outcome(lambda: decode(python_arrow, column, payload))
    if isinstance(twin, Decimal):
        assert result == twin and result.as_tuple().exponent == -(column.encoded_length & 0xFF)
    else:
        assert isinstance(result, tuple) and result[0] is ProtocolError


@settings(max_examples=1500, deadline=None)
@given(st.integers(1, 32).flatmap(lambda p: st.tuples(st.just(p), st.integers(0, p))), st.data())
def test_decode_of_any_packed_bytes_is_the_same_in_both_builds(builds, precision_scale, data):
    """Hostile: any bytes in a DECIMAL cell (exponents and digit counts a server never sends)."""
    column = decimal_column(*precision_scale)
    width = packed_width(column)
    payload = data.draw(st.binary(min_size=width, max_size=width))
    result = same_in_every_build(builds, lambda m: decode(m, column, payload))
    assert isinstance(result, (Decimal, type(None))) or (isinstance(result, tuple) and result[0] is ProtocolError)


def test_a_value_scaled_past_128_bits_is_refused_not_wrapped(builds):
    """16 pairs times 10**7 is just past 2**128: the product used to wrap to 1788544 silently."""
    column = decimal_column(32, 1)
    digits = "34028236692093846346337460743177"
    assert int(digits) * 10**7 - U128 == 1788544
    pairs = bytes(int(digits[i:i + 2]) for i in range(0, 32, 2))
    payload = (bytes([0x80 | (64 + 19)]) + pairs).ljust(packed_width(column), b"\0")  # the pairs * 10**6
    for module in builds:
        with pytest.raises(ProtocolError, match="precision"):
            decode(module, column, payload)


@pytest.mark.parametrize("text", ["1E+31", "-1E+31", "12345678901234567890123456789012", "0.05"])
def test_decoded_rows_the_column_cannot_hold_are_refused(w, text):
    """Rows that took the tuple path (BYTE/TEXT results) meet the same precision and scale
    check as the wire decode: never stored beyond the column's precision."""
    builder = w.ArrowBatchBuilder((decimal_column(32, 1),), "iso-8859-1")
    with pytest.raises(ProtocolError, match="precision|fraction digits"):
        builder.append_rows([(Decimal(text),)])


def decimal128_batch(unscaled: list[int | None], scale: int):
    """A decimal128(38, scale) batch holding these raw 128-bit values (pyarrow never checks
    the precision of raw buffers: the whole two's complement range is reachable)."""
    validity = bytearray((len(unscaled) + 7) // 8)
    for i, value in enumerate(unscaled):
        validity[i // 8] |= (value is not None) << (i % 8)
    values = b"".join((v or 0).to_bytes(16, sys.byteorder, signed=True) for v in unscaled)
    array = pa.Array.from_buffers(pa.decimal128(38, scale), len(unscaled),
                                  [pa.py_buffer(bytes(validity)), pa.py_buffer(values)],
                                  null_count=unscaled.count(None))
    return pa.record_batch([array], names=["d"])


int128s = st.one_of(st.sampled_from([0, 1, -1, (1 << 127) - 1, -(1 << 127), 10**38 - 1, -(10**38 - 1),
                                     10**32, -(10**32) + 1, U64, -U64, 999999999, 1000000000]),
                    st.integers(-(1 << 127), (1 << 127) - 1))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(int128s, st.none()), min_size=1, max_size=4), st.integers(0, 38))
def test_bind_is_the_same_in_both_builds_and_the_twin(builds, unscaled, scale):
    batch = decimal128_batch(unscaled, scale)
    result = same_in_every_build(builds, lambda m: m.ArrowBindEncoder("iso-8859-1").encode(batch))
    twin = outcome(lambda: python_arrow.ArrowBindEncoder("iso-8859-1").encode(batch))
    assert result == twin if isinstance(twin, list) else result[0] is twin[0]
