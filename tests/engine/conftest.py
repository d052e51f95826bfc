"""Fixtures for engine tests: an in-memory Engine and sessions wrapped in a small helper."""

from __future__ import annotations

import itertools

import pytest

from informix_db.protocol import constants as c
from informix_db.testing.engine import Engine, EngineSession, SqlError


class Db:
    """One engine session plus shorthands for running SQL through the Statement API."""

    def __init__(self, session: EngineSession):
        self.session = session

    def run(self, sql: str, *params):
        """Execute a statement; (rowcount, serial)."""
        return self.session.prepare(sql, len(params)).execute(list(params))

    def script(self, *statements: str) -> Db:
        """Run parameterless statements in order (fixture set-up); this Db."""
        for sql in statements:
            self.run(sql)
        return self

    def query(self, sql: str, *params) -> list[tuple]:
        """Every row of a query."""
        return self.session.prepare(sql, len(params)).open(list(params)).fetch(1_000_000)

    def describe(self, sql: str, nparams: int = 0) -> list[tuple]:
        """(name, type_short, encoded_length, extended_id, extended_name) per result column."""
        stmt = self.session.prepare(sql, nparams)
        return [(d.name, d.type_short, d.encoded_length, d.extended_id, d.extended_name) for d in stmt.columns]

    def error(self, sql: str, *params) -> SqlError:
        """The SqlError that preparing and running ``sql`` raises (fails if none)."""
        with pytest.raises(SqlError) as caught:
            stmt = self.session.prepare(sql, len(params))
            if stmt.stmt_type == c.STMT_SELECT:
                stmt.open(list(params)).fetch(1_000_000)
            else:
                stmt.execute(list(params))
        return caught.value


@pytest.fixture(scope="session")
def engine():
    """One engine for the whole run (starting DuckDB is the slow part); tests use their own databases."""
    eng = Engine()
    yield eng
    eng.close()


_database_numbers = itertools.count(1)


@pytest.fixture
def connect(engine):
    """Open another session (optionally on a database); all are closed after the test."""
    sessions = []

    def open_session(database: str | None = None) -> Db:
        sess = engine.session()
        sessions.append(sess)
        if database:
            sess.open_database(database)
        return Db(sess)

    yield open_session
    for sess in sessions:
        sess.close()


@pytest.fixture
def dbname() -> str:
    """A database name no other test uses."""
    return f"testdb{next(_database_numbers)}"


@pytest.fixture
def db(connect, dbname) -> Db:
    """A session whose current database is ``dbname``, a fresh database created WITH LOG."""
    first = connect()
    first.run(f"CREATE DATABASE {dbname} WITH LOG")
    return first


class ClientCursor:
    """A client driver cursor plus shorthands; other attributes are the cursor's."""

    def __init__(self, cursor):
        self.cursor = cursor

    def __getattr__(self, name):
        return getattr(self.cursor, name)

    def rows(self, sql: str, *params) -> list[tuple]:
        """Every row of a query (or of EXECUTE FUNCTION)."""
        self.cursor.execute(sql, params or None)
        return self.cursor.fetchall()

    def error(self, sql: str, *params):
        """The DatabaseError that running ``sql`` (and reading its rows) raises (fails if none)."""
        import informix_db

        with pytest.raises(informix_db.DatabaseError) as caught:
            self.cursor.execute(sql, params or None)
            if self.cursor.description:
                self.cursor.fetchall()
        return caught.value


@pytest.fixture
def client_cursor(server_params):
    """A client driver cursor (autocommit) on a new logged database of the test server."""
    import informix_db

    name = f"client_db{next(_database_numbers)}"
    with informix_db.connect(**server_params, autocommit=True) as admin:
        cur = admin.cursor()
        try:
            cur.execute(f"CREATE DATABASE {name} WITH LOG")
        except informix_db.DatabaseError as exc:
            if exc.sqlcode != -330:  # it exists: left by an earlier run against the same server
                raise
            cur.execute(f"DROP DATABASE {name}")
            cur.execute(f"CREATE DATABASE {name} WITH LOG")
    conn = informix_db.connect(**server_params, database=name, autocommit=True)
    yield ClientCursor(conn.cursor())
    conn.close()
@pytest.fixture
def accounts(db, connect, dbname):
    """Two sessions on one logged database holding acct(id PRIMARY KEY, amount): (1, 10), (2, 20);
    transactions left open are rolled back (the locking and isolation tests)."""
    db.run("CREATE TABLE acct (id INTEGER PRIMARY KEY, amount INTEGER)")
    db.run("INSERT INTO acct VALUES (1, 10)")
    db.run("INSERT INTO acct VALUES (2, 20)")
    other = connect(dbname)
    yield db, other
    for session in (db, other):
        if session.session.in_transaction:
            session.run("ROLLBACK WORK")
