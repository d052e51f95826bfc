"""Prepared statements are reused by SQL text until the schema a session sees changes."""

from __future__ import annotations


def names(db, sql: str) -> list[str]:
    return [col[0] for col in db.describe(sql)]


def test_same_text_reuses_the_statement_and_still_reads_fresh_data(db):
    db.run("CREATE TABLE cached (k INT)")
    sql = "SELECT k FROM cached ORDER BY k"
    first = db.session.prepare(sql, 0)
    assert db.session.prepare(sql, 0) is first
    assert db.query(sql) == []
    db.run("INSERT INTO cached VALUES (1)")
    assert db.query(sql) == [(1,)]
    assert db.session.prepare(sql, 0) is first  # DML does not change the schema


def test_alter_table_redescribes_the_statement(db):
    db.run("CREATE TABLE altered (a INT)")
    assert names(db, "SELECT * FROM altered") == ["a"]
    db.run("ALTER TABLE altered ADD b VARCHAR(10)")
    assert names(db, "SELECT * FROM altered") == ["a", "b"]


def test_another_sessions_ddl_redescribes_the_statement(db, connect, dbname):
    db.run("CREATE TABLE shared_t (a INT)")
    assert names(db, "SELECT * FROM shared_t") == ["a"]
    other = connect(dbname)
    other.run("ALTER TABLE shared_t ADD c INT")
    assert names(db, "SELECT * FROM shared_t") == ["a", "c"]


def test_ddl_committed_elsewhere_during_a_transaction_is_seen_after_commit(db, connect, dbname):
    db.run("CREATE TABLE snap (a INT)")
    db.run("CREATE TABLE marks (a INT)")
    db.run("BEGIN WORK")
    db.run("INSERT INTO marks VALUES (1)")  # the transaction's snapshot starts with its first write
    assert db.query("SELECT count(*) FROM snap") == [(0,)]
    other = connect(dbname)
    other.run("ALTER TABLE snap ADD d INT")
    assert names(db, "SELECT * FROM snap") == ["a"]  # the transaction's snapshot
    db.run("COMMIT WORK")
    assert names(db, "SELECT * FROM snap") == ["a", "d"]


def test_temp_table_changes_redescribe_the_statement(db):
    db.run("CREATE TEMP TABLE scratch (a INT)")
    assert names(db, "SELECT * FROM scratch") == ["a"]
    db.run("DROP TABLE scratch")
    db.run("CREATE TEMP TABLE scratch (x INT, y INT)")
    assert names(db, "SELECT * FROM scratch") == ["x", "y"]
    db.run("RENAME COLUMN scratch.x TO z")
    assert names(db, "SELECT * FROM scratch") == ["z", "y"]


def test_dbinfo_values_are_not_frozen_at_prepare(db):
    db.run("CREATE TABLE serials (id SERIAL, v INT)")
    sql = "SELECT DBINFO('sqlca.sqlerrd1') FROM systables WHERE tabid = 1"
    db.run("INSERT INTO serials (v) VALUES (1)")
    assert db.query(sql) == [(1,)]
    db.run("INSERT INTO serials (v) VALUES (2)")
    assert db.query(sql) == [(2,)]


def test_routine_changes_reach_cached_calls(db):
    db.run("CREATE FUNCTION twice(n INT) RETURNING INT; RETURN n * 2; END FUNCTION")
    assert db.query("EXECUTE FUNCTION twice(4)") == [(8,)]
    db.run("DROP FUNCTION twice")
    db.run("CREATE FUNCTION twice(n INT) RETURNING INT; RETURN n + n + 1; END FUNCTION")
    assert db.query("EXECUTE FUNCTION twice(4)") == [(9,)]
