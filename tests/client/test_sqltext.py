"""Placeholder scanning and numeric-to-qmark rewriting."""

import pytest

from informix_db import NotSupportedError, ProgrammingError
from informix_db.dbapi.sqltext import arrange_parameters, scan_placeholders


@pytest.mark.parametrize("sql, expected", [
    ("SELECT * FROM t WHERE a = :1 AND b = :2", "SELECT * FROM t WHERE a = ? AND b = ?"),
    ("SELECT ':1' FROM t WHERE a = :1", "SELECT ':1' FROM t WHERE a = ?"),
    ("SELECT 'it''s :1' FROM t WHERE a = :1", "SELECT 'it''s :1' FROM t WHERE a = ?"),
    ('SELECT ":1" FROM t WHERE a = :1', 'SELECT ":1" FROM t WHERE a = ?'),
    ("SELECT x::INT FROM t WHERE a = :1", "SELECT x::INT FROM t WHERE a = ?"),
    ("SELECT a -- :2 here\nFROM t WHERE a = :1", "SELECT a -- :2 here\nFROM t WHERE a = ?"),
    ("SELECT a /* :2 */ FROM t WHERE a = :1", "SELECT a /* :2 */ FROM t WHERE a = ?"),
    ("SELECT a { :2 } FROM t WHERE a = :1", "SELECT a { :2 } FROM t WHERE a = ?"),
    ("UPDATE j SET url = 'http://h:8080/x' WHERE id = :1", "UPDATE j SET url = 'http://h:8080/x' WHERE id = ?"),
])
def test_numeric_placeholders_are_rewritten_outside_literals_and_comments(sql, expected):
    wire_sql, order, count = scan_placeholders(sql)
    assert wire_sql == expected
    assert count == len(order)


def test_backslash_does_not_escape_a_quote():
    # 'a\' is a complete literal; the :1 after it is a placeholder.
    wire_sql, order, _ = scan_placeholders(r"SELECT 'a\' , :1 FROM t")
    assert wire_sql == r"SELECT 'a\' , ? FROM t" and order == (0,)


def test_qmarks_are_counted_outside_literals():
    assert scan_placeholders("SELECT '?', a FROM t WHERE a = ? -- ?\n AND b = ?") [1:] == (None, 2)


def test_numeric_parameters_are_reordered_and_repeated():
    sql, values = arrange_parameters("SELECT :2, :1, :2 FROM t", ("a", "b"))
    assert sql == "SELECT ?, ?, ? FROM t"
    assert values == ("b", "a", "b")


@pytest.mark.parametrize("sql, params", [
    ("SELECT a FROM t WHERE a = ?", ()),
    ("SELECT a FROM t WHERE a = ?", (1, 2)),
    ("SELECT a FROM t WHERE a = ?", None),
    ("SELECT a FROM t WHERE a = :1 AND b = :3", (1, 2, 3)),
    ("SELECT a FROM t WHERE a = :1 AND b = ?", (1, 2)),
    ("SELECT a FROM t WHERE a = :0", (1,)),
    ("SELECT a FROM t WHERE a = ?", "x"),
])
def test_parameter_mismatches_are_programming_errors(sql, params):
    with pytest.raises(ProgrammingError):
        arrange_parameters(sql, params)


def test_unterminated_literal_swallows_the_rest():
    assert scan_placeholders("SELECT 'abc :1")[1:] == (None, 0)


def test_dict_parameters_are_not_supported():
    with pytest.raises(NotSupportedError, match="positional"):
        arrange_parameters("SELECT a FROM t WHERE a = :a", {"a": 1})


@pytest.mark.parametrize("sql", [
    "INSERT INTO t VALUES (DATETIME(2026-01-15 09:30:00) YEAR TO SECOND)",
    "SELECT INTERVAL(12:34:56) HOUR TO SECOND FROM t",
    "SELECT x FROM t WHERE c = 'a' AND d=DATETIME(10:15) HOUR TO MINUTE",
])
def test_colons_inside_times_are_not_placeholders(sql):
    assert scan_placeholders(sql) == (sql, None, 0)


def test_numeric_placeholder_after_punctuation_is_still_found():
    assert scan_placeholders("SELECT a FROM t WHERE a=:1 OR b IN(:2)") == (
        "SELECT a FROM t WHERE a=? OR b IN(?)", (0, 1), 2)
