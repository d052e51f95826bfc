"""Arrow fetches against the server: the same values as fetchall() for every type, NULLs
and edge values, across batch boundaries and after rows were fetched as tuples."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from decimal import Decimal

import pytest

import informix_db as ifx
from informix_db import aio
from informix_db.types import IntervalYM

from .conftest import arrow_rows, pa, table_rows

COLUMNS = [
    ("c_smallint", "SMALLINT", [-32767, 32767, 0]),
    ("c_integer", "INTEGER", [-2147483647, 2147483647, 0]),
    ("c_bigint", "BIGINT", [-(2**63) + 1, 2**63 - 1, 0]),
    ("c_int8", "INT8", [-(2**63) + 1, 2**63 - 1, 0]),
    ("c_serial8", "SERIAL8", [1, 2, 3]),
    ("c_float", "FLOAT", [-1.5e300, 5e-324, 0.0]),
    ("c_smallfloat", "SMALLFLOAT", [-2.5, 3.4028234663852886e38, 0.0]),
    ("c_decimal", "DECIMAL(12,2)", [Decimal("-9999999999.99"), Decimal("9999999999.99"), Decimal("0.01")]),
    ("c_dec32", "DECIMAL(32,10)", [Decimal("-1234567890123456789012.1234567891"), Decimal("1E-10"), Decimal(0)]),
    ("c_floatdec", "DECIMAL(16)", [Decimal("-1.25E+10"), Decimal("0.1"), Decimal("123456789012345.6")]),
    ("c_money", "MONEY(10,2)", [Decimal("99.99"), Decimal("-0.5"), Decimal("0")]),
    ("c_char", "CHAR(10)", ["abc", "", "  lead"]),
    ("c_nchar", "NCHAR(5)", ["ñ", "x", "abcde"]),
    ("c_varchar", "VARCHAR(50)", ["hello, world", "", "Grüße ¤ "]),
    ("c_nvarchar", "NVARCHAR(20)", ["é", "a", "zz"]),
    ("c_lvarchar", "LVARCHAR(500)", ["x" * 300, "", "y"]),
    ("c_boolean", "BOOLEAN", [True, False, True]),
    ("c_date", "DATE", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1970, 1, 1)]),
    ("c_dtday", "DATETIME YEAR TO DAY", [dt.date(2026, 8, 31), dt.date(1, 1, 1), dt.date(1899, 12, 31)]),
    ("c_dt", "DATETIME YEAR TO SECOND",
     [dt.datetime(2026, 8, 31, 12, 30, 15), dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59)]),
    ("c_dtms", "DATETIME YEAR TO FRACTION(3)",
     [dt.datetime(2026, 8, 31, 12, 30, 15, 123000), dt.datetime(1969, 12, 31, 23, 59, 59, 999000),
      dt.datetime(1, 1, 1)]),
    ("c_dtf", "DATETIME YEAR TO FRACTION(5)",
     [dt.datetime(2026, 8, 31, 12, 30, 15, 120010), dt.datetime(1, 1, 1), dt.datetime(2000, 2, 29)]),
    ("c_time", "DATETIME HOUR TO FRACTION(5)", [dt.time(12, 30, 15, 120010), dt.time(0, 0), dt.time(23, 59, 59)]),
    ("c_iv", "INTERVAL DAY(5) TO SECOND",
     [-dt.timedelta(days=3, hours=4, minutes=5, seconds=6), dt.timedelta(days=99999), dt.timedelta(0)]),
    ("c_ivf", "INTERVAL HOUR TO FRACTION(3)", [dt.timedelta(hours=5, milliseconds=5), dt.timedelta(0),
                                                -dt.timedelta(minutes=1)]),
    ("c_ivym", "INTERVAL YEAR(4) TO MONTH", [IntervalYM(63), IntervalYM(-13), IntervalYM(0)]),
]
NAMES = ", ".join(name for name, _, _ in COLUMNS)
FILLER_ROWS = 2000  # several NFETCH batches of tuples before and after the edge rows


@pytest.fixture(scope="module")
def typed_table(db_params):
    """One table for the module (read only by the tests)."""
    name = f"t_arrow_{uuid.uuid4().hex[:8]}"
    conn = ifx.connect(**db_params)
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (id INTEGER, " + ", ".join(f"{n} {t}" for n, t, _ in COLUMNS) + ")")
    marks = ", ".join("?" for _ in COLUMNS)
    rows = [(i, *(values[i] for _, _, values in COLUMNS)) for i in range(3)]
    rows.append((3, *([None] * len(COLUMNS))))
    filler = ((i, *(values[i % 3] for _, _, values in COLUMNS)) for i in range(4, 4 + FILLER_ROWS))
    cur.executemany(f"INSERT INTO {name} (id, {NAMES}) VALUES (?, {marks})", [*rows, *filler])
    conn.commit()
    yield name
    cur.execute(f"DROP TABLE {name}")
    conn.commit()
    conn.close()


def select(cur, table):
    cur.execute(f"SELECT id, {NAMES} FROM {table} ORDER BY id")
    return cur


def expected(conn, table):
    cur = select(conn.cursor(), table)
    rows = cur.fetchall()
    return rows, cur


def test_arrow_table_equals_fetchall(conn, typed_table):
    rows, _ = expected(conn, typed_table)
    cur = select(conn.cursor(), typed_table)
    builder_fields = ifx._impl.wire.ArrowBatchBuilder(cur._result.columns, "utf-8").fields
    table = cur.fetch_arrow_table()
    assert table.num_rows == len(rows) == FILLER_ROWS + 4
    assert table.column_names == ["id", *(n for n, _, _ in COLUMNS)]
    assert table_rows(table) == arrow_rows(rows, builder_fields)
    assert [table.column(i).null_count for i in range(table.num_columns)] == [
        sum(r[i] is None for r in rows) for i in range(table.num_columns)]
    assert table.column("c_int8").null_count == 1
    assert str(table.schema.field("c_decimal").type) == "decimal128(12, 2)"
    assert str(table.schema.field("c_floatdec").type) == "double"
    assert cur.fetchone() is None
    assert cur.fetch_arrow_table().num_rows == 0


def test_arrow_after_tuples_takes_only_the_rest(conn, typed_table):
    rows, _ = expected(conn, typed_table)
    cur = select(conn.cursor(), typed_table)
    head = cur.fetchmany(2)
    table = cur.fetch_arrow_table()
    assert head == rows[:2]
    assert table.column(0).to_pylist() == [r[0] for r in rows[2:]]


@pytest.mark.parametrize("stream", [False, True])
def test_record_batches_are_bounded_and_complete(conn, typed_table, stream):
    rows, _ = expected(conn, typed_table)
    cur = select(conn.cursor(stream=stream), typed_table)
    reader = cur.fetch_record_batch(batch_size=1000)
    sizes = []
    ids = []
    for batch in reader:
        sizes.append(batch.num_rows)
        ids += batch.column(0).to_pylist()
    assert sizes == [1000, 1000, 4]
    assert ids == [r[0] for r in rows]


def test_pandas_dtypes_are_exact(conn, typed_table):
    rows, _ = expected(conn, typed_table)
    df = select(conn.cursor(), typed_table).fetch_df()
    pd = pytest.importorskip("pandas")
    assert df["c_decimal"].dtype == pd.ArrowDtype(pa.decimal128(12, 2))
    assert df["c_integer"].dtype == pd.ArrowDtype(pa.int32())
    assert str(df["c_float"].dtype) == "float64"
    assert str(df["c_dt"].dtype) == "datetime64[s]"
    assert df["c_decimal"].iloc[0] == rows[0][8]
    assert df["c_char"].iloc[2] == "  lead"
    assert df["c_integer"].isna().tolist() == [r[2] is None for r in rows]


def test_polars(conn, typed_table):
    pl = pytest.importorskip("polars")
    frame = select(conn.cursor(), typed_table).fetch_polars()
    assert frame.height == FILLER_ROWS + 4
    assert frame["c_decimal"].dtype == pl.Decimal(12, 2)
    assert frame["c_ivym"].to_list()[:4] == [63, -13, 0, None]


def test_empty_result_keeps_its_schema(conn, typed_table):
    cur = conn.cursor()
    cur.execute(f"SELECT id, c_decimal FROM {typed_table} WHERE id < 0")
    table = cur.fetch_arrow_table()
    assert table.num_rows == 0
    assert str(table.schema) == "id: int32\nc_decimal: decimal128(12, 2)"


def test_byte_and_text_columns_take_the_tuple_path(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_arrow_bt (id INT, b BYTE IN TABLE, t TEXT IN TABLE)")
    payload = bytes(range(256)) * 3
    cur.executemany("INSERT INTO t_arrow_bt VALUES (?, ?, ?)", [(1, payload, "text é"), (2, None, None)])
    cur.execute("SELECT id, b, t FROM t_arrow_bt ORDER BY id")
    table = cur.fetch_arrow_table()
    assert table_rows(table) == [(1, payload, "text é"), (2, None, None)]
    assert [str(f.type) for f in table.schema] == ["int32", "binary", "string"]


def test_the_stream_is_consumed_by_any_arrow_reader(conn, typed_table):
    rows, _ = expected(conn, typed_table)
    stream = select(conn.cursor(), typed_table).fetch_arrow()
    reader = pa.RecordBatchReader.from_stream(stream)
    assert sum(batch.num_rows for batch in reader) == len(rows)
    with pytest.raises(ValueError):
        stream.__arrow_c_stream__()


def test_scrollable_cursor_refuses_arrow(conn):
    cur = conn.cursor(scrollable=True)
    cur.execute("SELECT tabid FROM systables")
    with pytest.raises(ifx.NotSupportedError):
        cur.fetch_arrow_table()


def test_connection_stays_usable_after_an_abandoned_reader(conn, typed_table):
    cur = select(conn.cursor(), typed_table)
    reader = cur.fetch_record_batch(batch_size=100)
    next(iter(reader))
    del reader
    other = conn.cursor()
    other.execute("SELECT COUNT(*) FROM systables WHERE tabid = 1")
    assert other.fetchall() == [(1,)]


def test_async_arrow(db_params, typed_table):
    async def main():
        async with await aio.connect(**db_params) as conn:
            cur = await conn.cursor()
            await cur.execute(f"SELECT id, {NAMES} FROM {typed_table} ORDER BY id")
            rows = await cur.fetchall()
            await cur.execute(f"SELECT id, {NAMES} FROM {typed_table} ORDER BY id")
            table = await cur.fetch_arrow_table()
            await cur.execute(f"SELECT id, c_varchar FROM {typed_table} ORDER BY id")
            sizes = [batch.num_rows async for batch in cur.fetch_record_batches(1000)]
            await cur.execute(f"SELECT id, c_decimal FROM {typed_table} ORDER BY id")
            df = await cur.fetch_df()
            return rows, table, sizes, df

    rows, table, sizes, df = asyncio.run(main())
    assert table.num_rows == len(rows)
    assert table.column(0).to_pylist() == [r[0] for r in rows]
    assert table.column("c_dec32").to_pylist() == [r[9] for r in rows]
    assert sizes == [1000, 1000, 4]
    assert df["c_decimal"].iloc[1] == Decimal("9999999999.99")
