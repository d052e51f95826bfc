"""CHAR and VARCHAR trailing blanks as Informix treats them.

Informix Guide to SQL: Reference, "CHAR(n) data type": a CHAR(n) value is padded with
trailing blanks to n bytes; "VARCHAR(m,r)": trailing blanks are stored as given; character
values compare without regard to trailing blanks (the shorter is padded for the comparison);
"LENGTH function": the length excludes trailing blanks; "OCTET_LENGTH": counts every stored
byte, trailing blanks included.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def texts(db):
    return db.script("CREATE TABLE texts (c CHAR(5), v VARCHAR(10))", "INSERT INTO texts VALUES ('ab', 'ab  ')")


def test_char_is_stored_padded_and_varchar_keeps_its_blanks(texts):
    assert texts.query("SELECT c || '|', v || '|' FROM texts") == [("ab   |", "ab  |")]


def test_octet_length_counts_the_pad_and_length_excludes_it(texts):
    assert texts.query("SELECT OCTET_LENGTH(c), OCTET_LENGTH(v), LENGTH(c), LENGTH(v) FROM texts") == [(5, 4, 2, 2)]


@pytest.mark.parametrize(
    "where",
    ["c = 'ab   '", "c = 'ab'", "v = 'ab'", "v = 'ab      '", "c = v", "v IN ('x', 'ab ')", "v BETWEEN 'ab' AND 'ab'"],
)
def test_comparisons_ignore_trailing_blanks(texts, where):
    assert texts.query(f"SELECT COUNT(*) FROM texts WHERE {where}") == [(1,)]


def test_comparison_with_a_bound_value_ignores_trailing_blanks(texts):
    assert texts.query("SELECT COUNT(*) FROM texts WHERE v = ?", "ab") == [(1,)]
    assert texts.query("SELECT COUNT(*) FROM texts WHERE c = ?", "ab    ") == [(1,)]


def test_leading_blanks_still_count(texts):
    assert texts.query("SELECT COUNT(*) FROM texts WHERE c = ' ab'") == [(0,)]


def test_update_and_delete_find_rows_without_trailing_blanks(texts):
    assert texts.run("UPDATE texts SET c = 'xy' WHERE v = 'ab'") == (1, 0)
    assert texts.run("DELETE FROM texts WHERE c = 'xy   '") == (1, 0)


def test_fetched_char_is_stripped_by_the_driver_convention(texts):
    """The drivers strip CHAR values on fetch (as the peer does); VARCHAR comes back as stored."""
    assert texts.query("SELECT c, v FROM texts") == [("ab", "ab  ")]
