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


def test_character_lengths_count_bytes_in_a_utf8_database():
    from informix_db.testing import EmbeddedServer

    utf8 = {"client_locale": "en_US.utf8", "env": {"DB_LOCALE": "en_US.utf8"}}
    with EmbeddedServer() as srv, ifx.connect(**srv.connect_kwargs(), autocommit=True, **utf8) as conn:
        cur = conn.cursor()
        cur.execute("CREATE DATABASE bytes_utf8 WITH LOG")
        cur.execute("CREATE TABLE t (v VARCHAR(4), c CHAR(4), n NVARCHAR(4), l LVARCHAR(4))")
        cur.execute("INSERT INTO t VALUES (?, ?, ?, ?)", ("ééé",) * 4)  # 6 bytes: 2 characters fit
        cur.execute("INSERT INTO t VALUES ('€€', '€€', '€€', '€€')")  # 6 bytes: 1 character fits
        cur.execute("INSERT INTO t VALUES (?, ?, ?, ?)", ("aé€",) * 4)  # 6 bytes: 'aé' fits
        cur.execute("SELECT v, c, n, l FROM t")
        assert cur.fetchall() == [("éé",) * 4, ("€",) * 4, ("aé",) * 4]


def test_character_lengths_count_latin1_bytes_in_a_default_database(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_latin (v VARCHAR(4))")
    cur.execute("INSERT INTO t_latin VALUES (?)", ("ééééé",))
    cur.execute("SELECT v FROM t_latin")
    assert cur.fetchall() == [("éééé",)]
