"""ROW, SET, MULTISET and LIST columns: declarations, literals, descriptions, values."""

from __future__ import annotations

from informix_db.types import CollectionValue, RowValue
from informix_db.types import typecodes as tc


def test_row_columns(db):
    db.run("CREATE TABLE people (id INT, r ROW(name VARCHAR(50), age INT))")
    db.run("INSERT INTO people VALUES (1, ROW('Alice', 30)::ROW(name VARCHAR(50), age INT))")
    db.run("INSERT INTO people VALUES (2, ROW('O''Hara', 41))")
    db.run("INSERT INTO people VALUES (3, NULL)")
    assert db.describe("SELECT r FROM people") == [("r", tc.ROW, 2048, 0, "ROW(name varchar(50), age integer)")]
    rows = db.query("SELECT id, r FROM people ORDER BY id")
    assert rows == [
        (1, RowValue(b"ROW('Alice',30)", "ROW(name varchar(50), age integer)")),
        (2, RowValue(b"ROW('O''Hara',41)", "ROW(name varchar(50), age integer)")),
        (3, None),
    ]


def test_row_sub_fields(db):
    db.run("CREATE TABLE people (id INT, r ROW(name VARCHAR(50), age INT))")
    db.run("INSERT INTO people VALUES (1, ROW('Bob', 25))")
    assert [d[:3] for d in db.describe("SELECT r.name, r.age FROM people")] == [
        ("name", tc.VARCHAR, 50), ("age", tc.INTEGER, 4),
    ]
    assert db.query("SELECT id, r.name, r.age FROM people") == [(1, "Bob", 25)]


def test_collections(db):
    db.run("CREATE TABLE bags (id INT, s SET(VARCHAR(20) NOT NULL), m MULTISET(INT NOT NULL), l LIST(INT NOT NULL))")
    db.run("INSERT INTO bags VALUES (1, SET{'red','green','red'}, MULTISET{1,2,2}, LIST{30,10})")
    db.run("INSERT INTO bags VALUES (2, NULL, NULL, LIST{})")
    assert [d[1:] for d in db.describe("SELECT s, m, l FROM bags")] == [
        (tc.SET, 2048, 0, "SET(varchar(20) not null)"),
        (tc.MULTISET, 2048, 0, "MULTISET(integer not null)"),
        (tc.LIST, 2048, 0, "LIST(integer not null)"),
    ]
    assert db.query("SELECT s, m, l FROM bags ORDER BY id") == [
        (
            CollectionValue(b"SET{'red','green'}", "set", "SET(varchar(20) not null)"),
            CollectionValue(b"MULTISET{1,2,2}", "multiset", "MULTISET(integer not null)"),
            CollectionValue(b"LIST{30,10}", "list", "LIST(integer not null)"),
        ),
        (None, None, CollectionValue(b"LIST{}", "list", "LIST(integer not null)")),
    ]


def test_braces_stay_comments_elsewhere(db):
    assert db.query("SELECT { a comment } tabid FROM systables WHERE tabid = 1") == [(1,)]
    assert db.error("SELECT SET{1, 2 FROM systables").sqlcode == -201
