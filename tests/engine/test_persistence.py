"""With a data_dir, databases, declarations and rows survive an engine restart."""

from __future__ import annotations

from decimal import Decimal

from informix_db.testing.engine import Engine
from informix_db.types import typecodes as tc


def _with_session(data_dir, work, database=None):
    engine = Engine(data_dir=data_dir)
    session = engine.session()
    try:
        if database:
            session.open_database(database)
        return work(engine, session)
    finally:
        session.close()
        engine.close()


def _run(session, sql, *params):
    return session.prepare(sql, len(params)).execute(list(params))


def _query(session, sql, *params):
    return session.prepare(sql, len(params)).open(list(params)).fetch(1000)


def test_data_survives_restart(tmp_path):
    def create(engine, session):
        _run(session, "CREATE DATABASE kept WITH LOG")
        _run(session, "CREATE TABLE t (id SERIAL, price DECIMAL(8,2) NOT NULL, note LVARCHAR(300))")
        _run(session, "INSERT INTO t (price, note) VALUES (?, ?)", Decimal("9.50"), "first")
        session.begin()
        _run(session, "INSERT INTO t (price, note) VALUES (1, 'lost')")
        session.rollback()
        _run(session, "CREATE DATABASE plain")

    _with_session(tmp_path, create)

    def reopen(engine, session):
        assert engine.database_exists("kept") and engine.database_exists("plain")
        assert session.logged
        stmt = session.prepare("SELECT * FROM t", 0)
        assert [(d.name, d.type_short, d.encoded_length, d.extended_name) for d in stmt.columns] == [
            ("id", tc.SERIAL, 4, ""),
            ("price", tc.DECIMAL | tc.FLAG_NOT_NULL, 0x0802, ""),
            ("note", tc.UDTVAR, 300, "lvarchar"),
        ]
        assert stmt.open([]).fetch(10) == [(1, Decimal("9.50"), "first")]
        assert _run(session, "INSERT INTO t (price) VALUES (2)") == (1, 2)
        assert _query(session, "SELECT tabname FROM systables WHERE tabid = 100") == [("t",)]

    _with_session(tmp_path, reopen, database="kept")

    def unlogged(engine, session):
        assert not session.logged

    _with_session(tmp_path, unlogged, database="plain")


def test_dropped_database_stays_dropped(tmp_path):
    def create_and_drop(engine, session):
        _run(session, "CREATE DATABASE gone")
        _run(session, "CLOSE DATABASE")
        _run(session, "DROP DATABASE gone")

    _with_session(tmp_path, create_and_drop)
    assert not list(tmp_path.glob("gone*"))

    def check(engine, session):
        assert not engine.database_exists("gone")
        _run(session, "CREATE DATABASE gone")

    _with_session(tmp_path, check)


def test_closing_the_engine_closes_open_sessions(tmp_path):
    engine = Engine(data_dir=tmp_path)
    session = engine.session()
    _run(session, "CREATE DATABASE busy WITH LOG")
    _run(session, "CREATE TABLE t (a INTEGER)")
    session.begin()
    _run(session, "INSERT INTO t VALUES (1)")
    engine.close()

    def check(engine, session):
        assert _query(session, "SELECT COUNT(*) FROM t") == [(0,)]

    _with_session(tmp_path, check, database="busy")
