"""Placeholder spellings and list syntax, independent of how sqlglot tokenizes them.

Informix: a host variable in prepared text is a ``?`` wherever an expression may stand
(Informix Guide to SQL: Syntax, "PREPARE statement", question-mark placeholders); blanks
around it are optional, as around any punctuation. A list never ends in a comma.
"""

from __future__ import annotations

import pytest

import informix_db


@pytest.fixture
def pairs(db):
    return db.script("CREATE TABLE pairs (a INTEGER, b VARCHAR(10))")


@pytest.mark.parametrize("values", ["(?,?)", "(?, ?)", "( ? , ? )", "(?\n,\t?)"])
def test_insert_values_with_and_without_blanks(pairs, values):
    """``VALUES (?,?)`` is the same statement as ``VALUES (?, ?)``."""
    assert pairs.run(f"INSERT INTO pairs VALUES{values}", 7, "x") == (1, 0)
    assert pairs.query("SELECT a, b FROM pairs") == [(7, "x")]


@pytest.mark.parametrize("where", ["a IN (?,?)", "a IN (?, ?)", "a=? OR a=?", "a BETWEEN ?AND?"])
def test_placeholders_in_conditions(pairs, where):
    for a in (1, 2, 3):
        pairs.run("INSERT INTO pairs VALUES (?, 'v')", a)
    assert pairs.query(f"SELECT a FROM pairs WHERE {where} ORDER BY a", 1, 2) == [(1,), (2,)]


def test_dollar_text_in_strings_is_data(pairs):
    """Informix has no dollar-quoted strings: ``$1,$`` inside a literal is just text."""
    pairs.run("INSERT INTO pairs VALUES (?,'$1,$')", 1)
    assert pairs.query("SELECT b FROM pairs WHERE b = '$1,$'") == [("$1,$",)]


@pytest.mark.parametrize(
    "sql, near, offset",
    [
        ("SELECT tabid, FROM systables", "FROM", 15),
        ("SELECT tabid,\nFROM systables", "FROM", 15),
        ("SELECT tabid FROM systables WHERE tabid IN (1,)", ")", 47),
        ("SELECT tabid, tabname, ORDER BY 1", "ORDER", 24),
    ],
)
def test_list_ending_in_comma_is_201_at_the_next_token(db, sql, near, offset):
    """A select list or IN list ending in a comma is a syntax error (-201); sqlca.sqlerrd[4]
    holds the 1-based offset of the token where the error was detected (HCL Informix JDBC
    guide, "Retrieve the syntax error offset": ``select * fom tt`` reports 10)."""
    error = db.error(sql)
    assert (error.sqlcode, error.near, error.offset) == (-201, near, offset)


def test_driver_numeric_placeholders(ifx_server):
    """The driver turns ``:1,:2`` (paramstyle numeric) into ``?,?``; the server must accept
    the blank-free form it produces."""
    with informix_db.connect(**ifx_server.connect_kwargs(), database="sysmaster", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("CREATE DATABASE placeholders_numeric")
        cur.execute("CREATE TEMP TABLE t (a INTEGER, b INTEGER)")
        cur.execute("INSERT INTO t VALUES (:1,:2)", (1, 2))
        cur.execute("INSERT INTO t VALUES (?,?)", (3, 4))
        cur.execute("SELECT a FROM t WHERE b IN (:1,:2) ORDER BY a", (2, 4))
        assert cur.fetchall() == [(1,), (3,)]
        cur.execute("DATABASE sysmaster")
        cur.execute("DROP DATABASE placeholders_numeric")

