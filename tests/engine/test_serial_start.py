"""SERIAL(n), SERIAL8(n) and BIGSERIAL(n) start values.

Informix Guide to SQL: Reference, "SERIAL(n) data type": ``n`` is the first value the
server assigns (default 1); later values continue from the largest value in the column.
The value assigned is returned in sqlca.sqlerrd[1] (DBINFO('sqlca.sqlerrd1')) and, for the
drivers, as the cursor's lastrowid.
"""

from __future__ import annotations

import pytest

import informix_db


@pytest.mark.parametrize("declared, start", [("SERIAL(100)", 100), ("SERIAL8(7)", 7), ("BIGSERIAL(5000000000)", 5000000000)])
def test_first_value_is_the_start(db, declared, start):
    db.run(f"CREATE TABLE s (id {declared}, v INTEGER)")
    assert db.run("INSERT INTO s (v) VALUES (1)") == (1, start)
    assert db.run("INSERT INTO s (v) VALUES (2)") == (1, start + 1)
    assert db.query("SELECT DBINFO('sqlca.sqlerrd1') FROM systables WHERE tabid = 1") == [(start + 1,)]
    assert db.query("SELECT id FROM s ORDER BY id") == [(start,), (start + 1,)]


def test_explicit_value_moves_the_counter_past_the_start(db):
    db.run("CREATE TABLE s (id SERIAL(100), v INTEGER)")
    db.run("INSERT INTO s VALUES (500, 1)")
    assert db.run("INSERT INTO s (v) VALUES (2)") == (1, 501)


def test_start_survives_a_fresh_session(db, connect, dbname):
    db.run("CREATE TABLE s (id SERIAL(40), v INTEGER)")
    other = connect(dbname)
    assert other.run("INSERT INTO s (v) VALUES (1)") == (1, 40)


def test_lastrowid_follows_the_start(ifx_server):
    with informix_db.connect(**ifx_server.connect_kwargs(), database="sysmaster", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("CREATE DATABASE serial_start_lastrowid")
        cur.execute("CREATE TABLE s (id SERIAL(1000), v INTEGER)")
        cur.execute("INSERT INTO s (v) VALUES (?)", (1,))
        assert cur.lastrowid == 1000
        cur.execute("DATABASE sysmaster")
        cur.execute("DROP DATABASE serial_start_lastrowid")
