"""cursor.ingest and executemany over any iterable: rows land exactly, failures name the row
and leave nothing of the ingest behind."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

import informix_db as ifx
from informix_db.types import IntervalYM

from .conftest import pa

TYPED = pa.table({
    "id": pa.array([1, 2, 3], pa.int32()),
    "small": pa.array([-32767, None, 7], pa.int16()),
    "big": pa.array([2**62, -(2**62), None], pa.int64()),
    "price": pa.array([1.5, None, -0.25], pa.float64()),
    "flag": pa.array([True, False, None], pa.bool_()),
    "name": pa.array(["a", None, "Grüße"], pa.string()),
    "amount": pa.array([Decimal("1.50"), None, Decimal("-9999999999.99")], pa.decimal128(12, 2)),
    "day": pa.array([dt.date(1, 1, 1), dt.date(9999, 12, 31), None], pa.date32()),
    "at": pa.array([dt.datetime(2026, 8, 31, 12, 0, 1, 123000), None, dt.datetime(1970, 1, 1)],
                   pa.timestamp("ms")),
    "span": pa.array([dt.timedelta(days=3, seconds=5), None, -dt.timedelta(hours=1)], pa.duration("us")),
    "months": pa.array([pa.MonthDayNano([14, 0, 0]), None, pa.MonthDayNano([-3, 0, 0])],
                       pa.month_day_nano_interval()),
})
EXPECTED = [
    (1, -32767, 2**62, 1.5, True, "a", Decimal("1.5"), dt.date(1, 1, 1),
     dt.datetime(2026, 8, 31, 12, 0, 1, 123000), dt.timedelta(days=3, seconds=5), IntervalYM(14)),
    (2, None, -(2**62), None, False, None, None, dt.date(9999, 12, 31), None, None, None),
    (3, 7, None, -0.25, None, "Grüße", Decimal("-9999999999.99"), None, dt.datetime(1970, 1, 1),
     -dt.timedelta(hours=1), IntervalYM(-3)),
]


@pytest.fixture
def table(conn):
    name = f"t_ing_{uuid.uuid4().hex[:8]}"
    yield name
    conn.rollback()
    try:
        conn.cursor().execute(f"DROP TABLE {name}")
        conn.commit()
    except ifx.Error:
        conn.rollback()


def rows_of(conn, table):
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM {table} ORDER BY 1")
    return cur.fetchall()


def test_create_maps_every_arrow_type_and_round_trips(conn, table):
    cur = conn.cursor()
    assert cur.ingest(table, TYPED, mode="create") == 3
    assert cur.rowcount == 3
    assert rows_of(conn, table) == EXPECTED
    cur.execute(f"SELECT {', '.join(TYPED.column_names)} FROM {table} ORDER BY id")
    assert cur.fetch_arrow_table().column("amount").type == pa.decimal128(12, 2)
    conn.commit()


def test_modes(conn, table):
    cur = conn.cursor()
    data = TYPED.select(["id", "name"])
    with pytest.raises(ifx.ProgrammingError):
        cur.ingest(table, data, mode="append")  # no such table
    assert cur.ingest(table, data, mode="create_append") == 3
    assert cur.ingest(table, data, mode="create_append") == 3
    with pytest.raises(ifx.ProgrammingError):
        cur.ingest(table, data, mode="create")  # exists already: rolled back
    assert cur.ingest(table, data, mode="create_append") == 3
    assert cur.ingest(table, data.slice(0, 1), mode="replace") == 1
    assert cur.ingest(table, [(9, "tuple")], mode="append") == 1
    assert rows_of(conn, table) == [(1, "a"), (9, "tuple")]
    with pytest.raises(ifx.NotSupportedError):
        cur.ingest(table, [(1, "x")], mode="replace")  # tuples carry no column types
    with pytest.raises(ifx.ProgrammingError):
        cur.ingest(table, data, mode="upsert")
    with pytest.raises(ifx.ProgrammingError):
        cur.ingest(f"{table}; DROP TABLE x", data)


def test_batches_polars_and_pandas(conn, table):
    pl = pytest.importorskip("polars")
    cur = conn.cursor()
    data = TYPED.select(["id", "amount"])
    assert cur.ingest(table, pa.RecordBatchReader.from_batches(data.schema, data.to_batches(max_chunksize=2)),
                      mode="create") == 3
    assert cur.ingest(table, data.to_batches()[0]) == 3
    assert cur.ingest(table, pl.from_arrow(data)) == 3
    assert cur.ingest(table, data.to_pandas(types_mapper={data.schema.field("amount").type:
                                                          __import__("pandas").ArrowDtype(data.schema.field(
                                                              "amount").type)}.get)) == 3
    assert [r[0] for r in rows_of(conn, table)] == [1] * 4 + [2] * 4 + [3] * 4


@pytest.mark.parametrize("autocommit", [False, True])
def test_a_failing_row_is_named_and_nothing_of_the_ingest_stays(db_params, autocommit):
    conn = ifx.connect(**db_params, autocommit=autocommit)
    name = f"t_ing_{uuid.uuid4().hex[:8]}"
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {name} (id INTEGER, amount DECIMAL(5,2))")
    conn.commit() if not autocommit else None
    rows = [(i, Decimal("1.25")) for i in range(3000)]
    rows[2500] = (2500, Decimal("123456.00"))  # does not fit DECIMAL(5,2)
    with pytest.raises(ifx.DataError) as info:
        cur.ingest(name, (row for row in rows))
    assert info.value.row_index == 2500
    assert "2500" in str(info.value)
    assert rows_of(conn, name) == []
    assert cur.ingest(name, iter(rows[:10])) == 10
    conn.commit() if not autocommit else None
    cur.execute(f"DROP TABLE {name}")
    conn.commit() if not autocommit else None
    conn.close()


@pytest.mark.parametrize("bad_row", [(object(),), 5])
def test_a_row_that_cannot_be_encoded_is_named_and_the_connection_lives(conn, table, bad_row):
    cur = conn.cursor()
    cur.ingest(table, TYPED.select(["id"]), mode="create")
    conn.commit()
    with pytest.raises(ifx.Error) as info:
        cur.ingest(table, [(4,), bad_row])
    assert info.value.row_index == 1
    assert [r[0] for r in rows_of(conn, table)] == [1, 2, 3]


def test_executemany_consumes_a_generator_lazily(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER)")
    pulled = []

    def rows():
        for i in range(2500):
            pulled.append(i)
            yield (i,)

    generator = rows()
    cur.executemany(f"INSERT INTO {table} VALUES (?)", generator)
    assert cur.rowcount == 2500 and len(pulled) == 2500
    with pytest.raises(ifx.Error) as info:
        cur.executemany(f"INSERT INTO {table} VALUES (?)", ((i,) if i != 1500 else ("x", 1) for i in range(2000)))
    assert info.value.row_index == 1500
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    assert cur.fetchone()[0] >= 2500  # the connection is usable; the caller decides what to keep


def test_compiled_bind_encoder_writes_what_encode_params_writes():
    """Arrow cells straight from the buffers give the bytes of their Python values."""
    from informix_db._impl import wire_implementations

    batch = pa.record_batch({
        "i16": pa.array([1, None, -32767], pa.int16()), "i32": pa.array([2**31 - 1, 0, None], pa.int32()),
        "i64": pa.array([2**40, -5, None], pa.int64()), "f32": pa.array([1.5, None, -0.1], pa.float32()),
        "f64": pa.array([1e300, None, 5e-324], pa.float64()), "b": pa.array([True, False, None]),
        "s": pa.array(["ascii", "Grüße €", None]), "ls": pa.array(["x" * 30000, "", None], pa.large_string()),
        "d": pa.array([Decimal("-12345.678"), Decimal("0.000"), None], pa.decimal128(20, 3)),
        "day": pa.array([dt.date(1, 1, 1), dt.date(9999, 12, 31), None], pa.date32()),
        "ts": pa.array([dt.datetime(2026, 1, 2, 3, 4, 5, 6), None, dt.datetime(1, 1, 1)], pa.timestamp("us")),
        "u64": pa.array([2**63 - 1, None, 0], pa.uint64()),
    })
    for encoding in ("utf-8", "cp1252"):
        encoded = [impl.ArrowBindEncoder(encoding).encode(batch) for impl in wire_implementations()]
        assert len(encoded[0]) == 3
        assert all(e == encoded[0] for e in encoded)
        sliced = [impl.ArrowBindEncoder(encoding).encode(batch.slice(1)) for impl in wire_implementations()]
        assert all(e == encoded[0][1:] for e in sliced)


def test_values_that_do_not_fit_are_named(w):
    batch = pa.record_batch({"s": pa.array(["ok", "snowman \u2603"])})
    with pytest.raises(ifx.DataError) as info:
        w.ArrowBindEncoder("iso-8859-1").encode(batch)
    assert info.value.row_index == 1
