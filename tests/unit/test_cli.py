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
