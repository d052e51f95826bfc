"""Referential, CHECK and UNIQUE constraints, as Informix enforces and records them.

Informix Guide to SQL: Syntax, "CREATE TABLE: REFERENCES clause" and "ON DELETE CASCADE";
"CHECK clause"; "UNIQUE or DISTINCT constraints" (a unique column accepts one NULL, since
NULL counts as a value for uniqueness). Errors: -691 missing key in the referenced table,
-692 key value still referenced, -530 check constraint failed, -268 unique constraint
violated. Informix Guide to SQL: Reference, sysconstraints (constrtype R, C, P, U),
sysreferences (ptabid, delrule C cascade / R restrict) and syschecks (checktext).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def family(db):
    return db.script(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(10))",
        "CREATE TABLE child (id INTEGER, pid INTEGER REFERENCES parent ON DELETE CASCADE,"
        " qty INTEGER CHECK (qty > 0) CONSTRAINT qty_positive)",
        "CREATE TABLE pet (id INTEGER, owner INTEGER, FOREIGN KEY (owner) REFERENCES parent (id) CONSTRAINT pet_owner)",
        "INSERT INTO parent VALUES (1, 'a')",
        "INSERT INTO parent VALUES (2, 'b')",
    )


def test_orphan_insert_is_691(family):
    assert family.error("INSERT INTO child VALUES (1, 9, 5)").sqlcode == -691
    assert family.error("INSERT INTO pet VALUES (1, ?)", 9).near == "pet_owner"
    assert family.query("SELECT COUNT(*) FROM child") == [(0,)]


def test_null_foreign_key_needs_no_parent(family):
    assert family.run("INSERT INTO child VALUES (1, NULL, 1)") == (1, 0)


def test_update_to_an_orphan_is_691(family):
    family.run("INSERT INTO pet VALUES (1, 1)")
    assert family.error("UPDATE pet SET owner = 7").sqlcode == -691
    assert family.query("SELECT owner FROM pet") == [(1,)]


def test_deleting_a_referenced_parent_is_692(family):
    family.run("INSERT INTO pet VALUES (1, 2)")
    error = family.error("DELETE FROM parent WHERE id = 2")
    assert (error.sqlcode, error.near) == (-692, "pet_owner")
    assert family.error("UPDATE parent SET id = 3 WHERE id = 2").sqlcode == -692
    assert family.query("SELECT id FROM parent ORDER BY id") == [(1,), (2,)]


def test_on_delete_cascade_deletes_the_children(family):
    family.run("INSERT INTO child VALUES (1, 1, 5)")
    family.run("INSERT INTO child VALUES (2, 2, 5)")
    assert family.run("DELETE FROM parent WHERE id = 1") == (1, 0)
    assert family.query("SELECT id FROM child") == [(2,)]


def test_cascade_is_undone_with_its_statement(family):
    """A statement that fails leaves nothing behind, cascaded deletes included."""
    family.run("INSERT INTO child VALUES (1, 1, 5)")
    family.run("INSERT INTO pet VALUES (1, 1)")
    family.run("BEGIN WORK")
    assert family.error("DELETE FROM parent WHERE id = 1").sqlcode == -692
    family.run("COMMIT WORK")
    assert family.query("SELECT COUNT(*) FROM child") == [(1,)]


def test_check_violation_is_530(family):
    error = family.error("INSERT INTO child VALUES (1, 1, 0)")
    assert (error.sqlcode, error.near) == (-530, "qty_positive")
    family.run("INSERT INTO child VALUES (1, 1, 3)")
    assert family.error("UPDATE child SET qty = -3").sqlcode == -530
    assert family.run("INSERT INTO child VALUES (2, 1, NULL)") == (1, 0)  # unknown is not false


def test_alter_table_adds_and_drops_constraints(db):
    db.run("CREATE TABLE p (id INTEGER PRIMARY KEY)")
    db.run("CREATE TABLE c (pid INTEGER, n INTEGER)")
    db.run("INSERT INTO c VALUES (5, -1)")
    assert db.error("ALTER TABLE c ADD CONSTRAINT CHECK (n >= 0) CONSTRAINT n_ok").sqlcode == -530
    assert db.error("ALTER TABLE c ADD CONSTRAINT FOREIGN KEY (pid) REFERENCES p CONSTRAINT c_p").sqlcode == -691
    db.run("INSERT INTO p VALUES (5)")
    db.run("UPDATE c SET n = 0")
    db.run("ALTER TABLE c ADD CONSTRAINT (CHECK (n >= 0) CONSTRAINT n_ok, FOREIGN KEY (pid) REFERENCES p CONSTRAINT c_p)")
    assert db.error("INSERT INTO c VALUES (5, -2)").sqlcode == -530
    db.run("ALTER TABLE c DROP CONSTRAINT n_ok")
    assert db.run("INSERT INTO c VALUES (5, -2)") == (1, 0)


def test_renamed_and_dropped_columns_keep_the_catalog_consistent(db):
    db.run("CREATE TABLE p (id INTEGER PRIMARY KEY)")
    db.run("CREATE TABLE c (pid INTEGER REFERENCES p, n INTEGER CHECK (n > 0) CONSTRAINT n_pos)")
    db.run("RENAME COLUMN c.n TO amount")
    assert db.error("INSERT INTO c VALUES (NULL, 0)").near == "n_pos"
    assert db.query("SELECT checktext FROM syschecks") == [("(amount > 0)",)]
    db.run("ALTER TABLE c DROP (amount)")
    assert db.query("SELECT COUNT(*) FROM syschecks") == [(0,)]


def test_unique_column_accepts_one_null(db):
    db.run("CREATE TABLE u (a INTEGER UNIQUE, b INTEGER)")
    db.run("INSERT INTO u VALUES (NULL, 1)")
    assert db.error("INSERT INTO u VALUES (NULL, 2)").sqlcode == -268
    db.run("INSERT INTO u VALUES (1, 3)")
    assert db.error("UPDATE u SET a = NULL WHERE b = 3").sqlcode == -268


def test_temp_table_check(db):
    db.run("CREATE TEMP TABLE t (a INTEGER CHECK (a < 3))")
    assert db.error("INSERT INTO t VALUES (5)").sqlcode == -530


def test_constraints_are_in_the_catalog(family):
    rows = family.query(
        "SELECT t.tabname, c.constrtype FROM sysconstraints c, systables t"
        " WHERE c.tabid = t.tabid AND t.tabid >= 100 ORDER BY 1, 2"
    )
    assert rows == [("child", "C"), ("child", "R"), ("parent", "P"), ("pet", "R")]
    refs = family.query(
        "SELECT c.constrname, r.delrule, p.tabname FROM sysreferences r, sysconstraints c, systables p"
        " WHERE r.constrid = c.constrid AND r.ptabid = p.tabid ORDER BY r.delrule"
    )
    assert [(r[1], r[2]) for r in refs] == [("C", "parent"), ("R", "parent")]
    assert refs[1][0] == "pet_owner"
    assert family.query("SELECT checktext FROM syschecks") == [("(qty > 0)",)]


def test_dropping_the_parent_drops_the_references(family):
    family.run("DROP TABLE parent")
    assert family.run("INSERT INTO pet VALUES (1, 99)") == (1, 0)
    assert family.query("SELECT COUNT(*) FROM sysreferences") == [(0,)]


def test_references_need_a_key(db):
    """-297: "Cannot find unique constraint or primary key on referenced table" (Informix error
    messages; -296 is "Referenced table not available")."""
    db.run("CREATE TABLE nokey (id INTEGER)")
    assert db.error("CREATE TABLE c (k INTEGER REFERENCES nokey)").sqlcode == -297
    assert db.error("CREATE TABLE c (k INTEGER REFERENCES missing)").sqlcode == -206
