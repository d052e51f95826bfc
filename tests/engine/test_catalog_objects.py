"""What the system catalog records of constraints, indexes, views and sequences.

Informix Guide to SQL: Reference, "System catalog tables":
- sysconstraints: ``constrid`` is a SERIAL, unique in the database; each primary-key, unique and
  referential constraint names its index (``idxname``); the database server creates an index on a
  referential constraint's columns (named `` <tabid>_<constrid>`` when generated).
- sysindexes: ``part1``..``part16`` hold the column numbers of the index key, negative for a
  column in descending order.
- sysviews: the CREATE VIEW statement, in rows of 64 characters (``viewtext`` CHAR(64)) numbered by
  ``seqno`` from 0.
- syschecks: a check constraint's condition with its parentheses, in rows of 32 characters.
- systables: a sequence is listed with ``tabtype`` 'Q'; syssequences holds its start and increment.
Informix SQL syntax: ``CREATE INDEX IF NOT EXISTS`` does nothing when the index exists; INSERT,
UPDATE and DELETE have no RETURNING clause (-201); DECIMAL divided by DECIMAL is a DECIMAL.
"""

from __future__ import annotations

from decimal import Decimal

from informix_db.types import typecodes as tc


def test_constraint_ids_are_unique_in_the_database(db):
    db.script(
        "CREATE TABLE parent (id INT PRIMARY KEY, code CHAR(4) UNIQUE)",
        "CREATE TABLE child (id INT PRIMARY KEY, pid INT, CHECK (pid > 0) CONSTRAINT ck_pid,"
        " FOREIGN KEY (pid) REFERENCES parent (id) CONSTRAINT fk_parent)",
    )
    rows = db.query("SELECT constrid, constrname, constrtype FROM sysconstraints ORDER BY constrid")
    ids = [r[0] for r in rows]
    assert len(set(ids)) == len(ids) == 5
    assert sorted(r[2] for r in rows) == ["C", "P", "P", "R", "U"]
    assert {r[1] for r in rows} >= {"ck_pid", "fk_parent"}


def test_a_referential_constraint_has_an_index_on_its_columns(db):
    db.script(
        "CREATE TABLE parent (id INT PRIMARY KEY)",
        "CREATE TABLE child (id INT, pid INT, FOREIGN KEY (pid) REFERENCES parent (id) CONSTRAINT fk_parent)",
    )
    rows = db.query(
        "SELECT c.idxname, i.idxtype, i.part1, i.part2, c.constrid FROM sysconstraints c, sysindexes i"
        " WHERE c.constrname = 'fk_parent' AND i.idxname = c.idxname AND i.tabid = c.tabid"
    )
    assert len(rows) == 1
    idxname, idxtype, part1, part2, constrid = rows[0]
    assert (idxtype, part1, part2) == ("D", 2, 0)
    tabid = db.query("SELECT tabid FROM systables WHERE tabname = 'child'")[0][0]
    assert idxname == f" {tabid}_{constrid}"
    db.run("ALTER TABLE child DROP CONSTRAINT fk_parent")
    assert db.query(f"SELECT count(*) FROM sysindexes WHERE tabid = {tabid}") == [(0,)]


def test_descending_index_columns_are_negative_parts(db):
    db.script("CREATE TABLE t (a INT, b INT, c INT)", "CREATE INDEX ix_t ON t (a, c DESC, b ASC)")
    assert db.query("SELECT part1, part2, part3, part4 FROM sysindexes WHERE idxname = 'ix_t'") == [(1, -3, 2, 0)]
    db.run("ALTER TABLE t ADD (z INT BEFORE a)")
    assert db.query("SELECT part1, part2, part3 FROM sysindexes WHERE idxname = 'ix_t'") == [(2, -4, 3)]


def test_create_index_if_not_exists_on_an_existing_index_does_nothing(db):
    db.script("CREATE TABLE t (a INT, b INT)", "CREATE INDEX ix_t ON t (a)")
    db.run("CREATE INDEX IF NOT EXISTS ix_t ON t (b)")
    assert db.query("SELECT part1 FROM sysindexes WHERE idxname = 'ix_t'") == [(1,)]
    assert db.error("CREATE INDEX ix_t ON t (b)").sqlcode == -316


def test_sysviews_holds_the_view_text_in_64_character_rows(db):
    create = (
        "CREATE VIEW wide AS SELECT a, b FROM t WHERE a > 1 AND b < 1000000"
        " AND a + b > 12345678 AND a IS NOT NULL"
    )
    db.script("CREATE TABLE t (a INT, b INT)", create)
    rows = db.query(
        "SELECT v.seqno, v.viewtext FROM sysviews v, systables t WHERE v.tabid = t.tabid"
        " AND t.tabname = 'wide' ORDER BY v.seqno"
    )
    assert [r[0] for r in rows] == [0, 1]
    assert [len(r[1]) <= 64 for r in rows] == [True, True]
    assert rows[0][1] == create[:64].rstrip()
    assert rows[1][1] == create[64:]
    db.run("DROP VIEW wide")
    assert db.query("SELECT count(*) FROM sysviews") == [(0,)]


def test_sequences_are_listed_in_systables_and_syssequences(db):
    db.run("CREATE SEQUENCE seq_a INCREMENT BY 5 START WITH 100")
    assert db.query("SELECT tabtype FROM systables WHERE tabname = 'seq_a'") == [("Q",)]
    assert db.query(
        "SELECT s.start_val, s.inc_val FROM syssequences s, systables t WHERE s.tabid = t.tabid"
        " AND t.tabname = 'seq_a'"
    ) == [(100, 5)]
    assert db.query("SELECT seq_a.NEXTVAL FROM systables WHERE tabid = 1") == [(100,)]
    assert db.error("CREATE TABLE seq_a (x INT)").sqlcode == -310
    db.run("DROP SEQUENCE seq_a")
    assert db.query("SELECT count(*) FROM systables WHERE tabname = 'seq_a'") == [(0,)]


def test_returning_is_a_syntax_error(db):
    db.run("CREATE TABLE t (a INT)")
    for sql in ("INSERT INTO t VALUES (1) RETURNING a", "UPDATE t SET a = 2 RETURNING a", "DELETE FROM t RETURNING a"):
        error = db.error(sql)
        assert (error.sqlcode, error.near, error.offset) == (-201, "RETURNING", sql.index("RETURNING") + 1)
    assert db.query("SELECT count(*) FROM t") == [(0,)]


def test_a_quotient_of_decimals_is_a_decimal(db):
    db.script("CREATE TABLE t (n INT, d DECIMAL(10,2), e DECIMAL(8,1), f FLOAT)",
              "INSERT INTO t VALUES (3, 5.52, 2.4, 1.5)")
    described = db.describe("SELECT d / e, n / d, d / f FROM t")
    assert [d[1] for d in described] == [tc.DECIMAL, tc.DECIMAL, tc.FLOAT]
    assert db.query("SELECT d / e FROM t") == [(Decimal("2.3"),)]


def test_syschecks_holds_the_condition_in_32_character_rows(db):
    db.run("CREATE TABLE t (n INT, CHECK (n > 0 AND n < 1000 AND n <> 555 AND n <> 777) CONSTRAINT ck_n)")
    rows = db.query(
        "SELECT k.seqno, k.checktext FROM syschecks k, sysconstraints c WHERE k.constrid = c.constrid"
        " AND c.constrname = 'ck_n' AND k.type = 'T' ORDER BY k.seqno"
    )
    assert [r[0] for r in rows] == [0, 1]
    assert "".join(r[1].ljust(32) for r in rows[:-1]) + rows[-1][1] == "(n > 0 AND n < 1000 AND n <> 555 AND n <> 777)"
