"""End to end: what is stored comes back unchanged, or is refused before it is sent."""

from __future__ import annotations

import struct

import pytest

import informix_db as ifx


def test_char_and_varchar_values_ending_in_nul_are_refused_not_truncated(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_nul (v VARCHAR(20), c CHAR(8))")
    for value in ("ab\x00", "\x00"):
        with pytest.raises(ifx.DataError):
            cur.execute("INSERT INTO t_nul VALUES (?, ?)", (value, "x"))
        with pytest.raises(ifx.DataError):
            cur.executemany("INSERT INTO t_nul VALUES (?, ?)", [("x", "y"), ("x", value)])
    cur.execute("INSERT INTO t_nul VALUES (?, ?)", ("a\x00b", "a\x00b"))
    cur.execute("SELECT v, c FROM t_nul")
    assert cur.fetchall() == [("a\x00b", "a\x00b")]


def test_a_float_nan_with_the_null_bit_pattern_is_refused(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_nan (f FLOAT)")
    with pytest.raises(ifx.DataError):
        cur.execute("INSERT INTO t_nan VALUES (?)", (struct.unpack(">d", b"\xff" * 8)[0],))
    cur.execute("SELECT COUNT(*) FROM t_nan")
    assert cur.fetchone() == (0,)


def test_text_bound_from_a_long_str_arrives_whole(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_longtext (id INT, t TEXT)")
    text = "long text é " * 10_000  # about 120 KB
    cur.execute("INSERT INTO t_longtext VALUES (?, ?)", (1, text))
    cur.executemany("INSERT INTO t_longtext VALUES (?, ?)", [(2, text + "2"), (3, "short")])
    cur.execute("SELECT id, t FROM t_longtext ORDER BY id")
    assert cur.fetchall() == [(1, text), (2, text + "2"), (3, "short")]
