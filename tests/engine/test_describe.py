"""Result columns are described with the Informix type, length and name a real server gives."""

from __future__ import annotations

import pytest

from informix_db.protocol import constants as c
from informix_db.types import typecodes as tc

NOT_NULL = tc.FLAG_NOT_NULL


@pytest.mark.parametrize(
    ("declared", "type_short", "length", "ext_id", "ext_name"),
    [
        ("CHAR(10)", tc.CHAR, 10, 0, ""),
        ("CHAR", tc.CHAR, 1, 0, ""),
        ("NCHAR(5)", tc.NCHAR, 5, 0, ""),
        ("VARCHAR(50)", tc.VARCHAR, 50, 0, ""),
        ("VARCHAR(100,10)", tc.VARCHAR, 100, 0, ""),
        ("NVARCHAR(20)", tc.NVARCHAR, 20, 0, ""),
        ("LVARCHAR(500)", tc.UDTVAR, 500, 0, "lvarchar"),
        ("LVARCHAR", tc.UDTVAR, 2048, 0, "lvarchar"),
        ("DECIMAL(10,2)", tc.DECIMAL, 0x0A02, 0, ""),
        ("DECIMAL(16)", tc.DECIMAL, 0x10FF, 0, ""),
        ("DECIMAL", tc.DECIMAL, 0x10FF, 0, ""),
        ("NUMERIC(8,3)", tc.DECIMAL, 0x0803, 0, ""),
        ("MONEY", tc.MONEY, 0x1002, 0, ""),
        ("MONEY(8,2)", tc.MONEY, 0x0802, 0, ""),
        ("SMALLFLOAT", tc.SMALLFLOAT, 4, 0, ""),
        ("REAL", tc.SMALLFLOAT, 4, 0, ""),
        ("FLOAT", tc.FLOAT, 8, 0, ""),
        ("DOUBLE PRECISION", tc.FLOAT, 8, 0, ""),
        ("SMALLINT", tc.SMALLINT, 2, 0, ""),
        ("INTEGER", tc.INTEGER, 4, 0, ""),
        ("INT", tc.INTEGER, 4, 0, ""),
        ("BIGINT", tc.BIGINT, 8, 0, ""),
        ("INT8", tc.INT8, 10, 0, ""),
        ("SERIAL", tc.SERIAL, 4, 0, ""),
        ("SERIAL8", tc.SERIAL8, 10, 0, ""),
        ("BIGSERIAL", tc.BIGSERIAL, 8, 0, ""),
        ("BOOLEAN", tc.UDTFIXED, 1, tc.XID_BOOLEAN, "boolean"),
        ("DATE", tc.DATE, 4, 0, ""),
        ("DATETIME YEAR TO SECOND", tc.DATETIME, 0x0E0A, 0, ""),
        ("DATETIME YEAR TO FRACTION(5)", tc.DATETIME, 0x130F, 0, ""),
        ("DATETIME YEAR TO FRACTION(3)", tc.DATETIME, 0x110D, 0, ""),
        ("DATETIME YEAR TO DAY", tc.DATETIME, 0x0804, 0, ""),
        ("DATETIME HOUR TO SECOND", tc.DATETIME, 0x066A, 0, ""),
        ("INTERVAL DAY TO SECOND", tc.INTERVAL, 0x084A, 0, ""),
        ("INTERVAL DAY(5) TO SECOND", tc.INTERVAL, 0x0B4A, 0, ""),
        ("INTERVAL DAY(9) TO FRACTION(5)", tc.INTERVAL, 0x144F, 0, ""),
        ("INTERVAL YEAR TO MONTH", tc.INTERVAL, 0x0602, 0, ""),
        ("INTERVAL HOUR TO MINUTE", tc.INTERVAL, 0x0468, 0, ""),
        ("INTERVAL MONTH(3) TO MONTH", tc.INTERVAL, 0x0322, 0, ""),
    ],
)
def test_declared_column_types(db, declared, type_short, length, ext_id, ext_name):
    db.run(f"CREATE TABLE t (c {declared})")
    assert db.describe("SELECT c FROM t") == [("c", type_short, length, ext_id, ext_name)]


def test_not_null_flag_and_primary_key(db):
    db.run("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, note CHAR(5))")
    assert db.describe("SELECT * FROM t") == [
        ("id", tc.INTEGER | NOT_NULL, 4, 0, ""),
        ("name", tc.VARCHAR | NOT_NULL, 20, 0, ""),
        ("note", tc.CHAR, 5, 0, ""),
    ]


def test_identifiers_fold_to_lower_case(db):
    db.run("CREATE TABLE MixedCase (SomeColumn INTEGER)")
    assert db.describe("SELECT SOMECOLUMN, somecolumn AS Alias FROM MIXEDCASE") == [
        ("somecolumn", tc.INTEGER, 4, 0, ""),
        ("alias", tc.INTEGER, 4, 0, ""),
    ]


def test_health_probe(db):
    stmt = db.session.prepare("SELECT 1 FROM systables WHERE tabid = 1", 0)
    assert stmt.stmt_type == c.STMT_SELECT
    assert [(d.name, d.type_short, d.encoded_length) for d in stmt.columns] == [("(constant)", tc.INTEGER, 4)]
    assert stmt.open([]).fetch(10) == [(1,)]


def test_literals_and_aggregates(db):
    db.run("CREATE TABLE t (n INTEGER, d DECIMAL(8,2), s VARCHAR(10))")
    described = db.describe("SELECT 1, 'abc', COUNT(*), SUM(n), AVG(n), MIN(d), MAX(s), COUNT(n) FROM t")
    assert described == [
        ("(constant)", tc.INTEGER, 4, 0, ""),
        ("(constant)", tc.CHAR, 3, 0, ""),
        ("(count(*))", tc.DECIMAL, 0x0F00, 0, ""),
        ("(sum)", tc.DECIMAL, 0x20FF, 0, ""),
        ("(avg)", tc.DECIMAL, 0x20FF, 0, ""),
        ("(min)", tc.DECIMAL, 0x0802, 0, ""),
        ("(max)", tc.VARCHAR, 10, 0, ""),
        ("(count)", tc.DECIMAL, 0x0F00, 0, ""),
    ]


def test_casts(db):
    described = db.describe(
        "SELECT 'x'::LVARCHAR, '5'::INT, 1.5::DECIMAL(10,2), 'abc'::CHAR(1), 3::INT8, 't'::BOOLEAN "
        "FROM systables WHERE tabid = 1"
    )
    assert described == [
        ("(expression)", tc.UDTVAR, 2048, 0, "lvarchar"),
        ("(expression)", tc.INTEGER, 4, 0, ""),
        ("(expression)", tc.DECIMAL, 0x0A02, 0, ""),
        ("(expression)", tc.CHAR, 1, 0, ""),
        ("(expression)", tc.INT8, 10, 0, ""),
        ("(expression)", tc.UDTFIXED, 1, tc.XID_BOOLEAN, "boolean"),
    ]


def test_datetime_and_interval_literals(db):
    described = db.describe(
        "SELECT DATETIME(2026-08-31 12:30:15) YEAR TO SECOND, INTERVAL(3 04:05:06) DAY TO SECOND, "
        "CURRENT YEAR TO FRACTION(3), TODAY FROM systables WHERE tabid = 1"
    )
    assert described == [
        ("(constant)", tc.DATETIME, 0x0E0A, 0, ""),
        ("(constant)", tc.INTERVAL, 0x084A, 0, ""),
        ("(current)", tc.DATETIME, 0x110D, 0, ""),
        ("(today)", tc.DATE, 4, 0, ""),
    ]


def test_other_expressions(db):
    db.run("CREATE TABLE t (a VARCHAR(10), b CHAR(5), n INTEGER)")
    described = db.describe("SELECT a || b, n + 1, LENGTH(a), UPPER(a) FROM t")
    assert described[0] == ("(expression)", tc.VARCHAR, 15, 0, "")
    assert described[1][0] == "(expression)"
    assert described[2] == ("(expression)", tc.INTEGER, 4, 0, "")
    assert described[3] == ("(expression)", tc.VARCHAR, 10, 0, "")


def test_star_over_join_and_subquery(db):
    db.run("CREATE TABLE a (id SERIAL, x SMALLINT)")
    db.run("CREATE TABLE b (id INTEGER, y MONEY(6,2))")
    assert [d[:3] for d in db.describe("SELECT * FROM a JOIN b ON a.id = b.id")] == [
        ("id", tc.SERIAL, 4), ("x", tc.SMALLINT, 2), ("id", tc.INTEGER, 4), ("y", tc.MONEY, 0x0602),
    ]
    assert [d[:3] for d in db.describe("SELECT b.*, s.x FROM b, (SELECT x FROM a) s")] == [
        ("id", tc.INTEGER, 4), ("y", tc.MONEY, 0x0602), ("x", tc.SMALLINT, 2),
    ]


def test_union_takes_first_branch(db):
    db.run("CREATE TABLE t (name VARCHAR(30))")
    assert db.describe("SELECT name FROM t UNION SELECT tabname FROM systables") == [
        ("name", tc.VARCHAR, 30, 0, ""),
    ]


def test_statement_types(db, dbname):
    db.run("CREATE TABLE t (a INTEGER)")
    kinds = {
        "SELECT a FROM t": c.STMT_SELECT,
        "-- leading comment\n SELECT a FROM t": c.STMT_SELECT,
        "{ brace comment } SELECT a FROM t": c.STMT_SELECT,
        "(SELECT a FROM t)": c.STMT_SELECT,
        "SELECT a FROM t UNION SELECT a FROM t": c.STMT_SELECT,
        "INSERT INTO t VALUES (1)": c.STMT_INSERT,
        "UPDATE t SET a = 1 WHERE a = 2": c.STMT_UPDATE_WHERE,
        "UPDATE t SET a = 1": c.STMT_UPDATE_ALL,
        "DELETE FROM t WHERE a = 1": c.STMT_DELETE_WHERE,
        "DELETE FROM t": c.STMT_DELETE_ALL,
        "BEGIN WORK": c.STMT_BEGIN,
        "BEGIN": c.STMT_BEGIN,
        "COMMIT WORK": c.STMT_COMMIT,
        "ROLLBACK": c.STMT_ROLLBACK,
        "CREATE TABLE u (a INT)": c.STMT_CREATE_TABLE,
        "CREATE TEMP TABLE u (a INT)": c.STMT_CREATE_TEMP_TABLE,
        "DROP TABLE t": c.STMT_DROP_TABLE,
        "CREATE INDEX ix ON t (a)": c.STMT_CREATE_INDEX,
        f"DATABASE {dbname}": c.STMT_DATABASE,
        "CLOSE DATABASE": c.STMT_CLOSE_DATABASE,
    }
    for sql, expected in kinds.items():
        assert db.session.prepare(sql, 0).stmt_type == expected, sql


def test_non_select_statements_have_no_columns(db):
    db.run("CREATE TABLE t (a INTEGER)")
    assert db.session.prepare("UPDATE t SET a = 1", 0).columns == []
    assert db.session.prepare("BEGIN WORK", 0).columns == []


def test_insert_parameters_are_described(db):
    db.run("CREATE TABLE t (a INTEGER, b VARCHAR(9) NOT NULL)")
    stmt = db.session.prepare("INSERT INTO t (b, a) VALUES (?, 5)", 1)
    assert [(d.name, d.type_short, d.encoded_length) for d in stmt.param_columns] == [
        ("b", tc.VARCHAR | NOT_NULL, 9),
    ]
