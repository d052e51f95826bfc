"""LIKE's escape character.

Informix Guide to SQL: Syntax, "LIKE and MATCHES condition": without an ESCAPE clause the
backslash is the escape character, so ``'a\\%b'`` matches only the text ``a%b``.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def words(db):
    db.run("CREATE TABLE words (w VARCHAR(10))")
    for word in ("a%b", "axb", "a_b", "a\\b"):
        db.run("INSERT INTO words VALUES (?)", word)
    return db


@pytest.mark.parametrize(
    "pattern, matches",
    [
        ("'a\\%b'", ["a%b"]),
        ("'a\\_b'", ["a_b"]),
        ("'a\\\\b'", ["a\\b"]),
        ("'a%b'", ["a%b", "a\\b", "a_b", "axb"]),
        ("'a!_b' ESCAPE '!'", ["a_b"]),
    ],
)
def test_backslash_is_the_default_escape(words, pattern, matches):
    assert [r[0] for r in words.query(f"SELECT w FROM words WHERE w LIKE {pattern} ORDER BY w")] == matches


def test_not_like_escapes_too(words):
    assert [r[0] for r in words.query("SELECT w FROM words WHERE w NOT LIKE 'a\\%b' ORDER BY w")] == ["a\\b", "a_b", "axb"]
