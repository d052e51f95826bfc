"""The Engine: Informix databases held in one DuckDB instance, one DuckDB catalog each."""

from __future__ import annotations

import datetime as dt
import os
import threading
import weakref

import duckdb

from . import catalog, statements
from .catalog_results import CatalogEpoch
from .databases import DEFAULT_DB_LOCALE, Database
from .errors import ISAM_NO_SUCH_FILE, SqlError
from .locks import LockTable
from .session import EngineSession
from .sqltext import DB_CATALOG_PREFIX

SYSMASTER = "sysmaster"
DEFAULT_USERS = {"informix": "in4mix"}
E_BAD_LOGIN = -951


class Engine:
    """Databases shared by all sessions; thread-safe (each session uses its own connection)."""

    def __init__(self, data_dir: str | os.PathLike | None = None, users: dict[str, str] | None = None):
        self.users = dict(DEFAULT_USERS if users is None else users)
        self.data_dir = os.fspath(data_dir) if data_dir is not None else None
        if self.data_dir:
            os.makedirs(self.data_dir, exist_ok=True)
        self._lock = threading.RLock()
        self._root = duckdb.connect(":memory:")
        self._databases: dict[str, Database] = {}
        self._sessions: weakref.WeakValueDictionary[int, EngineSession] = weakref.WeakValueDictionary()
        self._next_session_id = 1
        self.ddl_version = 0
        self.catalog_epoch = CatalogEpoch()  # committed catalog changes, for kept catalog reads
        self.locks = LockTable()
        self._open_sysmaster()

    # ---- databases --------------------------------------------------------------------------
    def _path(self, name: str) -> str:
        return os.path.join(self.data_dir, f"{name}.duckdb") if self.data_dir else ":memory:"

    def _attach(self, db: Database) -> bool:
        """Attach ``db``'s storage; True when its catalog already existed (a persisted file)."""
        path = self._path(db.name)
        existed = path != ":memory:" and os.path.exists(path)
        quoted = path.replace("'", "''")
        self._root.execute(f"ATTACH '{quoted}' AS {db.catalog}")
        self._databases[db.name] = db
        if existed:
            catalog.create_constraint_catalog(self._root, f"{db.catalog}.main")
        return existed

    def _open_sysmaster(self) -> None:
        master = Database(SYSMASTER, logged=True)
        existed = self._attach(master)
        if not existed:
            catalog.create_catalog(self._root, master.catalog, SYSMASTER, is_sysmaster=True)
        q = f"{master.catalog}.main"
        # sysmaster:sysdbslocale names each database's locale (DB_LOCALE at its creation).
        self._root.execute(f"CREATE TABLE IF NOT EXISTS {q}._ifx_db_locales (name VARCHAR, locale VARCHAR)")
        self._root.execute(
            f"CREATE VIEW IF NOT EXISTS {q}.sysdbslocale AS"
            f" SELECT name AS dbs_dbsname, locale AS dbs_collate FROM {q}._ifx_db_locales"
        )
        if not existed:
            self._register(master)
            return
        rows = self._root.execute(
            f"SELECT d.name, d.is_logging, d.owner, coalesce(l.locale, ?), d.is_ansi FROM {q}._ifx_databases d"
            f" LEFT JOIN {q}._ifx_db_locales l ON l.name = d.name WHERE d.name <> ?",
            [DEFAULT_DB_LOCALE, SYSMASTER],
        ).fetchall()
        for name, is_logging, owner, locale, is_ansi in rows:
            self._attach(Database(name, bool(is_logging), owner, locale, bool(is_ansi)))

    def _register(self, db: Database) -> None:
        q = f"{DB_CATALOG_PREFIX}{SYSMASTER}.main"
        self._root.execute(
            f"INSERT INTO {q}._ifx_databases VALUES (?, ?, ?, ?, ?)",
            [db.name, db.owner, dt.date.today(), int(db.logged), int(db.ansi)],
        )
        self._root.execute(f"INSERT INTO {q}._ifx_db_locales VALUES (?, ?)", [db.name, db.locale])

    def database_exists(self, name: str) -> bool:
        return name.lower() in self._databases

    def database(self, name: str) -> Database:
        """The database called ``name``; -329 when there is none."""
        db = self._databases.get(name.lower())
        if db is None:
            raise SqlError(-329, ISAM_NO_SUCH_FILE, near=name.lower())
        return db

    def create_database(self, name: str, logged: bool, owner: str, locale: str = DEFAULT_DB_LOCALE,
                        ansi: bool = False) -> Database:
        name = name.lower()
        with self._lock:
            if name in self._databases:
                raise SqlError(-330, -100, near=name)
            path = self._path(name)
            if path != ":memory:" and os.path.exists(path):
                os.remove(path)
            db = Database(name, logged, owner, locale, ansi=ansi)
            self._attach(db)
            catalog.create_catalog(self._root, db.catalog, name, is_sysmaster=False)
            self._register(db)
            return db

    def drop_database(self, name: str) -> None:
        with self._lock:
            db = self.database(name)
            if db.name == SYSMASTER:
                raise SqlError(-214)
            if db.users:
                raise SqlError(-425, -107, near=db.name)
            self._root.execute(f"DETACH {db.catalog}")
            del self._databases[db.name]
            for table in ("_ifx_databases", "_ifx_db_locales"):
                self._root.execute(f"DELETE FROM {DB_CATALOG_PREFIX}{SYSMASTER}.main.{table} WHERE name = ?", [db.name])
            path = self._path(db.name)
            if path != ":memory:":
                for leftover in (path, path + ".wal"):
                    if os.path.exists(leftover):
                        os.remove(leftover)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A new DuckDB connection to the shared instance (one per session)."""
        with self._lock:
            return self._root.cursor()

    def session_id(self) -> int:
        with self._lock:
            self._next_session_id += 1
            return self._next_session_id - 1

    def schema_changed(self) -> None:
        """Tell every session to drop its cached table descriptions."""
        with self._lock:
            self.ddl_version += 1

    # ---- statements (sessions reach the statement kinds through the engine) -------------------
    @staticmethod
    def prepare_statement(session: EngineSession, sql: str, nparams: int):
        """Recognise and prepare ``sql`` for ``session`` (PREPARE + DESCRIBE semantics)."""
        return statements.prepare(session, sql, nparams)

    @staticmethod
    def reusable(statement, sql: str) -> bool:
        return statements.reusable(statement, sql)

    # ---- public API ------------------------------------------------------------------------------
    def check_login(self, user: str, password: str) -> int:
        """0 when ``user``/``password`` may connect, else the Informix error code."""
        return 0 if self.users.get(user) == password else E_BAD_LOGIN

    def session(self, user: str = catalog.OWNER) -> EngineSession:
        session = EngineSession(self, user)
        with self._lock:
            self._sessions[session.session_id] = session
        return session

    def session_of(self, session_id: int) -> EngineSession | None:
        """The open session ``session_id`` (the owner of locks in the lock table), or None."""
        with self._lock:
            return self._sessions.get(session_id)

    def close(self) -> None:
        """Close every session still open (rolling back its work), then the databases."""
        with self._lock:
            sessions = list(self._sessions.values())
        for session in sessions:
            session.close()
        with self._lock:
            if self._root is not None:
                self._root.close()
                self._root = None
