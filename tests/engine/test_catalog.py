"""System catalog: systables, syscolumns, sysindexes, sysdatabases, DBINFO."""

from __future__ import annotations

from decimal import Decimal

from informix_db.types import typecodes as tc


def test_systables_catalog_rows(db):
    rows = db.query("SELECT tabid, tabname FROM systables WHERE tabid <= 25 ORDER BY tabid")
    assert [r[0] for r in rows] == list(range(1, 26))
    assert rows[:3] == [(1, "systables"), (2, "syscolumns"), (3, "sysindices")]
    assert db.describe("SELECT tabname, owner, tabid, nrows, ncols, tabtype FROM systables") == [
        ("tabname", tc.VARCHAR | tc.FLAG_NOT_NULL, 128, 0, ""),
        ("owner", tc.CHAR | tc.FLAG_NOT_NULL, 32, 0, ""),
        ("tabid", tc.SERIAL | tc.FLAG_NOT_NULL, 4, 0, ""),
        ("nrows", tc.FLOAT, 8, 0, ""),
        ("ncols", tc.SMALLINT | tc.FLAG_NOT_NULL, 2, 0, ""),
        ("tabtype", tc.CHAR | tc.FLAG_NOT_NULL, 1, 0, ""),
    ]


def test_user_tables_start_at_tabid_100(db):
    db.run("CREATE TABLE first_t (a INTEGER)")
    db.run("CREATE TABLE second_t (a INTEGER, b CHAR(3))")
    rows = db.query("SELECT tabid, tabname, owner, ncols, tabtype FROM systables WHERE tabid >= 100 ORDER BY tabid")
    assert rows == [(100, "first_t", "informix", 2 - 1, "T"), (101, "second_t", "informix", 2, "T")]


def test_temp_tables_are_not_in_systables(db):
    db.run("CREATE TEMP TABLE scratch (a INTEGER)")
    assert db.query("SELECT COUNT(*) FROM systables WHERE tabname = 'scratch'") == [(Decimal(0),)]


def test_syscolumns(db):
    db.run("CREATE TABLE t (id SERIAL NOT NULL, name VARCHAR(40), price DECIMAL(8,2), flag BOOLEAN)")
    rows = db.query(
        "SELECT c.colname, c.colno, c.coltype, c.collength FROM syscolumns c, systables t"
        " WHERE c.tabid = t.tabid AND t.tabname = 't' ORDER BY c.colno"
    )
    assert rows == [
        ("id", 1, tc.SERIAL + 256, 4),
        ("name", 2, tc.VARCHAR, 40),
        ("price", 3, tc.DECIMAL, 0x0802),
        ("flag", 4, tc.BOOLEAN, 1),
    ]


def test_sysindexes_lists_constraints_and_indexes(db):
    db.run("CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER, c INTEGER)")
    db.run("CREATE INDEX ix_bc ON t (b, c)")
    rows = db.query("SELECT idxname, idxtype, part1, part2 FROM sysindexes WHERE tabid = 100 ORDER BY idxname")
    assert rows == [(" 100_1", "U", 1, 0), ("ix_bc", "D", 2, 3)]
    assert db.query("SELECT nindexes FROM systables WHERE tabid = 100") == [(2,)]


def test_sysmaster_catalog(connect, dbname, db):
    master = connect("sysmaster")
    assert master.query("SELECT COUNT(*) FROM systables")[0][0] >= 50
    assert master.query("SELECT name FROM sysdatabases WHERE name = ?", dbname) == [(dbname,)]
    assert master.query("SELECT is_logging FROM sysdatabases WHERE name = 'sysmaster'") == [(1,)]


def test_cross_database_reference(db, dbname):
    assert db.query(f"SELECT name FROM sysmaster:sysdatabases WHERE name = '{dbname}'") == [(dbname,)]
    assert db.query("SELECT tabname FROM sysmaster:informix.systables WHERE tabid = 1") == [("systables",)]


def test_owner_qualified_names(db):
    assert db.query("SELECT t.tabname FROM informix.systables t WHERE t.tabid = 2") == [("syscolumns",)]


def test_dbinfo(db, dbname):
    (version,), = db.query("SELECT FIRST 1 DBINFO('version','full') FROM systables")
    assert "Informix" in version and "Version" in version
    assert db.query("SELECT DBINFO('dbname') FROM systables WHERE tabid = 1") == [(dbname,)]
    assert db.query("SELECT DBINFO('sessionid') FROM systables WHERE tabid = 1") == [(db.session.session_id,)]


def test_drop_table_removes_catalog_rows(db):
    db.run("CREATE TABLE t (a INTEGER)")
    db.run("DROP TABLE t")
    assert db.query("SELECT COUNT(*) FROM systables WHERE tabname = 't'") == [(0,)]
    assert db.query("SELECT COUNT(*) FROM syscolumns WHERE tabid = 100") == [(0,)]
    assert db.run("DROP TABLE IF EXISTS t") == (0, 0)


def test_sysdefaults_records_literals_and_keywords(db):
    db.run("CREATE TABLE with_defaults (a VARCHAR(10) DEFAULT 'it''s', b INTEGER DEFAULT -5,"
           " c DATE DEFAULT TODAY, d DATETIME YEAR TO SECOND DEFAULT CURRENT YEAR TO SECOND,"
           " e INTEGER DEFAULT NULL, f INTEGER)")
    rows = db.query("SELECT d.colno, d.type, d.default FROM sysdefaults d, systables t"
                    " WHERE d.tabid = t.tabid AND t.tabname = 'with_defaults' ORDER BY d.colno")
    assert rows == [(1, "L", "it's"), (2, "L", "-5"), (3, "T", None), (4, "C", None), (5, "N", None)]


def test_syschecks_is_queryable_and_empty_without_check_constraints(db):
    assert db.query("SELECT constrid, type, seqno, checktext FROM syschecks") == []
