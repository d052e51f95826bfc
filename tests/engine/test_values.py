"""Values come back as the Python types of the value table; bound values convert to the column type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db.types import IntervalYM


def test_round_trip_of_every_scalar_type(db):
    db.run(
        "CREATE TABLE t (i INTEGER, s SMALLINT, b BIGINT, i8 INT8, f FLOAT, sf SMALLFLOAT,"
        " d DECIMAL(10,2), m MONEY, c CHAR(6), vc VARCHAR(20), nc NCHAR(4), lv LVARCHAR(100),"
        " flag BOOLEAN, day DATE, ts DATETIME YEAR TO SECOND, tf DATETIME YEAR TO FRACTION(3),"
        " hm DATETIME HOUR TO SECOND, ymd DATETIME YEAR TO DAY,"
        " span INTERVAL DAY TO SECOND, age INTERVAL YEAR TO MONTH)"
    )
    row = (
        7, -3, 2**40, -(2**50), 1.25, 0.5, Decimal("1234.56"), Decimal("9.99"), "ab", "text",
        "nc", "long text", True, dt.date(2026, 8, 31), dt.datetime(2026, 8, 31, 12, 30, 15),
        dt.datetime(2026, 8, 31, 12, 30, 15, 123000), dt.time(12, 34, 56), dt.date(2026, 5, 4),
        dt.timedelta(days=3, hours=4, minutes=5, seconds=6), IntervalYM(63),
    )
    marks = ", ".join("?" * len(row))
    assert db.run(f"INSERT INTO t VALUES ({marks})", *row) == (1, 0)
    assert db.query("SELECT * FROM t") == [row]


def test_nulls_come_back_as_none(db):
    db.run("CREATE TABLE t (i INTEGER, d DECIMAL(5,2), c CHAR(3), ts DATETIME YEAR TO SECOND, b BOOLEAN)")
    db.run("INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL)")
    db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", None, None, None, None, None)
    assert db.query("SELECT * FROM t") == [(None,) * 5] * 2


def test_char_is_returned_without_trailing_blanks(db):
    db.run("CREATE TABLE t (c CHAR(10))")
    db.run("INSERT INTO t VALUES ('ab   ')")
    assert db.query("SELECT c FROM t") == [("ab",)]
    assert db.query("SELECT c FROM t WHERE c = 'ab'") == [("ab",)]


def test_strings_convert_to_column_types(db):
    db.run("CREATE TABLE t (i INTEGER, d DECIMAL(8,3), day DATE, ts DATETIME YEAR TO SECOND, b BOOLEAN, f FLOAT)")
    db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", "42", "1.5", "2026-01-15", "2026-01-15 09:30:00", "t", "2.5")
    assert db.query("SELECT * FROM t") == [
        (42, Decimal("1.500"), dt.date(2026, 1, 15), dt.datetime(2026, 1, 15, 9, 30), True, 2.5)
    ]


def test_decimal_rounds_to_scale_and_varchar_truncates(db):
    db.run("CREATE TABLE t (d DECIMAL(6,2), v VARCHAR(3))")
    db.run("INSERT INTO t VALUES (?, ?)", Decimal("1.005"), "abcdef")
    assert db.query("SELECT d, v FROM t") == [(Decimal("1.01"), "abc")]


def test_unscaled_decimal_keeps_its_digits(db):
    db.run("CREATE TABLE t (d DECIMAL(16))")
    db.run("INSERT INTO t VALUES (?)", Decimal("12.3456"))
    db.run("INSERT INTO t VALUES (100)")
    assert db.query("SELECT d FROM t ORDER BY d") == [(Decimal("12.3456"),), (Decimal("100"),)]


def test_literal_values(db):
    rows = db.query(
        "SELECT DATETIME(2026-05-04 12:34:56) YEAR TO SECOND, DATETIME(2026-05-04) YEAR TO DAY,"
        " DATETIME(12:34:56) HOUR TO SECOND, DATETIME(2026-08-31 12:30:15.12) YEAR TO FRACTION(5),"
        " INTERVAL(3 04:05:06) DAY TO SECOND, INTERVAL(-3 04:05:06) DAY TO SECOND,"
        " INTERVAL(12:34:56) HOUR TO SECOND, INTERVAL(23:45) MINUTE TO SECOND,"
        " INTERVAL(5-3) YEAR TO MONTH, INTERVAL(2026) YEAR(4) TO YEAR"
        " FROM systables WHERE tabid = 1"
    )
    assert rows == [(
        dt.datetime(2026, 5, 4, 12, 34, 56), dt.date(2026, 5, 4), dt.time(12, 34, 56),
        dt.datetime(2026, 8, 31, 12, 30, 15, 120000),
        dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
        -dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
        dt.timedelta(hours=12, minutes=34, seconds=56), dt.timedelta(minutes=23, seconds=45),
        IntervalYM(63), IntervalYM(2026 * 12),
    )]


def test_current_and_today(db):
    (now, today), = db.query("SELECT CURRENT YEAR TO FRACTION(3), TODAY FROM systables WHERE tabid = 1")
    assert isinstance(now, dt.datetime) and now.microsecond % 1000 == 0
    assert abs((now - dt.datetime.now()).total_seconds()) < 86400
    assert today == now.date() or abs((today - dt.date.today()).days) <= 1


def test_aggregates_are_decimal(db):
    rows = db.query("SELECT COUNT(*), SUM(tabid), AVG(tabid) FROM systables WHERE tabid <= 10")
    assert rows == [(Decimal(10), Decimal(55), Decimal("5.5"))]
    assert all(isinstance(v, Decimal) for v in rows[0])


def test_casts_convert(db):
    rows = db.query(
        "SELECT 1234.56::DECIMAL(10,2), -1234.56::DECIMAL(10,2), '42'::INT, 'abc'::CHAR(1),"
        " 'x'::LVARCHAR, 5::BOOLEAN IS NOT NULL FROM systables WHERE tabid = 1"
    )
    assert rows == [(Decimal("1234.56"), Decimal("-1234.56"), 42, "a", "x", True)]


def test_bound_parameters_in_where_convert_to_column_type(db):
    db.run("CREATE TABLE t (id INTEGER, day DATE)")
    db.run("INSERT INTO t VALUES (1, '2026-02-03')")
    assert db.query("SELECT id FROM t WHERE id = ?", "1") == [(1,)]
    assert db.query("SELECT id FROM t WHERE day = ?", dt.date(2026, 2, 3)) == [(1,)]
    assert db.query("SELECT id FROM t WHERE day > ?", "2026-01-01") == [(1,)]
    assert db.query("SELECT ?::INT + 1 FROM systables WHERE tabid = 1", "41") == [(42,)]


@pytest.mark.parametrize(
    ("declared", "value", "expected"),
    [
        ("SERIAL", 0, 1),
        ("SERIAL8", None, 1),
        ("BIGSERIAL", 0, 1),
    ],
)
def test_serial_kinds_generate_values(db, declared, value, expected):
    db.run(f"CREATE TABLE t (id {declared}, v INTEGER)")
    assert db.run("INSERT INTO t VALUES (?, 5)", value) == (1, expected)
    assert db.query("SELECT id FROM t") == [(expected,)]


def test_serial_generation_and_explicit_values(db):
    db.run("CREATE TABLE t (id SERIAL, name VARCHAR(10))")
    assert db.run("INSERT INTO t (name) VALUES ('a')") == (1, 1)
    assert db.run("INSERT INTO t (id, name) VALUES (0, 'b')") == (1, 2)
    assert db.run("INSERT INTO t VALUES (10, 'c')") == (1, 10)
    assert db.run("INSERT INTO t (id, name) VALUES (NULL, 'd')") == (1, 11)
    assert db.query("SELECT id, name FROM t ORDER BY id") == [(1, "a"), (2, "b"), (10, "c"), (11, "d")]
    assert db.query("SELECT DBINFO('sqlca.sqlerrd1') FROM systables WHERE tabid = 1") == [(11,)]


def test_defaults_apply_to_omitted_columns(db):
    db.run("CREATE TABLE t (id INTEGER, status CHAR(1) DEFAULT 'N', made DATE DEFAULT TODAY, n INTEGER DEFAULT -1)")
    db.run("INSERT INTO t (id) VALUES (1)")
    assert db.query("SELECT id, status, made, n FROM t") == [(1, "N", dt.date.today(), -1)]


def test_multi_row_insert_and_insert_select(db):
    db.run("CREATE TABLE t (a INTEGER, b VARCHAR(5))")
    assert db.run("INSERT INTO t VALUES (1, 'x'), (2, 'y')") == (2, 0)
    db.run("CREATE TABLE u (a INTEGER, b VARCHAR(5))")
    assert db.run("INSERT INTO u SELECT a * 10, b FROM t WHERE a > ?", 0) == (2, 0)
    assert db.query("SELECT a, b FROM u ORDER BY a") == [(10, "x"), (20, "y")]


def test_update_and_delete_counts(db):
    db.run("CREATE TABLE t (a INTEGER, b VARCHAR(5))")
    db.run("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')")
    assert db.run("UPDATE t SET b = ? WHERE a >= ?", "w", 2) == (2, 0)
    assert db.run("DELETE FROM t WHERE a = ?", 1) == (1, 0)
    assert db.query("SELECT a, b FROM t ORDER BY a") == [(2, "w"), (3, "w")]
    assert db.run("DELETE FROM t") == (2, 0)


def test_result_cursor_fetch_and_scroll(db):
    db.run("CREATE TABLE t (a INTEGER)")
    db.run("INSERT INTO t VALUES (1), (2), (3)")
    cursor = db.session.prepare("SELECT a FROM t ORDER BY a", 0).open([])
    assert cursor.total == 3
    assert cursor.fetch(2) == [(1,), (2,)]
    assert cursor.rowcount == 2
    assert cursor.fetch(2) == [(3,)]
    assert cursor.fetch(2) == []
    assert cursor.rowcount == 3
    assert cursor.row(1) == (1,) and cursor.row(3) == (3,) and cursor.row(4) is None
    cursor.close()


@pytest.mark.parametrize(
    ("declared", "value", "text"),
    [
        ("BOOLEAN", True, "t"),
        ("BOOLEAN", False, "f"),
        ("DATETIME YEAR TO FRACTION(5)", dt.datetime(2026, 8, 31, 12, 30, 15, 120000), "2026-08-31 12:30:15.12000"),
        ("DATETIME YEAR TO SECOND", dt.datetime(2026, 8, 31, 12, 30, 15), "2026-08-31 12:30:15"),
        ("DATETIME HOUR TO MINUTE", dt.time(12, 30), "12:30"),
        ("DATE", dt.date(2026, 8, 31), "2026-08-31"),
        ("INT8", -123456789012, "-123456789012"),
    ],
)
def test_text_rendering_of_stored_values(db, declared, value, text):
    db.run(f"CREATE TEMP TABLE t (v {declared})")
    db.run("INSERT INTO t VALUES (?)", value)
    assert db.query("SELECT v::LVARCHAR, v::CHAR(1) FROM t") == [(text, text[0])]


def test_temp_table_serials_start_afresh(db, dbname, connect):
    other = connect(dbname)
    for session in (db, other):
        session.run("CREATE TEMP TABLE numbered (id SERIAL, v INTEGER)")
        assert session.run("INSERT INTO numbered (v) VALUES (1)") == (1, 1)
    db.run("DROP TABLE numbered")
    db.run("CREATE TEMP TABLE numbered (id SERIAL, v INTEGER)")
    assert db.run("INSERT INTO numbered (v) VALUES (1)") == (1, 1)
    assert other.run("INSERT INTO numbered (v) VALUES (2)") == (1, 2)


def test_text_lengths_count_bytes(db):
    """Latin-1 text takes a byte per character; other text (UTF-8 databases only) its UTF-8 bytes."""
    db.run("CREATE TABLE t (v VARCHAR(5), c CHAR(4))")
    db.run("INSERT INTO t VALUES (?, ?)", "€€", "a€€")
    db.run("INSERT INTO t VALUES (?, ?)", "éééééé", "aééé")
    assert db.query("SELECT v, c FROM t") == [("€", "a€"), ("ééééé", "aééé")]
