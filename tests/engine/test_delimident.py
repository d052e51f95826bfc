"""DELIMIDENT: double quotes delimit identifiers, not strings.

Informix Guide to SQL: Reference, "DELIMIDENT environment variable": when DELIMIDENT is set
(``y``), a token between double quotes is a delimited identifier (it may be a reserved word or
hold blanks and other characters) and only single quotes delimit strings; when it is not set,
double quotes delimit strings as single quotes do. The client sends it in its login environment.
Informix Guide to SQL: Syntax, "Delimited identifiers": a delimited identifier keeps its
lettercase ("MixedCase" is not mixedcase); an undelimited one is folded to lower case. The engine
keeps the case of delimited constraint and index names; table and column names are still folded
(DuckDB's names are case-blind), a difference the README lists.
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


def test_delimited_constraint_and_index_names_keep_their_case(delimited):
    delimited.run('CREATE TABLE p (id INT, CONSTRAINT "PK_p" PRIMARY KEY (id))')
    delimited.run('CREATE TABLE c (id INT, pid INT, email VARCHAR(40), CONSTRAINT "UQ_email" UNIQUE (email),'
                  ' CONSTRAINT "FK_c_p" FOREIGN KEY (pid) REFERENCES p (id), CONSTRAINT "MyCk" CHECK (id > 0),'
                  ' CONSTRAINT Folded CHECK (id < 100))')
    delimited.run('CREATE INDEX "IX_mixed" ON c (pid)')
    names = {r[0] for r in delimited.query("SELECT constrname FROM sysconstraints")}
    assert {"PK_p", "UQ_email", "FK_c_p", "MyCk", "folded"} <= names
    assert ("IX_mixed",) in delimited.query("SELECT idxname FROM sysindexes")
    assert delimited.error("DROP INDEX ix_mixed").sqlcode == -319  # another name: the case counts
    delimited.run('DROP INDEX "IX_mixed"')
    delimited.run('ALTER TABLE c DROP CONSTRAINT "MyCk"')
    assert delimited.run("INSERT INTO c VALUES (-1, NULL, 'a')") == (1, 0)
    assert delimited.error("INSERT INTO c VALUES (200, NULL, 'b')").sqlcode == -530
