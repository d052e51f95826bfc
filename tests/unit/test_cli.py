"""The ifx command: statement splitting, table output, and `ifx sql --embedded` end to end."""

from __future__ import annotations

from informix_db.cli import format_table, main
from informix_db.dbapi.sqltext import split_statements


def test_split_ignores_semicolons_in_literals_and_comments():
    script = "CREATE TABLE t (a INT); INSERT INTO t VALUES ('x;y'); -- c;\nSELECT 1 {;} FROM t;"
    assert split_statements(script) == [
        "CREATE TABLE t (a INT)", "INSERT INTO t VALUES ('x;y')", "-- c;\nSELECT 1 {;} FROM t"]
    assert split_statements(" ; ;") == []


def test_format_table_aligns_and_shows_null():
    assert format_table(["id", "name"], [(1, "ab"), (22, None)]).splitlines() == [
        "+----+------+", "| id | name |", "+----+------+",
        "| 1  | ab   |", "| 22 | NULL |", "+----+------+"]


def test_ifx_sql_embedded_prints_rows(capsys):
    assert main(["sql", "--embedded", "-d", "sysmaster",
                 "SELECT tabid, tabname FROM systables WHERE tabid <= 2 ORDER BY tabid"]) == 0
    out = capsys.readouterr().out
    assert "| 1     | systables  |" in out and "(2 rows)" in out


def test_ifx_sql_reports_errors_with_status_1(capsys):
    assert main(["sql", "--embedded", "-d", "sysmaster", "SELECT * FROM no_such_table"]) == 1
    assert "-206" in capsys.readouterr().err


def test_ifx_sql_creates_a_logged_database_without_an_error(capsys, tmp_path):
    script = "CREATE DATABASE made_here WITH LOG; CREATE TABLE t (a INT); INSERT INTO t VALUES (7)"
    assert main(["sql", "--embedded", "--data", str(tmp_path), script]) == 0
    assert capsys.readouterr().err == ""
    assert main(["sql", "--embedded", "--data", str(tmp_path), "-d", "made_here", "SELECT a FROM t"]) == 0
    assert "| 7 |" in capsys.readouterr().out


def test_database_statements_run_outside_a_transaction(db_params):
    import informix_db

    params = {key: value for key, value in db_params.items() if key != "database"}
    with informix_db.connect(**params) as conn:  # autocommit off, no database yet
        cur = conn.cursor()
        cur.execute("CREATE DATABASE cli_nolog_db")
        cur.execute("CLOSE DATABASE")
        cur.execute("DATABASE cli_nolog_db")
        assert not conn.in_transaction
        cur.execute("CLOSE DATABASE")
        cur.execute("DROP DATABASE cli_nolog_db")
