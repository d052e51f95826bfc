"""Values the wire could not bring back unchanged are refused at bind time, in both
implementations; strings beyond CHAR's 32 KB bind as TEXT instead of failing."""

from __future__ import annotations

import math
import struct

import pytest

from informix_db import types
from informix_db.exceptions import DataError
from informix_db.types import typecodes as tc

ALL_ONES_NAN = struct.unpack(">d", b"\xff" * 8)[0]


@pytest.mark.parametrize("value", ["ab\x00", "\x00", "ab\x00\x00", "ab\x00  ", "é\x00"])
def test_strings_ending_in_nul_are_refused(w, value):
    with pytest.raises(DataError, match="NUL"):
        w.encode_params(w.WriteBuffer(), [value], "utf-8")


@pytest.mark.parametrize("value", ["a\x00b", "ab ", "", " \x00b"])
def test_strings_with_inner_nul_or_blanks_bind_as_char(w, value):
    buf = w.WriteBuffer()
    assert w.encode_params(buf, [value], "utf-8") == []
    assert buf.getvalue()[2:4] == struct.pack(">h", tc.CHAR)


def test_a_nan_with_float_null_bits_is_refused(w):
    assert math.isnan(ALL_ONES_NAN)
    with pytest.raises(DataError, match="NULL"):
        w.encode_params(w.WriteBuffer(), [ALL_ONES_NAN], "utf-8")
    w.encode_params(w.WriteBuffer(), [math.nan, -math.nan, math.inf], "utf-8")  # other NaNs bind


@pytest.mark.parametrize("size", [0x7FFF + 1, 100_000])
def test_strings_beyond_32k_bind_as_text_with_their_content(w, size):
    value = "é" * (size // 2) + "z" * (size % 2)
    buf = w.WriteBuffer()
    blobs = w.encode_params(buf, [value], "utf-8")
    assert blobs == [value.encode("utf-8")]
    data = buf.getvalue()
    assert data[2:4] == struct.pack(">h", tc.TEXT)
    assert types.encode_bind_value(value, "utf-8")[0] == tc.TEXT


def test_a_string_of_exactly_32k_bytes_still_binds_as_char(w):
    buf = w.WriteBuffer()
    assert w.encode_params(buf, ["x" * 0x7FFF], "iso-8859-1") == []
    assert buf.getvalue()[2:4] == struct.pack(">h", tc.CHAR)
