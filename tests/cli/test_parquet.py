"""``ifx unload/load --format parquet``: the Arrow path to and from Parquet files."""

from __future__ import annotations

import json

import pytest

pq = pytest.importorskip("pyarrow.parquet")

from .conftest import assert_one_line_failure, clean_env  # noqa: E402
from .test_transfer import EVERY_TYPE, EVERY_TYPE_ROWS, fetch, ifx, tables  # noqa: E402,F401


def test_parquet_round_trips_every_type(tables, ifx, tmp_path, conn):
    source = tables("pq_source", rows=EVERY_TYPE_ROWS)
    target = tables("pq_target")
    path = tmp_path / "data.parquet"
    result = ifx("unload", f"SELECT * FROM {source} ORDER BY k", "-o", path)
    assert result.returncode == 0, result.stderr
    assert "unloaded 3 rows" in result.stderr
    schema = pq.read_schema(path)
    assert str(schema.field("de").type) == "decimal128(10, 2)"
    assert str(schema.field("ids").type) == "duration[us]"
    assert str(schema.field("by").type) == "binary"
    result = ifx("load", target, path, "--commit-every", "2")
    assert result.returncode == 0, result.stderr
    assert fetch(conn, target) == fetch(conn, source)


def test_parquet_format_is_chosen_by_extension_and_second_unload_is_equal(tables, ifx, tmp_path):
    source = tables("pq_ext_source", rows=EVERY_TYPE_ROWS)
    target = tables("pq_ext_target")
    first, second = tmp_path / "a.parquet", tmp_path / "b.pq"
    assert ifx("unload", f"SELECT * FROM {source} ORDER BY k", "-o", first).returncode == 0
    assert ifx("load", target, first).returncode == 0
    assert ifx("unload", f"SELECT * FROM {target} ORDER BY k", "-o", second).returncode == 0
    assert pq.read_table(second).equals(pq.read_table(first))


def test_create_takes_the_column_types_from_the_parquet_schema(tables, ifx, tmp_path, conn):
    source = tables("pq_create_source", rows=EVERY_TYPE_ROWS)
    path = tmp_path / "made.parquet"
    assert ifx("unload", f"SELECT * FROM {source} ORDER BY k", "-o", path).returncode == 0
    result = ifx("load", "pq_made", path, "--create")
    try:
        assert result.returncode == 0, result.stderr
        cur = conn.cursor()
        cur.execute("SELECT * FROM pq_made ORDER BY k")
        made = cur.fetch_arrow_table()
        cur.execute(f"SELECT * FROM {source} ORDER BY k")
        assert made.to_pylist() == cur.fetch_arrow_table().to_pylist()
        assert str(made.schema.field("de").type) == "decimal128(10, 2)"
        assert str(made.schema.field("iym").type) == "month_day_nano_interval"
    finally:
        conn.cursor().execute("DROP TABLE pq_made")
        conn.commit()


def test_rows_the_server_refuses_are_rejected_as_json_and_the_rest_committed(tables, ifx, tmp_path, conn):
    columns = "(k INTEGER PRIMARY KEY, v VARCHAR(5))"
    source = tables("pq_dup_source", "(k INTEGER, v VARCHAR(5))", [(1, "a"), (2, "b"), (3, "c"), (3, "d"), (4, "e")])
    target = tables("pq_dup_target", columns, [(2, "old")])
    path = tmp_path / "in.parquet"
    assert ifx("unload", f"SELECT * FROM {source} ORDER BY k, v", "-o", path).returncode == 0
    rejects = tmp_path / "r.jsonl"
    result = ifx("load", target, path, "--max-errors", "5", "--reject-file", rejects, "--commit-every", "2")
    assert result.returncode == 0, result.stderr
    assert fetch(conn, target) == [(1, "a"), (2, "old"), (3, "c"), (4, "e")]
    assert [json.loads(line) for line in rejects.read_text().splitlines()] == [{"k": 2, "v": "b"}, {"k": 3, "v": "d"}]
    assert "rejected 2 record(s); the first, line 2: [-268]" in result.stderr


def test_a_refused_row_past_max_errors_stops_the_load_with_committed_batches_kept(tables, ifx, tmp_path, conn):
    source = tables("pq_stop_source", "(k INTEGER)", [(1,), (2,), (3,), (3,), (5,)])
    target = tables("pq_stop_target", "(k INTEGER PRIMARY KEY)")
    path = tmp_path / "in.parquet"
    assert ifx("unload", f"SELECT * FROM {source} ORDER BY k", "-o", path).returncode == 0
    result = ifx("load", target, path, "--commit-every", "2")
    assert_one_line_failure(result, "line 4:", "[-268]", "2 rows committed")
    assert fetch(conn, target) == [(1,), (2,)]  # the second batch (3, 3) was rolled back


def test_parquet_is_not_read_from_standard_input(ifx):
    assert_one_line_failure(ifx("load", "t", "-", "--format", "parquet"), "Parquet is read from a file")


def test_without_pyarrow_parquet_fails_in_one_line_naming_the_extra(tables, ifx, tmp_path):
    source = tables("pq_noarrow_source", "(k INTEGER)", [(1,)])
    hidden = tmp_path / "hide"
    (hidden / "pyarrow").mkdir(parents=True)
    (hidden / "pyarrow" / "__init__.py").write_text("raise ImportError('hidden for the test')\n")
    result = ifx("unload", f"SELECT * FROM {source}", "-o", tmp_path / "x.parquet", env=clean_env(PYTHONPATH=str(hidden)))
    assert_one_line_failure(result, "pip install 'informix-fast[arrow]'")
