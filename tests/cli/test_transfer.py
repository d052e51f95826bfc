"""``ifx unload`` and ``ifx load`` against the test server, run as subprocesses."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

import informix_db
from informix_db.types import IntervalYM

from .conftest import assert_one_line_failure, run_ifx

EVERY_TYPE = """(k INTEGER PRIMARY KEY, ch CHAR(10), vc VARCHAR(20), lv LVARCHAR(100), si SMALLINT, bi BIGINT,
    i8 INT8, fl FLOAT, sf SMALLFLOAT, de DECIMAL(10,2), df DECIMAL(16), mo MONEY(8,2), da DATE,
    ts DATETIME YEAR TO SECOND, tf DATETIME HOUR TO FRACTION(3), dd DATETIME YEAR TO DAY,
    ids INTERVAL DAY(3) TO SECOND, iym INTERVAL YEAR TO MONTH, bo BOOLEAN, nc NCHAR(5), nv NVARCHAR(10),
    tx TEXT, by BYTE)"""

EVERY_TYPE_ROWS = [
    (1, "ab|c\\d", "x\ny|", "tab\there", -3, 2**40, -5, 1.5, 0.25, Decimal("12.50"), Decimal("123.456"),
     Decimal("-3.10"), dt.date(2026, 8, 31), dt.datetime(2026, 1, 2, 3, 4, 5), dt.time(12, 30, 15, 120000),
     dt.date(2020, 2, 29), dt.timedelta(days=5, hours=10, minutes=20, seconds=30), IntervalYM(27), True, "ab", " ",
     "long\ntext|\\", b"\x00\xffab"),
    (2,) + (None,) * 22,
    (3, "", " lead", "trail  ", 0, 0, 0, -0.0, 1e20, Decimal("0.00"), Decimal("-1e-5"), Decimal("0"),
     dt.date(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59), dt.time(0, 0), dt.date(1999, 1, 1),
     -dt.timedelta(days=2), IntervalYM(-13), False, "", "", "", None),
]


@pytest.fixture
def tables(conn):
    """Create tables for one test, dropped afterwards."""
    created = []

    def create(name: str, columns: str = EVERY_TYPE, rows=()):
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {name} {columns}")
        if rows:
            cur.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        conn.commit()
        created.append(name)
        return name

    yield create
    for name in created:
        conn.cursor().execute(f"DROP TABLE {name}")
    conn.commit()


@pytest.fixture
def ifx(db_params):
    """Run an ifx command against testdb on the test server."""
    where = ["--host", db_params["host"], "--port", db_params["port"], "--user", db_params["user"],
             "--password", db_params["password"], "--server", db_params["server"], "-d", db_params["database"]]

    def run(*args, env=None):
        return run_ifx(*args, *where, env=env)
    return run


def fetch(conn, table):
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM {table} ORDER BY 1")
    return cur.fetchall()


@pytest.mark.parametrize("environment", [{}, {"DBDELIMITER": ";", "DBDATE": "Y4MD-", "DBMONEY": "EUR,"}])
def test_unl_round_trips_byte_for_byte_for_every_type(tables, ifx, tmp_path, conn, environment):
    from .conftest import clean_env

    env = clean_env(**environment)
    source = tables("rt_source", rows=EVERY_TYPE_ROWS)
    target = tables("rt_target")
    first, second = tmp_path / "first.unl", tmp_path / "second.unl"
    result = ifx("unload", f"SELECT * FROM {source} ORDER BY k", "-o", first, env=env)
    assert result.returncode == 0, result.stderr
    assert ifx("load", target, first, env=env).returncode == 0
    assert ifx("unload", f"SELECT * FROM {target} ORDER BY k", "-o", second, env=env).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    assert fetch(conn, target) == fetch(conn, source)
    delimiter = environment.get("DBDELIMITER", "|").encode()
    escaped = b"ab\\|c\\\\d" if delimiter == b"|" else b"ab|c\\\\d"  # only the delimiter in use is escaped
    assert first.read_bytes().startswith(b"1" + delimiter + escaped + delimiter)
    assert (b"2" + delimiter * 23 + b"\n") in first.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_csv_and_json_lines_round_trip_the_values(tables, ifx, tmp_path, conn, fmt):
    columns = "(k INTEGER, name VARCHAR(20), price MONEY(8,2), day DATE, at DATETIME YEAR TO SECOND, ok BOOLEAN)"
    rows = [(1, "a,b \"q\"", Decimal("1.50"), dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4, 5), True),
            (2, None, None, None, None, None)]
    source = tables("fmt_source", columns, rows)
    target = tables("fmt_target", columns)
    path = tmp_path / f"data.{fmt}"
    assert ifx("unload", f"SELECT * FROM {source}", "-o", path).returncode == 0
    if fmt == "jsonl":
        assert json.loads(path.read_text().splitlines()[0])["price"] == "1.50"
    else:
        assert path.read_text().splitlines()[0] == "k,name,price,day,at,ok"
    result = ifx("load", target, path)
    assert result.returncode == 0, result.stderr
    assert fetch(conn, target) == rows


def test_bad_records_are_rejected_up_to_max_errors(tables, ifx, tmp_path, conn):
    target = tables("bad_target", "(k INTEGER PRIMARY KEY, d DATE)", [(3, None)])
    data = tmp_path / "in.unl"
    data.write_text("1|01/02/2026|\n2|not a date|\n3||\n4|\n5|02/03/2026|\n")
    rejects = tmp_path / "rejects.unl"
    result = ifx("load", target, data, "--max-errors", "3", "--reject-file", rejects, "--commit-every", "2")
    assert result.returncode == 0, result.stderr
    assert [r[0] for r in fetch(conn, target)] == [1, 3, 5]
    assert rejects.read_text() == "2|not a date|\n3||\n4|\n"
    assert "rejected 3 record(s); the first, line 2: 'not a date' is not a date in the form mm/dd/yyyy" in result.stderr


def test_too_many_bad_records_stop_the_load_at_the_first_over_the_limit(tables, ifx, tmp_path, conn):
    target = tables("stop_target", "(k INTEGER PRIMARY KEY, v VARCHAR(5))")
    data = tmp_path / "in.unl"
    data.write_text("1|a|\n2|b|\n3|c|\nx|d|\n5|e|\n")
    result = ifx("load", target, data, "--commit-every", "2")
    line = assert_one_line_failure(result, "line 4:", "'x' is not an integer", "2 rows committed")
    assert line.startswith("ifx load: error: load stopped at line 4")
    assert [r[0] for r in fetch(conn, target)] == [1, 2]  # the open transaction (row 3) was rolled back


def test_rows_the_server_refuses_are_rejected_and_the_rest_committed(tables, ifx, tmp_path, conn):
    target = tables("dup_target", "(k INTEGER PRIMARY KEY, v VARCHAR(5))", [(2, "old")])
    data = tmp_path / "in.unl"
    data.write_text("1|a|\n2|b|\n3|c|\n3|d|\n4|e|\n")
    result = ifx("load", target, data, "--max-errors", "5", "--reject-file", tmp_path / "r.unl")
    assert result.returncode == 0, result.stderr
    assert fetch(conn, target) == [(1, "a"), (2, "old"), (3, "c"), (4, "e")]
    assert (tmp_path / "r.unl").read_text() == "2|b|\n3|d|\n"
    assert "line 2: [-268]" in result.stderr


def test_create_makes_the_table_from_the_file(ifx, tmp_path, conn):
    data = tmp_path / "made.csv"
    data.write_text("id,name,amount,day,ok\n1,ann,1.25,2026-01-02,t\n2,,10.5,,f\n")
    result = ifx("load", "made_table", data, "--create")
    try:
        assert result.returncode == 0, result.stderr
        cur = conn.cursor()
        cur.execute("SELECT * FROM made_table ORDER BY id")
        assert cur.fetchall() == [(1, "ann", Decimal("1.25"), dt.date(2026, 1, 2), True),
                                  (2, None, Decimal("10.50"), None, False)]
        assert [d[1] for d in cur.description][:3] == [2, 13, 5]  # INTEGER, VARCHAR, DECIMAL
    finally:
        conn.cursor().execute("DROP TABLE made_table")
        conn.commit()


def test_quiet_is_silent_and_a_pipe_gets_only_the_summary(tables, ifx, tmp_path):
    source = tables("quiet_source", "(k INTEGER)", [(1,), (2,)])
    quiet = ifx("unload", f"SELECT * FROM {source}", "-o", tmp_path / "q.unl", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    loud = ifx("unload", f"SELECT * FROM {source}", "-o", tmp_path / "l.unl")
    assert loud.stderr.startswith("unloaded 2 rows (6 B) in ") and loud.stderr.count("\n") == 1


def test_unload_to_standard_output(tables, ifx):
    source = tables("stdout_source", "(k INTEGER, v VARCHAR(5))", [(1, "a"), (2, None)])
    result = ifx("unload", f"SELECT * FROM {source} ORDER BY k", "-o", "-", "-q")
    assert result.stdout == "1|a|\n2||\n"


def test_a_database_without_logging_stops_at_a_refused_row(server_params, tmp_path):
    with informix_db.connect(**server_params, autocommit=True) as admin:
        try:
            admin.cursor().execute("CREATE DATABASE nolog_etl")
        except informix_db.DatabaseError as exc:
            assert exc.sqlcode == -330
    with informix_db.connect(**server_params, database="nolog_etl", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS t")
        cur.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        data = tmp_path / "in.unl"
        data.write_text("1|\n1|\n2|\n")
        result = run_ifx("load", "t", data, "--max-errors", "5", "--host", server_params["host"], "--port",
                         server_params["port"], "--password", server_params["password"], "-d", "nolog_etl")
        assert_one_line_failure(result, "line 2: [-268]", "without logging")
