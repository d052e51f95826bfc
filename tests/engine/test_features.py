"""Smaller Informix features: sequences, savepoints, MINUS, DBSERVERNAME, implicit number
conversion, multi-column SET, owner-quoted names, and the specific refusal of the rest.

Informix Guide to SQL: Syntax: "CREATE SEQUENCE" (START WITH, INCREMENT BY, NOCACHE ...;
``seq.NEXTVAL`` advances, ``seq.CURRVAL`` repeats this session's last value, -8315 before
any NEXTVAL); "SAVEPOINT", "ROLLBACK WORK TO SAVEPOINT" (undoes what followed the
savepoint, keeps it) and "RELEASE SAVEPOINT"; MINUS is EXCEPT; DBSERVERNAME and SITENAME
name the server; "UPDATE: SET clause" accepts ``(a, b) = (x, y)``; dbschema writes owners
as ``"informix".t``. Informix Guide to SQL: Reference, "Implicit casts": character values
in arithmetic are converted to numbers (-1213 when they are not numbers). -999 ("not
implemented yet") names each statement the embedded server refuses.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def items(db):
    return db.script(
        "CREATE TABLE items (id INTEGER, qty SMALLINT, code VARCHAR(5))",
        "INSERT INTO items VALUES (1, 1, '7')", "INSERT INTO items VALUES (2, 2, 'x')",
    )


def test_sequence_nextval_and_currval(db):
    db.run("CREATE SEQUENCE ids INCREMENT BY 5 START WITH 100 NOCACHE NOCYCLE")
    assert db.error("SELECT ids.CURRVAL FROM systables WHERE tabid = 1").sqlcode == -8315
    db.run("CREATE TABLE t (id INTEGER)")
    db.run("INSERT INTO t VALUES (ids.NEXTVAL)")
    db.run("INSERT INTO t VALUES (ids.NEXTVAL)")
    assert db.query("SELECT id FROM t ORDER BY id") == [(100,), (105,)]
    assert db.query("SELECT ids.NEXTVAL, ids.CURRVAL FROM systables WHERE tabid = 1") == [(110, 110)]
    assert db.error("CREATE SEQUENCE ids").sqlcode == -310
    db.run("DROP SEQUENCE ids")
    assert db.error("DROP SEQUENCE ids").sqlcode == -206
    assert db.run("DROP SEQUENCE IF EXISTS ids") == (0, 0)


def test_savepoints(items):
    assert items.error("SAVEPOINT outside").sqlcode == -255
    items.run("BEGIN WORK")
    items.run("INSERT INTO items VALUES (3, 3, 'a')")
    items.run("SAVEPOINT first")
    items.run("INSERT INTO items VALUES (4, 4, 'b')")
    items.run("SAVEPOINT second")
    items.run("DELETE FROM items WHERE id = 1")
    items.run("ROLLBACK WORK TO SAVEPOINT first")
    assert [r[0] for r in items.query("SELECT id FROM items ORDER BY id")] == [1, 2, 3]
    assert items.error("ROLLBACK TO SAVEPOINT second").near == "second"  # later ones are gone
    items.run("INSERT INTO items VALUES (5, 5, 'c')")
    items.run("RELEASE SAVEPOINT first")
    items.run("COMMIT WORK")
    assert [r[0] for r in items.query("SELECT id FROM items ORDER BY id")] == [1, 2, 3, 5]


def test_minus_is_except(items):
    assert items.query("SELECT id FROM items MINUS SELECT id FROM items WHERE id = 1") == [(2,)]


def test_dbservername_and_sitename(items):
    assert items.query("SELECT DBSERVERNAME, SITENAME FROM items WHERE id = 1") == [("informix", "informix")]


def test_character_operands_of_arithmetic_are_numbers(items):
    assert items.query("SELECT '12' + 1, code * 2 FROM items WHERE id = 1") == [(13, 14.0)]
    assert items.error("SELECT 'ab' + 1 FROM items").sqlcode == -1213
    assert items.error("SELECT code + 1 FROM items").sqlcode == -1213


def test_multi_column_set(items):
    assert items.run("UPDATE items SET (qty, code) = (qty + 10, 'a,(b') WHERE id = 1") == (1, 0)
    assert items.query("SELECT qty, code FROM items WHERE id = 1") == [(11, "a,(b")]
    assert items.error("UPDATE items SET (qty, code) = (1)").sqlcode == -201


def test_owner_quoted_names(db):
    db.run('CREATE TABLE "informix".owned (x INTEGER)')
    db.run('INSERT INTO "informix".owned VALUES (1)')
    assert db.query('SELECT x FROM "informix".owned') == [(1,)]
    db.run('CREATE INDEX "informix".owned_x ON "informix".owned (x)')
    db.run('DROP TABLE "informix".owned')


def test_alter_table_lock_mode_is_accepted(items):
    """Lock granularity changes no result: accepted; an unknown table is still -206."""
    assert items.run("ALTER TABLE items LOCK MODE (ROW)") == (0, 0)
    assert items.error("ALTER TABLE nosuch LOCK MODE (PAGE)").sqlcode == -206


@pytest.mark.parametrize(
    "sql, feature",
    [
        ("CREATE TRIGGER trg INSTEAD OF INSERT ON items FOR EACH ROW (EXECUTE PROCEDURE p())", "INSTEAD OF trigger"),
        ("UPDATE items SET (qty) = ((SELECT 1 FROM items WHERE id = 1))", "SET (...) = (SELECT ...)"),
        ("CREATE PROCEDURE p() IF 1 = 1 THEN SYSTEM 'date'; END IF; END PROCEDURE", "SYSTEM"),
    ],
)
def test_unsupported_statements_are_named(items, sql, feature):
    error = items.error(sql)
    assert (error.sqlcode, error.near) == (-999, feature)


@pytest.mark.parametrize(
    "sql",
    [
        "UNLOAD TO '/tmp/items.unl' SELECT * FROM items",
        "UNLOAD TO '/tmp/items.unl' DELIMITER ';' SELECT * FROM items",
        "LOAD FROM '/tmp/items.unl' INSERT INTO items",
        "load from '/tmp/items.unl' delimiter ',' insert into items (id)",
    ],
)
def test_unload_and_load_are_syntax_errors_as_on_a_server(items, sql):
    """"Only DB-Access supports the UNLOAD statement" (and LOAD): DB-Access runs them itself and
    sends the server only their SELECT / INSERT, so a server that receives one over SQLI has no
    such statement: -201 at its first word (offset 1)."""
    error = items.error(sql)
    assert (error.sqlcode, error.offset, error.near.upper()) == (-201, 1, sql.split()[0].upper())
