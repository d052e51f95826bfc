"""Synonyms: another name for a table in every statement.

Informix Guide to SQL: Syntax, "CREATE SYNONYM": the synonym can stand for the table in
SELECT, INSERT, UPDATE and DELETE; it is listed in systables (tabtype S) and syssyntable
(btabid: the table); its name cannot be another table's (-310); DROP TABLE drops the
table's synonyms; DDL names the table itself.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def aliased(db):
    return db.script(
        "CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)",
        "INSERT INTO stock VALUES (1, 3)",
        "CREATE SYNONYM goods FOR stock",
    )


def test_dml_through_a_synonym(aliased):
    assert aliased.query("SELECT goods.qty FROM goods WHERE goods.id = 1") == [(3,)]
    aliased.run("INSERT INTO goods VALUES (2, 4)")
    aliased.run("UPDATE goods SET qty = 5 WHERE id = 2")
    aliased.run("DELETE FROM goods WHERE id = 1")
    assert aliased.query("SELECT id, qty FROM stock") == [(2, 5)]
    assert aliased.query("SELECT g.qty FROM goods g") == [(5,)]


def test_synonym_in_the_catalog(aliased):
    assert aliased.query("SELECT tabname, tabtype FROM systables WHERE tabid >= 100 ORDER BY tabid") == [
        ("stock", "T"), ("goods", "S"),
    ]
    assert aliased.query(
        "SELECT t.tabname FROM syssyntable s, systables t WHERE s.btabid = t.tabid"
    ) == [("stock",)]


def test_names_and_ddl(aliased):
    assert aliased.error("CREATE TABLE goods (x INTEGER)").sqlcode == -310
    assert aliased.error("DROP TABLE goods").sqlcode == -206
    assert aliased.error("ALTER TABLE goods ADD (z INTEGER)").sqlcode == -206
    aliased.run("DROP SYNONYM goods")
    assert aliased.error("SELECT * FROM goods").sqlcode == -206
    assert aliased.error("DROP SYNONYM goods").sqlcode == -206


def test_dropping_the_table_drops_its_synonyms(aliased):
    aliased.run("DROP TABLE stock")
    assert aliased.query("SELECT COUNT(*) FROM systables WHERE tabid >= 100") == [(0,)]
