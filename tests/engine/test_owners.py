"""Owners: systables.owner is the creating user or the owner named, and owner.name resolves.

Informix Guide to SQL: Syntax, "Owner name" and "Summary of Lettercase Rules for Owner Names"
(ANSIOWNER unset): without an owner the creating user owns the object, stored as the user id
(in an ANSI-compliant database upshifted); an undelimited owner is stored downshifted in a
database that is not ANSI-compliant and upshifted in an ANSI-compliant one, except ``informix``,
which stays lower case; a delimited owner (``"Otho".t`` or ``'Otho'.t``) is stored as written.
In a database that is not ANSI-compliant the owner is optional and table names are unique in the
database whoever owns them; in an ANSI-compliant database another user's table must be
qualified by its owner. A name whose owner is not the table's names no table (-206).
"""

from __future__ import annotations

import pytest

from informix_db.testing.engine import SqlError


def _owner(db, name: str) -> str:
    return db.query(f"SELECT owner FROM systables WHERE tabname = '{name}'")[0][0].rstrip()


@pytest.fixture
def as_user(engine, dbname):
    """Sessions logged in as other users (closed after the test)."""
    from tests.engine.conftest import Db

    sessions = []

    def open_as(user: str, database: str = dbname) -> Db:
        session = engine.session(user)
        sessions.append(session)
        session.open_database(database)
        return Db(session)

    yield open_as
    for session in sessions:
        session.close()


def test_the_owner_is_the_creator_or_the_owner_named(db):
    db.run("CREATE TABLE plain (x INTEGER)")
    db.run("CREATE TABLE Bob.undelimited (x INTEGER)")
    db.run("CREATE TABLE 'Carol'.quoted (x INTEGER)")
    db.run('CREATE TABLE "informix".dbschema_style (x INTEGER)')
    assert _owner(db, "plain") == "informix"
    assert _owner(db, "undelimited") == "bob"  # downshifted: not an ANSI database
    assert _owner(db, "quoted") == "Carol"  # delimited: as written
    assert _owner(db, "dbschema_style") == "informix"


def test_indexes_views_sequences_and_keys_carry_their_owner(db):
    db.run("CREATE TABLE bob.t (id INTEGER PRIMARY KEY, v INTEGER)")
    db.run("CREATE INDEX carol.t_v ON bob.t (v)")
    db.run("CREATE VIEW dave.vw AS SELECT id FROM bob.t")
    db.run("CREATE SEQUENCE erin.seq")
    assert db.query("SELECT idxname, owner FROM sysindexes ORDER BY idxname") == [
        (db.query("SELECT idxname FROM sysconstraints WHERE constrtype = 'P'")[0][0], "bob"), ("t_v", "carol"),
    ]
    db.run("CREATE TABLE bob.child (id INTEGER REFERENCES bob.t, CHECK (id > 0))")
    owners = db.query("SELECT DISTINCT owner FROM sysconstraints WHERE tabid IN"
                      " (SELECT tabid FROM systables WHERE tabname IN ('t', 'child'))")
    assert owners == [("bob",)]  # keys, references and checks belong to the table's owner
    assert _owner(db, "vw") == "dave"
    assert _owner(db, "seq") == "erin"


def test_names_resolve_with_or_without_their_owner(db):
    db.run("CREATE TABLE bob.t (x INTEGER)")
    db.run("INSERT INTO bob.t VALUES (1)")
    db.run('INSERT INTO "bob".t VALUES (2)')
    db.run("INSERT INTO t VALUES (3)")  # the owner is optional in a database that is not ANSI
    assert db.query("SELECT COUNT(*) FROM BOB.t") == [(3,)]
    assert db.query("SELECT bob.t.x FROM bob.t WHERE bob.t.x = 2") == [(2,)]  # owner.table.column


def test_another_owner_names_no_table(db):
    db.run("CREATE TABLE bob.t (x INTEGER)")
    for sql in ("SELECT * FROM alice.t", "INSERT INTO alice.t VALUES (1)", "DELETE FROM alice.t",
                'SELECT * FROM "Bob".t', "DROP TABLE alice.t", "LOCK TABLE alice.t IN SHARE MODE",
                "ALTER TABLE alice.t ADD (y INTEGER)", "ALTER TABLE alice.t LOCK MODE (ROW)",
                "RENAME TABLE alice.t TO u", "RENAME COLUMN alice.t.x TO y", "CREATE INDEX ix ON alice.t (x)",
                "CREATE SYNONYM syn FOR alice.t"):
        error = db.error(sql)
        assert (error.sqlcode, error.near) == (-206, "t"), sql
    assert db.run("RENAME COLUMN bob.t.x TO y") == (0, 0)
    assert db.run("DROP TABLE bob.t") == (0, 0)


def test_table_names_are_unique_whatever_the_owner(db):
    """Not ANSI-compliant: one ``t`` per database."""
    db.run("CREATE TABLE bob.t (x INTEGER)")
    assert db.error("CREATE TABLE alice.t (x INTEGER)").sqlcode == -310


def test_another_users_table_must_be_qualified_in_an_ansi_database(connect, as_user, dbname):
    admin = connect()
    admin.run(f"CREATE DATABASE {dbname} WITH LOG MODE ANSI")
    admin.run("CREATE TABLE bob.t (x INTEGER)")
    admin.run('CREATE TABLE "bob".lower_t (x INTEGER)')
    admin.run("COMMIT WORK")
    assert _owner(admin, "t") == "BOB"  # undelimited: upshifted in an ANSI database
    assert _owner(admin, "lower_t") == "bob"
    admin.run("COMMIT WORK")
    bob = as_user("bob")
    bob.run("CREATE TABLE mine (x INTEGER)")
    assert _owner(bob, "mine") == "BOB"  # the implicit owner too
    assert bob.query("SELECT COUNT(*) FROM t") == [(0,)]  # BOB's own: no owner needed
    assert bob.query("SELECT COUNT(*) FROM bob.t") == [(0,)]
    error = bob.error("SELECT * FROM lower_t")  # owned by "bob", not by BOB
    assert (error.sqlcode, error.near) == (-206, "lower_t")
    assert bob.query('SELECT COUNT(*) FROM "bob".lower_t') == [(0,)]
    bob.run("COMMIT WORK")
    assert admin.error("SELECT * FROM mine").sqlcode == -206
    assert admin.query("SELECT COUNT(*) FROM Bob.mine") == [(0,)]
    admin.run("COMMIT WORK")
    with pytest.raises(SqlError):
        admin.run("DROP TABLE mine")
