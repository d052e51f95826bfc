"""The Engine object itself: logins, databases, sessions."""

from __future__ import annotations

from informix_db.testing.engine import Engine


def test_check_login():
    engine = Engine(users={"informix": "in4mix", "app": "secret"})
    try:
        assert engine.check_login("informix", "in4mix") == 0
        assert engine.check_login("app", "secret") == 0
        assert engine.check_login("app", "wrong") == -951
        assert engine.check_login("nobody", "in4mix") == -951
    finally:
        engine.close()


def test_databases(engine, db, dbname):
    assert engine.database_exists("sysmaster")
    assert engine.database_exists(dbname) and engine.database_exists(dbname.upper())
    assert not engine.database_exists("never_created")


def test_new_session_has_no_database(connect):
    fresh = connect()
    assert (fresh.session.database, fresh.session.logged, fresh.session.in_transaction) == (None, False, False)
    fresh.session.open_database("SYSMASTER")
    assert fresh.session.database == "sysmaster"
    fresh.session.close_database()
    assert fresh.session.database is None
