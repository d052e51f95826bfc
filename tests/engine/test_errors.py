"""Errors carry the Informix sqlcode, ISAM code and near-token a real server reports."""

from __future__ import annotations

import pytest

from informix_db.testing.engine import SqlError


@pytest.fixture
def table(db):
    db.run("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, n INTEGER)")
    db.run("INSERT INTO t VALUES (1, 'one', 10)")
    return db


def codes(err: SqlError) -> tuple[int, int, str]:
    return err.sqlcode, err.isamcode, err.near


@pytest.mark.parametrize(
    "sql",
    ["SELEKT 1 FROM systables", "SELECT FROM WHERE", "SELECT 1 FROM systables WHERE", "INSERT t VALUES"],
)
def test_syntax_errors(db, sql):
    assert db.error(sql).sqlcode == -201


def test_bare_placeholder_in_select_list(db):
    assert db.error("SELECT ? FROM systables WHERE tabid = 1", 1).sqlcode == -201


def test_unknown_table(db):
    assert codes(db.error("SELECT * FROM nosuch")) == (-206, -111, "nosuch")
    assert codes(db.error("INSERT INTO nosuch VALUES (1)")) == (-206, -111, "nosuch")
    assert codes(db.error("UPDATE nosuch SET a = 1")) == (-206, -111, "nosuch")
    assert codes(db.error("DROP TABLE nosuch")) == (-206, -111, "nosuch")


def test_unknown_column(table):
    assert codes(table.error("SELECT nosuch FROM t")) == (-217, 0, "nosuch")
    assert codes(table.error("SELECT id FROM t WHERE bogus = 1")) == (-217, 0, "bogus")
    assert codes(table.error("INSERT INTO t (id, bogus) VALUES (1, 2)")) == (-217, 0, "bogus")
    assert codes(table.error("UPDATE t SET bogus = 1")) == (-217, 0, "bogus")


def test_duplicate_primary_key_is_268(table):
    err = table.error("INSERT INTO t VALUES (1, 'again', 0)")
    assert (err.sqlcode, err.isamcode) == (-268, -100)


def test_duplicate_unique_constraint_and_index(db):
    db.run("CREATE TABLE t (a INTEGER UNIQUE, b INTEGER)")
    db.run("CREATE UNIQUE INDEX ix_b ON t (b)")
    db.run("INSERT INTO t VALUES (1, 1)")
    assert (db.error("INSERT INTO t VALUES (1, 2)").sqlcode) == -268
    err = db.error("INSERT INTO t VALUES (2, 1)")
    assert (err.sqlcode, err.isamcode, err.near) == (-239, -100, "ix_b")
    db.run("INSERT INTO t VALUES (2, 2)")
    assert db.error("UPDATE t SET b = 1").sqlcode == -239
    assert db.error("UPDATE t SET a = 1 WHERE a = 2").sqlcode == -268
    assert db.query("SELECT a, b FROM t ORDER BY a") == [(1, 1), (2, 2)]


def test_null_into_not_null(table):
    assert codes(table.error("INSERT INTO t VALUES (2, NULL, 0)")) == (-391, 0, "name")
    assert codes(table.error("INSERT INTO t (id, name) VALUES (?, ?)", 2, None)) == (-391, 0, "name")
    assert codes(table.error("INSERT INTO t (id) VALUES (3)")) == (-391, 0, "name")
    assert codes(table.error("UPDATE t SET name = NULL")) == (-391, 0, "name")


def test_division_by_zero(db):
    assert db.error("SELECT 1/0 FROM systables WHERE tabid = 1").sqlcode == -1202
    assert db.error("SELECT tabid / (tabid - 1) FROM systables WHERE tabid = 1").sqlcode == -1202


def test_conversion_errors(db):
    db.run("CREATE TABLE t (i INTEGER, day DATE, ts DATETIME YEAR TO SECOND, s SMALLINT)")
    assert db.error("SELECT 'x'::INT FROM systables WHERE tabid = 1").sqlcode == -1213
    assert db.error("SELECT ?::INT FROM systables WHERE tabid = 1", 2**40).sqlcode == -1215
    assert db.error("SELECT ?::INT FROM systables WHERE tabid = 1", "abc").sqlcode == -1213
    assert db.error("INSERT INTO t (i) VALUES (?)", "abc").sqlcode == -1213
    assert db.error("INSERT INTO t (s) VALUES (?)", 70000).sqlcode == -1214  # SMALLINT's own code
    assert db.error("INSERT INTO t (day) VALUES (?)", "2026-13-45").sqlcode == -1218
    assert db.error("INSERT INTO t (ts) VALUES (?)", "yesterday").sqlcode == -1264
    assert db.error("SELECT * FROM t WHERE i = ?", "abc").sqlcode == -1213


def test_unterminated_string(db):
    assert db.error("SELECT 'abc FROM systables").sqlcode == -282
    assert db.error(r"SELECT 'a\'b' FROM systables").sqlcode == -282


def test_create_existing_table(table):
    assert codes(table.error("CREATE TABLE t (a INTEGER)"))[0] == -310
    assert table.run("CREATE TABLE IF NOT EXISTS t (a INTEGER)") == (0, 0)


def test_database_errors(db, dbname, connect):
    assert codes(db.error("DATABASE nosuchdb")) == (-329, -111, "nosuchdb")
    with pytest.raises(SqlError) as caught:
        db.session.open_database("nosuchdb")
    assert codes(caught.value) == (-329, -111, "nosuchdb")
    assert db.error(f"CREATE DATABASE {dbname}").sqlcode == -330
    fresh = connect()
    assert fresh.error("SELECT 1 FROM systables").sqlcode == -349
    assert fresh.error("CREATE TABLE x (a INT)").sqlcode == -349


def test_wrong_number_of_parameters(db):
    assert db.error("SELECT tabid FROM systables WHERE tabid = ?").sqlcode == -254


def test_insert_value_count_mismatch(table):
    assert table.error("INSERT INTO t (id, name) VALUES (1)").sqlcode == -236


def test_errors_leave_the_session_usable(table):
    table.error("SELECT nosuch FROM t")
    table.error("SELECT 1/0 FROM t")
    assert table.query("SELECT id FROM t") == [(1,)]


def test_only_question_mark_placeholders(db):
    assert db.error("SELECT tabname FROM systables WHERE tabid = :1").sqlcode == -201
    assert db.error("SELECT tabname FROM systables WHERE tabid = :id").sqlcode == -201


def test_a_unique_violation_names_the_constraint_or_its_columns(db):
    db.run("CREATE TABLE tu (id INTEGER PRIMARY KEY, a INTEGER UNIQUE, b INTEGER, c INTEGER,"
           " CONSTRAINT u_bc UNIQUE (b, c))")
    db.run("CREATE TEMP TABLE tt (k INTEGER UNIQUE)")
    db.run("INSERT INTO tu VALUES (1, 1, 1, 1)")
    db.run("INSERT INTO tt VALUES (1)")
    assert db.error("INSERT INTO tu VALUES (1, 2, 2, 2)").near == "tu (id)"
    assert db.error("INSERT INTO tu VALUES (2, 1, 2, 2)").near == "tu (a)"
    assert db.error("INSERT INTO tu VALUES (3, 3, 1, 1)").near == "u_bc"
    assert db.error("INSERT INTO tt VALUES (1)").near == "tt (k)"
    db.run("INSERT INTO tu VALUES (2, 2, 2, 2)")
    assert db.error("UPDATE tu SET a = 1").near == "tu (a)"
