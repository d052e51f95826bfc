"""The specific Informix error for each failure, not -201 or -999 as a catch-all.

Informix Error Messages: -284 a subquery has returned not exactly one row; -324 ambiguous
column name; -1214 value too large to fit in a SMALLINT; -1215 value too large to fit in an
INTEGER; -1213 character to numeric conversion error; -201 with the offending token as
near-token and its 1-based position as offset (sqlca.sqlerrd[4]).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def two(db):
    return db.script(
        "CREATE TABLE one (id INTEGER, s SMALLINT)", "CREATE TABLE other (id INTEGER)",
        "INSERT INTO one VALUES (1, 1)", "INSERT INTO one VALUES (2, 2)", "INSERT INTO other VALUES (1)",
    )


def test_subquery_with_two_rows_is_284(two):
    assert two.error("SELECT (SELECT id FROM one) FROM other").sqlcode == -284


def test_ambiguous_column_is_324(two):
    error = two.error("SELECT id FROM one, other")
    assert (error.sqlcode, error.near) == (-324, "id")


@pytest.mark.parametrize(
    "sql, code",
    [
        ("INSERT INTO one (s) VALUES (40000)", -1214),
        ("UPDATE one SET s = 40000", -1214),
        ("INSERT INTO one (id) VALUES (4000000000)", -1215),
        ("UPDATE one SET id = 4000000000", -1215),
    ],
)
def test_integer_overflow_names_the_type(two, sql, code):
    assert two.error(sql).sqlcode == code


@pytest.mark.parametrize(
    "sql, near, offset",
    [
        ("SELECT id FROM one WHERE WHERE id = 1", "WHERE", 26),
        ("SELECT id FROM one WHERE id = = 1", "=", 31),
        ("SELEC id FROM one", "SELEC", 1),
        ("SELECT 'WHERE', id FROM one WHERE WHERE", "WHERE", 35),  # the string is not the token
    ],
)
def test_syntax_error_points_at_the_token(two, sql, near, offset):
    error = two.error(sql)
    assert (error.sqlcode, error.near, error.offset) == (-201, near, offset)


@pytest.mark.parametrize("code, words", [
    (-296, "not available"),  # "Referenced table %s not available."
    (-297, "no primary key or unique constraint"),  # "Cannot find unique constraint or primary key on referenced table"
    (-393, "two subordinate tables"),  # "A condition in the where clause results in a two-sided outer join."
    (-395, "Cartesian"),  # "The where clause contains an outer Cartesian Product."
    (-396, "nested OUTER"),  # "Illegal join between a nested outer table and a preserved table."
    (-1263, "DATETIME or INTERVAL field"),  # "A field in a datetime or interval value is incorrect ..."
    (-8315, "CURRVAL"),  # "Sequence (%s) CURRVAL is not yet defined in this session."
    (-202, "character"),  # "An illegal character has been found in the statement."
])
def test_the_driver_describes_codes_as_informix_documents_them(code, words):
    """The client's text for each code says what Informix's error message file says."""
    from informix_db.protocol.errors import describe_error

    assert words in describe_error(code)[0]
