"""The Arrow builder's buffer management and DECIMAL fast path, against the tuple path.

Room is reserved a batch of rows at a time and the validity bitmap is made only at a column's
first NULL, so NULLs before, at and after each growth of the reserved rows, and batches cut in
between, must still land on the right bits. DECIMAL(p,s) takes a 64-bit fast path for up to 18
digits and a 128-bit path beyond: both must give the exact value, sign and scale.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db import types
from informix_db.exceptions import ProtocolError
from informix_db.types import ColumnDesc
from informix_db.types import typecodes as tc

from .conftest import arrow_rows, pa, table_rows

ENCODING = "iso-8859-1"
COLUMNS = (
    ColumnDesc("s", tc.SMALLINT, 2), ColumnDesc("i", tc.INTEGER, 4), ColumnDesc("b", tc.BIGINT, 8),
    ColumnDesc("i8", tc.INT8, 10), ColumnDesc("sf", tc.SMALLFLOAT, 4), ColumnDesc("f", tc.FLOAT, 8),
    ColumnDesc("d", tc.DECIMAL, (12 << 8) | 2), ColumnDesc("fd", tc.DECIMAL, (16 << 8) | 0xFF),
    ColumnDesc("v", tc.VARCHAR, 20), ColumnDesc("c", tc.CHAR, 6), ColumnDesc("da", tc.DATE, 4),
    ColumnDesc("ts", tc.DATETIME, types.make_qualifier(tc.TU_YEAR, tc.TU_SECOND)),
    ColumnDesc("bo", tc.UDTFIXED, 1, tc.XID_BOOLEAN, "boolean"),
)


def value_of(column: ColumnDesc, i: int):
    return {
        "s": i % 30000, "i": -i, "b": i * 1_000_003, "i8": -i * 7, "sf": i / 4, "f": i * 1.5,
        "d": Decimal(i * 3) / 100 - 500, "fd": Decimal(i) / 8, "v": f"v{i}", "c": f"c{i % 999}",
        "da": dt.date(2000, 1, 1) + dt.timedelta(days=i % 5000),
        "ts": dt.datetime(2001, 2, 3, 4, 5, 6) + dt.timedelta(seconds=i), "bo": i % 3 == 0,
    }[column.name]


@functools.cache
def payloads(rows: int, pattern: str) -> list[bytes]:
    """Row i of every column, NULL where ``NULL_PATTERNS[pattern](i, column index)``."""
    is_null = NULL_PATTERNS[pattern]
    return [
        b"".join(types.encode_tuple_value(c, None if is_null(i, k) else value_of(c, i), ENCODING)
                 for k, c in enumerate(COLUMNS))
        for i in range(rows)
    ]


def arrow_and_tuple_rows(w, rows: list[bytes], batch_size=None):
    builder = w.ArrowBatchBuilder(COLUMNS, ENCODING, batch_size)
    for payload in rows:
        builder.append_row(payload)
    batches = builder.finish()
    table = pa.table(w.ArrowStream(builder.fields, batches))
    decoder = w.RowDecoder(COLUMNS, ENCODING)
    return table, table_rows(table), arrow_rows([decoder.decode(p) for p in rows], builder.fields)


NULL_PATTERNS = {
    # column k's first NULL falls before, on and after the growths of the reserved rows (4096, 8192)
    "first_null_late": lambda i, k: i >= 1000 * k + 3 and (i - k) % 7 == 0,
    "null_at_growth": lambda i, k: i in (4095, 4096, 4097, 8191, 8192) or i == 9000 + k,
    "first_row_null": lambda i, k: i % (k + 2) == 0,
    "all_null": lambda i, k: True,
    "no_null": lambda i, k: False,
}


@pytest.mark.parametrize("pattern", NULL_PATTERNS)
@pytest.mark.parametrize("batch_size", [None, 3000])
def test_nulls_across_reserved_row_growth_match_the_tuple_path(w_compiled, pattern, batch_size):
    is_null = NULL_PATTERNS[pattern]
    rows = payloads(9500, pattern)
    table, got, expected = arrow_and_tuple_rows(w_compiled, rows, batch_size)
    assert got == expected
    assert [table.column(k).null_count for k in range(len(COLUMNS))] == [
        sum(is_null(i, k) for i in range(len(rows))) for k in range(len(COLUMNS))]
    table.validate(full=True)


def decimal_cell(column: ColumnDesc, value: Decimal) -> bytes:
    return types.encode_tuple_value(column, value, ENCODING)


@st.composite
def decimals_in_column(draw):
    precision = draw(st.integers(1, 32))
    scale = draw(st.integers(0, precision))
    digits = draw(st.integers(0, 10**precision - 1))
    sign = draw(st.sampled_from([1, -1]))
    return ColumnDesc("d", tc.DECIMAL, (precision << 8) | scale), Decimal(f"{sign * digits}E-{scale}")


@settings(max_examples=500, deadline=None)
@given(decimals_in_column())
def test_decimal128_is_exact_for_every_precision_scale_and_sign(w_compiled, case):
    column, value = case
    builder = w_compiled.ArrowBatchBuilder((column,), ENCODING)
    builder.append_row(decimal_cell(column, value))
    (got,) = pa.table(w_compiled.ArrowStream(builder.fields, builder.finish())).column(0).to_pylist()
    assert got == value and got.as_tuple().exponent == -(column.encoded_length & 0xFF)


@pytest.mark.parametrize(("qualifier", "text", "stored"), [
    ((5 << 8) | 1, "1.2", "1.2"),         # one fraction digit beyond the wire's pairs: dropped zero
    ((5 << 8) | 1, "-1.2", "-1.2"),
    ((5 << 8) | 1, "-0.5", "-0.5"),
    ((18 << 8) | 0, "999999999999999999", "999999999999999999"),    # 9 pairs: the widest fast path
    ((18 << 8) | 0, "-999999999999999999", "-999999999999999999"),
    ((20 << 8) | 0, "10000000000000000000", "10000000000000000000"),  # a pair more: 128-bit path
    ((32 << 8) | 30, "-1.5", "-1.5"),     # scaled by 10**29: beyond one 64-bit multiplier
    ((12 << 8) | 2, "0", "0"),
    ((12 << 8) | 2, "-0.01", "-0.01"),
])
def test_decimal128_fast_and_wide_paths_give_the_exact_value(w_compiled, qualifier, text, stored):
    column = ColumnDesc("d", tc.DECIMAL, qualifier)
    builder = w_compiled.ArrowBatchBuilder((column,), ENCODING)
    builder.append_row(decimal_cell(column, Decimal(text)))
    (got,) = pa.table(w_compiled.ArrowStream(builder.fields, builder.finish())).column(0).to_pylist()
    assert got == Decimal(stored)


@pytest.mark.parametrize(("qualifier", "text"), [
    ((5 << 8) | 1, "1.25"),      # two fraction digits for a scale of 1
    ((5 << 8) | 1, "-1.25"),
    ((5 << 8) | 0, "0.5"),
    ((3 << 8) | 1, "100"),       # more digits than the precision
    ((4 << 8) | 0, "-10000"),
])
def test_decimal128_refuses_values_its_column_cannot_hold(w_compiled, qualifier, text):
    """Hostile: a value the column's precision and scale cannot hold is never silently changed."""
    column = ColumnDesc("d", tc.DECIMAL, qualifier)
    raw = types.pack_decimal(Decimal(text), len(decimal_cell(column, Decimal(0))))
    builder = w_compiled.ArrowBatchBuilder((column,), ENCODING)
    with pytest.raises(ProtocolError, match="fraction digits|precision"):
        builder.append_row(raw)


@pytest.fixture(scope="module")
def w_compiled():
    """The compiled builder: the reserved rows, the lazy bitmap and the fast path are its own."""
    return pytest.importorskip("informix_db._cwire")


def test_text_with_one_non_ascii_byte_anywhere_becomes_utf8(w_compiled):
    """The ASCII check reads words that overlap at the end: a high byte at any position of a
    text of any length must still be seen and transcoded."""
    column = (ColumnDesc("v", tc.VARCHAR, 255),)
    texts = [("a" * n)[:at] + "é" + ("a" * n)[at + 1:] for n in range(1, 41) for at in range(n)]
    texts += ["a" * n for n in range(41)]
    rows = [bytes((len(t),)) + t.encode("latin-1") for t in texts]
    builder = w_compiled.ArrowBatchBuilder(column, "latin-1")
    for payload in rows:
        builder.append_row(payload)
    table = pa.table(w_compiled.ArrowStream(builder.fields, builder.finish()))
    assert table.column(0).to_pylist() == texts


CLIENT_CODECS = ["iso-8859-1", "iso-8859-15", "utf-8", "utf-16-be", "cp1252", "shift_jis", "euc-kr", "gb18030"]


@pytest.mark.parametrize("encoding", CLIENT_CODECS)
def test_text_growth_bounds_the_utf8_of_every_character(w_compiled, encoding):
    """The 2 GiB batch cut estimates a row's text growth as text_growth * payload bytes: no
    character of the codec may become more UTF-8 bytes than that (a text is its characters)."""
    growth = w_compiled.text_growth(encoding)
    worst = 1
    for code_point in [*range(0xD800), *range(0xE000, 0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        char = chr(code_point)
        try:
            raw = char.encode(encoding)
        except UnicodeEncodeError:
            continue
        worst = max(worst, -(-len(char.encode("utf-8")) // len(raw)))
    assert worst <= growth


def test_a_one_byte_euro_sign_is_three_utf8_bytes(w_compiled):
    """ISO-8859-15 (CLIENT_LOCALE *.8859-15) triples, where the estimate used to assume double."""
    assert len("€".encode("iso-8859-15")) == 1 and len("€".encode()) == 3
    assert w_compiled.text_growth("iso-8859-15") == 3
    assert w_compiled.text_growth("iso-8859-1") == 2
    assert w_compiled.text_growth("utf-8") == 1
