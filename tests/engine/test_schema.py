"""DDL beyond CREATE TABLE: ALTER, RENAME, views, SELECT INTO TEMP, TRUNCATE, indexes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from informix_db.types import typecodes as tc


@pytest.fixture
def table(db):
    db.run("CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(10), c DATE)")
    db.run("CREATE INDEX ix_c ON t (c)")
    db.run("INSERT INTO t VALUES (1, 'x', NULL), (2, 'y', NULL)")
    return db


def test_alter_table_add_drop_modify(table):
    table.run("ALTER TABLE t ADD (d DECIMAL(5,2) DEFAULT 1.5, e CHAR(2))")
    table.run("ALTER TABLE t DROP b")
    table.run("ALTER TABLE t MODIFY (e VARCHAR(20))")
    assert [d[:3] for d in table.describe("SELECT * FROM t")] == [
        ("a", tc.INTEGER | tc.FLAG_NOT_NULL, 4), ("c", tc.DATE, 4), ("d", tc.DECIMAL, 0x0502), ("e", tc.VARCHAR, 20),
    ]
    assert table.query("SELECT a, d, e FROM t ORDER BY a") == [(1, Decimal("1.50"), None), (2, Decimal("1.50"), None)]
    assert table.query("SELECT colname, colno FROM syscolumns WHERE tabid = 100 ORDER BY colno") == [
        ("a", 1), ("c", 2), ("d", 3), ("e", 4),
    ]
    assert table.query("SELECT idxname, part1 FROM sysindexes WHERE tabid = 100 ORDER BY idxname") == [
        (" 100_1", 1), ("ix_c", 2),
    ]


def test_alter_table_errors(table):
    assert table.error("ALTER TABLE t ADD a INTEGER").sqlcode == -328
    assert table.error("ALTER TABLE t DROP nosuch").sqlcode == -217
    assert table.error("ALTER TABLE nosuch ADD z INTEGER").sqlcode == -206
    assert table.error("ALTER TABLE t MODIFY (c DATE NOT NULL)").sqlcode == -391
    table.run("INSERT INTO t VALUES (3, 'x', NULL)")
    assert table.error("ALTER TABLE t ADD CONSTRAINT UNIQUE (b) CONSTRAINT u_b").sqlcode == -371


def test_alter_table_constraints(table):
    table.run("ALTER TABLE t ADD CONSTRAINT UNIQUE (b) CONSTRAINT u_b")
    assert table.error("INSERT INTO t VALUES (9, 'x', NULL)").sqlcode == -268
    table.run("ALTER TABLE t DROP CONSTRAINT u_b")
    table.run("INSERT INTO t VALUES (9, 'x', NULL)")
    assert table.error("ALTER TABLE t DROP CONSTRAINT u_b").sqlcode == -623


def test_rename_table_and_column(table):
    table.run("RENAME COLUMN t.b TO label")
    table.run("RENAME TABLE t TO renamed")
    assert table.query("SELECT label FROM renamed ORDER BY a") == [("x",), ("y",)]
    assert table.error("SELECT * FROM t").sqlcode == -206
    assert table.query("SELECT tabname FROM systables WHERE tabid = 100") == [("renamed",)]


def test_views(table):
    table.run("CREATE VIEW v AS SELECT a, b, a * 2 AS twice FROM t WHERE a > 1")
    table.run("CREATE VIEW counted (k, n) AS SELECT a, COUNT(*) FROM t GROUP BY a")
    assert [d[:3] for d in table.describe("SELECT * FROM v")] == [
        ("a", tc.INTEGER | tc.FLAG_NOT_NULL, 4), ("b", tc.VARCHAR, 10), ("twice", tc.INTEGER, 4),
    ]
    assert table.query("SELECT * FROM v") == [(2, "y", 4)]
    assert table.query("SELECT k, n FROM counted ORDER BY k") == [(1, 1), (2, 1)]
    assert table.query("SELECT tabname, tabtype FROM systables WHERE tabtype = 'V' ORDER BY 1") == [
        ("counted", "V"), ("v", "V"),
    ]
    assert table.error("CREATE VIEW bad AS SELECT a + 1 FROM t").sqlcode == -201
    table.run("DROP VIEW v")
    assert table.error("SELECT * FROM v").sqlcode == -206


def test_select_into_temp(table):
    stmt = table.session.prepare("SELECT a, b FROM t WHERE a > ? INTO TEMP picked WITH NO LOG", 1)
    assert stmt.columns == []
    assert stmt.execute([1]) == (1, 0)
    assert table.query("SELECT a, b FROM picked") == [(2, "y")]
    assert table.query("SELECT COUNT(*) FROM systables WHERE tabname = 'picked'") == [(0,)]


def test_truncate(table):
    assert table.run("TRUNCATE TABLE t") == (2, 0)
    assert table.query("SELECT COUNT(*) FROM t") == [(0,)]


def test_indexes(table):
    assert table.error("CREATE INDEX ix_c ON t (b)").sqlcode == -316
    assert table.error("CREATE INDEX ix_z ON t (nosuch)").sqlcode == -217
    table.run("DROP INDEX ix_c")
    assert table.error("DROP INDEX ix_c").sqlcode == -319
    table.run("CREATE UNIQUE INDEX ix_b ON t (b)")
    assert table.error("INSERT INTO t VALUES (5, 'x', NULL)").sqlcode == -239


def test_ddl_is_transactional(table):
    table.run("BEGIN WORK")
    table.run("ALTER TABLE t ADD z INTEGER")
    table.run("CREATE VIEW vz AS SELECT z FROM t")
    table.run("ROLLBACK WORK")
    assert table.error("SELECT z FROM t").sqlcode == -217
    assert table.error("SELECT * FROM vz").sqlcode == -206
