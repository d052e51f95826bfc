"""ALTER TABLE ADD (column BEFORE other): the new column takes that place.

Informix Guide to SQL: Syntax, "ALTER TABLE: ADD Column clause": ``BEFORE column`` puts the
new column in front of the named one (SELECT * and syscolumns.colno follow); an unknown
column there is -217.
"""

from __future__ import annotations


def test_added_column_goes_before_the_named_one(db):
    db.script(
        "CREATE TABLE t (a INTEGER NOT NULL, c INTEGER DEFAULT 7)",
        "INSERT INTO t VALUES (1, 3)",
        "ALTER TABLE t ADD (b VARCHAR(5) BEFORE c)",
        "INSERT INTO t (a) VALUES (2)",
    )
    assert db.query("SELECT * FROM t ORDER BY a") == [(1, None, 3), (2, None, 7)]  # default kept
    assert db.query("SELECT colname FROM syscolumns WHERE tabid >= 100 ORDER BY colno") == [("a",), ("b",), ("c",)]
    assert db.error("INSERT INTO t (c) VALUES (2)").sqlcode == -391  # NOT NULL kept
    assert db.error("ALTER TABLE t ADD z INTEGER BEFORE nosuch").sqlcode == -217


def test_temp_table_too(db):
    db.script("CREATE TEMP TABLE tt (a INTEGER, c INTEGER)", "ALTER TABLE tt ADD (b INTEGER BEFORE c)")
    assert [d[0] for d in db.describe("SELECT * FROM tt")] == ["a", "b", "c"]
