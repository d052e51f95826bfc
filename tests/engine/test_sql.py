"""Informix SQL forms the engine accepts: joins, aggregates, FIRST/SKIP, comments, literals..."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db.testing.engine import SqlError


@pytest.fixture
def emp(db):
    db.run("CREATE TABLE dept (id INTEGER PRIMARY KEY, dname VARCHAR(10))")
    db.run("CREATE TABLE emp (id SERIAL, name VARCHAR(20), dept INTEGER, sal MONEY(8,2))")
    db.run("INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty')")
    for name, dept, sal in [("ann", 1, "100"), ("bob", 1, "200"), ("cid", 2, "300"), ("dee", None, None)]:
        db.run("INSERT INTO emp (name, dept, sal) VALUES (?, ?, ?)", name, dept, sal)
    return db


def test_joins(emp):
    assert emp.query("SELECT e.name, d.dname FROM emp e JOIN dept d ON e.dept = d.id ORDER BY e.name") == [
        ("ann", "eng"), ("bob", "eng"), ("cid", "ops"),
    ]
    assert emp.query("SELECT e.name, d.dname FROM emp e, dept d WHERE e.dept = d.id AND d.id = 2") == [("cid", "ops")]
    assert emp.query(
        "SELECT d.dname, e.name FROM dept d LEFT OUTER JOIN emp e ON e.dept = d.id WHERE e.name IS NULL"
    ) == [("empty", None)]


def test_group_by_having_order(emp):
    rows = emp.query(
        "SELECT dept, COUNT(*), SUM(sal) FROM emp WHERE dept IS NOT NULL GROUP BY dept HAVING COUNT(*) > 0 ORDER BY 1"
    )
    assert rows == [(1, 2, Decimal("300.00")), (2, 1, Decimal("300.00"))]


def test_nulls_sort_first_ascending_like_informix(emp):
    assert [r[0] for r in emp.query("SELECT dept FROM emp ORDER BY dept")] == [None, 1, 1, 2]
    assert [r[0] for r in emp.query("SELECT dept FROM emp ORDER BY dept DESC")] == [2, 1, 1, None]
    assert [r[0] for r in emp.query("SELECT dept FROM emp ORDER BY dept NULLS LAST")] == [1, 1, 2, None]


def test_first_skip_and_limit(emp):
    assert emp.query("SELECT FIRST 2 name FROM emp ORDER BY name") == [("ann",), ("bob",)]
    assert emp.query("SELECT SKIP 1 FIRST 2 name FROM emp ORDER BY name") == [("bob",), ("cid",)]
    assert emp.query("SELECT SKIP 3 name FROM emp ORDER BY name") == [("dee",)]
    assert emp.query("SELECT LIMIT 1 name FROM emp ORDER BY name DESC") == [("dee",)]


def test_union_and_subqueries(emp):
    assert emp.query("SELECT name FROM emp WHERE dept = 2 UNION SELECT dname FROM dept WHERE id = 1 ORDER BY 1") == [
        ("cid",), ("eng",),
    ]
    assert emp.query(
        "SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE dname = 'eng') ORDER BY name"
    ) == [("ann",), ("bob",)]
    assert emp.query(
        "SELECT dname FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.id) ORDER BY dname"
    ) == [("eng",), ("ops",)]
    assert emp.query("SELECT x.name FROM (SELECT name, sal FROM emp) x WHERE x.sal > 250") == [("cid",)]


def test_comments(emp):
    assert emp.query("{ braces } SELECT name -- trailing\n FROM emp /* block */ WHERE id = 1") == [("ann",)]


def test_informix_functions(emp):
    row = emp.query(
        "SELECT NVL(dept, 0), DECODE(dept, 1, 'one', 'other'), name[1,2], LENGTH(name), UPPER(name),"
        " 7 MOD 3, MDY(8, 31, 2026) FROM emp WHERE name = 'dee'"
    )
    assert row == [(0, "other", "de", 3, "DEE", 1, dt.date(2026, 8, 31))]
    assert emp.query("SELECT name FROM emp WHERE name MATCHES 'b*'") == [("bob",)]
    assert emp.query("SELECT name FROM emp WHERE name LIKE '_i%'") == [("cid",)]


def test_date_arithmetic(db):
    row = db.query(
        "SELECT DATE('2026-01-31') + 1, EXTEND(DATETIME(2026-08-31 12:30:15) YEAR TO SECOND, YEAR TO DAY),"
        " DATETIME(2026-01-01 00:00:00) YEAR TO SECOND + 2 UNITS DAY FROM systables WHERE tabid = 1"
    )
    assert row == [(dt.date(2026, 2, 1), dt.date(2026, 8, 31), dt.datetime(2026, 1, 3))]


def test_double_quoted_text_is_a_string(db):
    assert db.query('SELECT tabname FROM systables WHERE tabname = "syscolumns"') == [("syscolumns",)]


def test_no_op_statements(db):
    for sql in [
        "SET LOCK MODE TO WAIT 10", "SET ISOLATION TO COMMITTED READ", "SET EXPLAIN OFF",
        "UPDATE STATISTICS", "SET LOCK MODE TO NOT WAIT",
    ]:
        assert db.run(sql) == (0, 0)


def test_temp_tables_are_private_and_dropped_with_the_database(db, dbname, connect):
    db.run("CREATE TEMP TABLE scratch (a INTEGER)")
    db.run("INSERT INTO scratch VALUES (1)")
    assert db.query("SELECT a FROM scratch") == [(1,)]
    assert connect(dbname).error("SELECT a FROM scratch").sqlcode == -206
    db.run(f"DATABASE {dbname}")
    assert db.error("SELECT a FROM scratch").sqlcode == -206


def test_database_switching(db, dbname, connect):
    db.run("CREATE TABLE here (a INTEGER)")
    db.run("CLOSE DATABASE")
    assert db.session.database is None
    db.run(f"DATABASE {dbname}")
    assert db.session.database == dbname
    assert db.query("SELECT COUNT(*) FROM here") == [(0,)]


def test_drop_database(connect):
    owner = connect()
    owner.run("CREATE DATABASE doomed")
    assert owner.error("DROP DATABASE doomed").sqlcode == -425
    owner.run("CLOSE DATABASE")
    owner.run("DROP DATABASE doomed")
    assert owner.error("DATABASE doomed").sqlcode == -329


def test_select_for_update_is_flagged(db):
    stmt = db.session.prepare("SELECT tabid FROM systables WHERE tabid = 1 FOR UPDATE", 0)
    assert stmt.for_update and stmt.open([]).fetch(5) == [(1,)]
    assert not db.session.prepare("SELECT tabid FROM systables FOR READ ONLY", 0).for_update


def test_more_informix_functions(db):
    assert db.query(
        "SELECT UNIQUE TO_CHAR(DATE('2026-01-02'), '%Y/%m'), TO_DATE('2026-01-02 10:11', '%Y-%m-%d %H:%M')"
        " FROM systables WHERE tabid < 5"
    ) == [("2026/01", dt.datetime(2026, 1, 2, 10, 11))]


def test_byte_and_text_columns(db):
    db.run("CREATE TABLE blobs (a INTEGER, b BYTE IN TABLE, c TEXT)")
    db.run("INSERT INTO blobs VALUES (?, ?, ?)", 1, b"\x00\x01", "text")
    assert [d[:3] for d in db.describe("SELECT b, c FROM blobs")] == [("b", 11, 56), ("c", 12, 56)]
    assert db.query("SELECT a, b, c FROM blobs") == [(1, b"\x00\x01", "text")]


def test_scroll_cursor_refuses_for_update(db):
    stmt = db.session.prepare("SELECT tabid FROM systables FOR UPDATE", 0)
    with pytest.raises(SqlError) as caught:
        stmt.open([], scroll=True)
    assert caught.value.sqlcode == -526
    assert db.session.prepare("SELECT tabid FROM systables WHERE tabid = 1", 0).open([], scroll=True).fetch(5) == [(1,)]
