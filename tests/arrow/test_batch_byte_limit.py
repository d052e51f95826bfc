"""A string/binary column of an Arrow batch holds at most 2 GiB (32-bit offsets): the batch is
sealed before a row that would pass it, whether the row comes as an SQ_TUPLE payload (the fast
path) or already decoded as a tuple (BYTE/TEXT results), and a value larger than the limit on
its own is refused naming its column. The limit is lowered so no test needs 2 GiB."""

from __future__ import annotations

import itertools
import random

import pytest

from informix_db import types
from informix_db.exceptions import ProtocolError
from informix_db.types import ColumnDesc
from informix_db.types import typecodes as tc

from .conftest import pa, table_rows

LIMIT = 1000
BLOB_COLUMNS = (ColumnDesc("id", tc.INTEGER, 4), ColumnDesc("b", tc.BYTE, 56), ColumnDesc("t", tc.TEXT, 56))
TEXT_COLUMNS = (ColumnDesc("v", tc.VARCHAR, 255), ColumnDesc("l", tc.LVARCHAR, 2000))


def data_bytes(value) -> int:
    if value is None:
        return 0
    return len(value.encode("utf-8") if isinstance(value, str) else value)


def column_bytes(batch) -> list[int]:
    """Bytes of every column's values in one record batch (0 for fixed-width columns)."""
    variable = (pa.types.is_string, pa.types.is_binary)
    return [sum(map(data_bytes, column.to_pylist())) if any(is_kind(column.type) for is_kind in variable) else 0
            for column in batch.columns]


def blob_rows(count: int, seed: int, chars: str = "é€x") -> list[tuple]:
    """Rows of BYTE and TEXT values up to the limit, multi-byte text and NULLs among them."""
    pick = random.Random(seed)
    rows = []
    for i in range(count):
        blob = None if i % 7 == 3 else pick.randbytes(pick.randrange(0, LIMIT + 1))
        text = None if i % 5 == 1 else chars[i % 3] * pick.randrange(0, LIMIT // 3 + 1)
        rows.append((i, blob, text))
    rows[10] = (10, b"\x00" * LIMIT, "x" * LIMIT)    # exactly at the limit in both
    return rows


def batches_of(builder) -> list:
    return [pa.record_batch(b) for b in builder.finish()]


def assert_cut_at_the_limit(batches, rows, *, tight: bool) -> None:
    """Whole rows in order, no column over the limit; ``tight``: each batch was sealed only
    because the next row would have passed the limit in some column."""
    assert len(batches) > 1
    assert [r for b in batches for r in table_rows(pa.Table.from_batches([b]))] == rows
    assert all(size <= LIMIT for b in batches for size in column_bytes(b))
    if tight:
        for batch, following in itertools.pairwise(batches):
            first = column_bytes(following.slice(0, 1))
            assert any(a + b > LIMIT for a, b in zip(column_bytes(batch), first))


def test_tuple_rows_are_cut_into_batches_under_the_limit(w, batch_byte_limit):
    batch_byte_limit(LIMIT)
    rows = blob_rows(200, seed=1)
    builder = w.ArrowBatchBuilder(BLOB_COLUMNS, "utf-8")
    builder.append_rows(rows[:50])
    builder.append_rows(rows[50:])
    batches = batches_of(builder)
    assert_cut_at_the_limit(batches, rows, tight=True)
    for batch in batches:
        batch.validate(full=True)


def test_batch_size_and_byte_limit_cut_together(w, batch_byte_limit):
    batch_byte_limit(LIMIT)
    rows = blob_rows(120, seed=2)
    builder = w.ArrowBatchBuilder(BLOB_COLUMNS, "utf-8", 4)
    for row in rows:
        builder.append_rows([row])
    batches = batches_of(builder)
    assert max(b.num_rows for b in batches) == 4
    assert_cut_at_the_limit(batches, rows, tight=False)


@pytest.mark.parametrize(("column", "value"), [(1, b"\x01" * (LIMIT + 1)), (2, "é" * (LIMIT // 2 + 1))])
def test_a_value_over_the_limit_is_refused_naming_its_column(w, batch_byte_limit, column, value):
    """Text is measured in UTF-8: 501 two-byte characters are 1002 bytes. The row is refused
    whole, so the builder keeps the rows before it and takes rows after it."""
    batch_byte_limit(LIMIT)
    builder = w.ArrowBatchBuilder(BLOB_COLUMNS, "utf-8")
    row = [1, None, None]
    row[column] = value
    builder.append_rows([(0, b"a", "a")])
    with pytest.raises(ProtocolError, match=rf"column {column}: a value of {data_bytes(value)} bytes .*"
                                            rf"\({LIMIT} bytes: 32-bit offsets\)"):
        builder.append_rows([tuple(row)])
    builder.append_rows([(2, b"b", "b")])
    assert [r for b in batches_of(builder) for r in table_rows(pa.Table.from_batches([b]))] == [
        (0, b"a", "a"), (2, b"b", "b")]


def text_payloads(count: int, encoding: str) -> tuple[list[bytes], list[tuple]]:
    """SQ_TUPLE payloads of VARCHAR and LVARCHAR text (Latin-1 bytes that become two UTF-8
    bytes among them) and the rows they decode to."""
    pick = random.Random(3)
    rows = [("ü" * pick.randrange(0, 120) + "a" * pick.randrange(0, 100),
             None if i % 4 == 0 else "ß¤" * pick.randrange(0, 250)) for i in range(count)]
    payloads = [b"".join(types.encode_tuple_value(c, v, encoding) for c, v in zip(TEXT_COLUMNS, row))
                for row in rows]
    return payloads, rows


def test_payload_rows_are_cut_under_the_limit(w, batch_byte_limit):
    """The fast path's cut (an upper bound of a row's UTF-8 growth) under the same limit."""
    batch_byte_limit(LIMIT)
    payloads, rows = text_payloads(300, "latin-1")
    builder = w.ArrowBatchBuilder(TEXT_COLUMNS, "latin-1")
    for payload in payloads:
        builder.append_row(payload)
    assert_cut_at_the_limit(batches_of(builder), rows, tight=False)


def test_tuple_rows_then_payloads_stay_under_the_limit(w, batch_byte_limit):
    """Rows received as tuples before the fast path takes over count toward its bound: text
    just under the limit, then small payloads, must cut before the first one that passes it."""
    batch_byte_limit(LIMIT)
    head = [("", "x" * (LIMIT - 100))]
    payloads, rows = text_payloads(40, "latin-1")
    builder = w.ArrowBatchBuilder(TEXT_COLUMNS, "latin-1")
    builder.append_rows(head)
    for payload in payloads:
        builder.append_row(payload)
    assert_cut_at_the_limit(batches_of(builder), head + rows, tight=False)


def test_a_payload_value_over_the_limit_is_refused(w, batch_byte_limit):
    batch_byte_limit(LIMIT)
    column = (ColumnDesc("l", tc.LVARCHAR, 4000),)
    builder = w.ArrowBatchBuilder(column, "latin-1")
    with pytest.raises(ProtocolError, match=rf"column 0: a value of {LIMIT + 2} bytes"):
        builder.append_row(types.encode_tuple_value(column[0], "ä" * (LIMIT // 2 + 1), "latin-1"))


def test_the_limit_is_read_when_a_batch_starts(w, batch_byte_limit):
    """A builder keeps the limit its batch started with; the next batch takes the new one (and
    a value is refused by the limit of the batch it would start)."""
    column = (ColumnDesc("t", tc.TEXT, 56),)
    batch_byte_limit(100)
    builder = w.ArrowBatchBuilder(column, "utf-8")
    batch_byte_limit(10)
    builder.append_rows([("x" * 60,), ("x" * 30,)])
    with pytest.raises(ProtocolError, match=r"column 0: a value of 20 bytes .*\(10 bytes"):
        builder.append_rows([("x" * 20,)])
    builder.append_rows([("x" * 9,), ("x" * 2,)])
    assert [b.num_rows for b in batches_of(builder)] == [2, 1, 1]


@pytest.mark.parametrize("limit", [0, -1, 0x80000000])
def test_the_limit_stays_within_32_bit_offsets(w, limit):
    with pytest.raises(ValueError, match="batch byte limit"):
        w._set_batch_byte_limit_for_tests(limit)


# -- against the server: BYTE/TEXT results take the tuple path ----------------------------

@pytest.fixture
def blob_table(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_arrow_cut (id INT, b BYTE IN TABLE, t TEXT IN TABLE)")
    rows = blob_rows(60, seed=4, chars="éüx")     # the server's codec is Latin-1
    cur.executemany("INSERT INTO t_arrow_cut VALUES (?, ?, ?)", rows)
    return rows


def test_byte_and_text_results_are_cut_into_batches(conn, blob_table, batch_byte_limit):
    batch_byte_limit(LIMIT)
    cur = conn.cursor()
    cur.execute("SELECT id, b, t FROM t_arrow_cut ORDER BY id")
    expected = cur.fetchall()
    cur.execute("SELECT id, b, t FROM t_arrow_cut ORDER BY id")
    batches = list(cur.fetch_record_batch())
    assert expected == blob_table
    assert_cut_at_the_limit(batches, expected, tight=True)
    cur.execute("SELECT id, b, t FROM t_arrow_cut ORDER BY id")
    assert table_rows(cur.fetch_arrow_table()) == expected


def test_a_text_value_over_the_limit_is_refused_and_the_connection_stays_usable(conn, blob_table,
                                                                                 batch_byte_limit):
    batch_byte_limit(LIMIT)
    cur = conn.cursor()
    cur.execute("INSERT INTO t_arrow_cut VALUES (?, ?, ?)", (1000, None, "é" * LIMIT))
    cur.execute("SELECT id, b, t FROM t_arrow_cut ORDER BY id")
    with pytest.raises(ProtocolError, match=rf"column 2: a value of {2 * LIMIT} bytes"):
        cur.fetch_arrow_table()
    cur.execute("SELECT COUNT(*) FROM t_arrow_cut")
    assert cur.fetchone() == (len(blob_table) + 1,)
