"""DELIMIDENT: double quotes delimit identifiers, not strings.

Informix Guide to SQL: Reference, "DELIMIDENT environment variable": when DELIMIDENT is set
(``y``), a token between double quotes is a delimited identifier (it may be a reserved word or
hold blanks and other characters) and only single quotes delimit strings; when it is not set,
double quotes delimit strings as single quotes do. The client sends it in its login environment.
Difference kept: the engine's names are case-blind, so a delimited identifier's case is folded.
"""

from __future__ import annotations

import pytest

import informix_db


@pytest.fixture
def delimited(db):
    db.session.delimident = True
    yield db
    db.session.delimident = False


def test_without_delimident_double_quotes_delimit_strings(db):
    assert db.query('SELECT "a ""b"" c" FROM systables WHERE tabid = 1') == [('a "b" c',)]


def test_double_quoted_tokens_are_identifiers(delimited):
    delimited.run('CREATE TABLE "order" ("select" INT, "has space" VARCHAR(10), plain INT)')
    delimited.run('INSERT INTO "order" ("select", "has space", plain) VALUES (1, \'x\', 2)')
    assert delimited.query('SELECT "select", "has space", "PLAIN" FROM "order" WHERE "select" = 1') == [(1, "x", 2)]
    assert delimited.query('SELECT "select" FROM "order" WHERE "has space" = \'x\'') == [(1,)]
    names = delimited.query(
        "SELECT colname FROM syscolumns c, systables t WHERE c.tabid = t.tabid AND t.tabname = 'order'"
        " ORDER BY colno"
    )
    assert names == [("select",), ("has space",), ("plain",)]


def test_single_quotes_still_delimit_strings(delimited):
    assert delimited.query("SELECT 'it''s \"x\"' FROM systables WHERE tabid = 1") == [('it\'s "x"',)]


def test_a_double_quoted_unknown_name_is_a_column_error(delimited):
    assert delimited.error('SELECT "nosuch" FROM systables WHERE tabid = 1').sqlcode == -217


def test_delimident_from_the_login_environment(ifx_server):
    kwargs = {**ifx_server.connect_kwargs(), "database": "sysmaster", "env": {"DELIMIDENT": "y"}}
    with informix_db.connect(**kwargs) as conn:
        cur = conn.cursor()
        cur.execute('SELECT "tabname" FROM "systables" WHERE tabid = 1')
        assert cur.fetchall() == [("systables",)]
    with informix_db.connect(**{**kwargs, "env": {}}) as conn:
        cur = conn.cursor()
        cur.execute('SELECT "tabname" FROM systables WHERE tabid = 1')
        assert cur.fetchall() == [("tabname",)]


def test_turning_delimident_on_does_not_reuse_statements_read_without_it(db):
    sql = 'SELECT "tabname" FROM systables WHERE tabid = 1'
    assert db.query(sql) == [("tabname",)]
    db.session.delimident = True
    try:
        assert db.query(sql) == [("systables",)]
    finally:
        db.session.delimident = False
    assert db.query(sql) == [("tabname",)]
