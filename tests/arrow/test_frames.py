"""The one INTERVAL YEAR TO MONTH -> month count conversion that polars, Parquet and Spark use."""

from __future__ import annotations

import pytest

from informix_db.arrow import frames

pa = pytest.importorskip("pyarrow")


def test_interval_columns_become_their_month_counts_and_other_columns_stay():
    months = pa.array([pa.MonthDayNano([14, 0, 0]), None, pa.MonthDayNano([-3, 0, 0])], pa.month_day_nano_interval())
    table = pa.table({"id": [1, 2, 3], "span": months})
    converted = frames.intervals_as_months(table)
    assert converted.schema == pa.schema([("id", pa.int64()), ("span", pa.int32())])
    assert converted.column("span").to_pylist() == [14, None, -3]
    assert converted.column("id") == table.column("id")


def test_one_interval_column_as_months():
    column = pa.chunked_array([[pa.MonthDayNano([0, 0, 0])], [None, pa.MonthDayNano([119988, 0, 0])]])
    assert frames.interval_months(column).to_pylist() == [0, None, 119988]
