"""Values the server could not send back are refused at INSERT, never stored.

Informix Guide to SQL: Reference, "INTERVAL data type": the leading field holds at most its
declared precision of digits (DAY(2): 99 days), a larger value overflows (-1265). "CHAR(n)":
n counts bytes of the database's codeset, so in a UTF-8 database a longer value is cut at
the last whole character within n bytes (non-ANSI databases truncate without error).
Character data on the wire starts with NUL only for NULL (PROTOCOL.md §5), so a text value
starting with NUL is refused (-202).
"""

from __future__ import annotations

import datetime as dt

import pytest

import informix_db


@pytest.mark.parametrize(
    "declared, value",
    [
        ("INTERVAL DAY(2) TO DAY", dt.timedelta(days=100)),
        ("INTERVAL HOUR TO SECOND", dt.timedelta(hours=100)),
        ("INTERVAL MONTH(3) TO MONTH", "1000"),
        ("INTERVAL YEAR(2) TO MONTH", "100-01"),
    ],
)
def test_interval_beyond_its_leading_precision_is_1265(db, declared, value):
    db.run(f"CREATE TABLE t (i {declared})")
    assert db.error("INSERT INTO t VALUES (?)", value).sqlcode == -1265
    assert db.query("SELECT COUNT(*) FROM t") == [(0,)]


def test_interval_within_its_leading_precision(db):
    db.run("CREATE TABLE t (i INTERVAL DAY(2) TO DAY)")
    db.run("INSERT INTO t VALUES (?)", dt.timedelta(days=-99))
    assert db.query("SELECT i FROM t") == [(dt.timedelta(days=-99),)]


def test_text_starting_with_nul_is_refused(db):
    db.run("CREATE TABLE t (v VARCHAR(10))")
    assert db.error("INSERT INTO t VALUES (?)", "\x00abc").sqlcode == -202


def test_char_counts_bytes_of_a_utf8_database(connect, dbname):
    first = connect()
    first.session.db_locale = "en_US.utf8"
    first.run(f"CREATE DATABASE {dbname} WITH LOG")
    first.run("CREATE TABLE t (c CHAR(3), v VARCHAR(3))")
    first.run("INSERT INTO t VALUES (?, ?)", "ééé", "aéé")
    assert first.query("SELECT c, v FROM t") == [("é", "aé")]


def test_rows_stay_readable_through_the_driver(ifx_server):
    """Before, these INSERTs succeeded and every later SELECT failed with -999."""
    with informix_db.connect(**ifx_server.connect_kwargs(), database="sysmaster", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("CREATE DATABASE unreturnable_values")
        cur.execute("CREATE TABLE t (i INTERVAL DAY(2) TO DAY, v VARCHAR(10))")
        with pytest.raises(informix_db.DatabaseError) as interval:
            cur.execute("INSERT INTO t (i) VALUES (?)", (dt.timedelta(days=1000),))
        with pytest.raises(informix_db.DatabaseError) as nul:
            cur.execute("INSERT INTO t (v) VALUES (?)", ("\x00abc",))
        assert (interval.value.sqlcode, nul.value.sqlcode) == (-1265, -202)
        cur.execute("SELECT COUNT(*) FROM t")
        assert cur.fetchall() == [(0,)]
        cur.execute("DATABASE sysmaster")
        cur.execute("DROP DATABASE unreturnable_values")
