"""The Engine: Informix databases held in one DuckDB instance, one DuckDB catalog each."""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass, field

import duckdb

from . import catalog
from .errors import ISAM_NO_SUCH_FILE, SqlError
from .sqltext import DB_CATALOG_PREFIX

SYSMASTER = "sysmaster"
DEFAULT_USERS = {"informix": "in4mix"}
E_BAD_LOGIN = -951


@dataclass
class Database:
    """One Informix database: its DuckDB catalog, logging mode and id counters."""

    name: str
    logged: bool
    owner: str = catalog.OWNER
    lock: threading.Lock = field(default_factory=threading.Lock)
    serials: dict[tuple[int, str], int] = field(default_factory=dict)
    next_tabid: int = 0
    users: int = 0

    @property
    def catalog(self) -> str:
        return DB_CATALOG_PREFIX + self.name


class LockTable:
    """Row and key locks held by open transactions, so concurrent writers fail fast.

    DuckDB's optimistic concurrency does not catch every write-write conflict (a DELETE of a
    row another transaction updated, two inserts of one key), so the engine keeps Informix's
    row locks itself: a conflicting statement gets a lock error at once instead of waiting.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._owners: dict[tuple, int] = {}

    def acquire(self, owner: int, keys: list[tuple]) -> list[tuple] | None:
        """Take every key for ``owner``; the newly taken keys, or None (and nothing taken)."""
        with self._mutex:
            if any(self._owners.get(k, owner) != owner for k in keys):
                return None
            fresh = [k for k in dict.fromkeys(keys) if k not in self._owners]
            for key in fresh:
                self._owners[key] = owner
            return fresh

    def release(self, owner: int, keys) -> None:
        with self._mutex:
            for key in keys:
                if self._owners.get(key) == owner:
                    del self._owners[key]


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
        self._next_session_id = 1
        self.ddl_version = 0
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
        return existed

    def _open_sysmaster(self) -> None:
        master = Database(SYSMASTER, logged=True)
        if not self._attach(master):
            catalog.create_catalog(self._root, master.catalog, SYSMASTER, is_sysmaster=True)
            self._register(master)
            return
        rows = self._root.execute(
            f"SELECT name, is_logging, owner FROM {master.catalog}.main._ifx_databases WHERE name <> ?",
            [SYSMASTER],
        ).fetchall()
        for name, is_logging, owner in rows:
            self._attach(Database(name, bool(is_logging), owner))

    def _register(self, db: Database) -> None:
        self._root.execute(
            f"INSERT INTO {DB_CATALOG_PREFIX}{SYSMASTER}.main._ifx_databases VALUES (?, ?, ?, ?, 0)",
            [db.name, db.owner, dt.date.today(), int(db.logged)],
        )

    def database_exists(self, name: str) -> bool:
        return name.lower() in self._databases

    def database(self, name: str) -> Database:
        """The database called ``name``; -329 when there is none."""
        db = self._databases.get(name.lower())
        if db is None:
            raise SqlError(-329, ISAM_NO_SUCH_FILE, near=name.lower())
        return db

    def create_database(self, name: str, logged: bool, owner: str) -> Database:
        name = name.lower()
        with self._lock:
            if name in self._databases:
                raise SqlError(-330, -100, near=name)
            path = self._path(name)
            if path != ":memory:" and os.path.exists(path):
                os.remove(path)
            db = Database(name, logged, owner)
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
            self._root.execute(
                f"DELETE FROM {DB_CATALOG_PREFIX}{SYSMASTER}.main._ifx_databases WHERE name = ?", [db.name]
            )
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

    # ---- public API ------------------------------------------------------------------------------
    def check_login(self, user: str, password: str) -> int:
        """0 when ``user``/``password`` may connect, else the Informix error code."""
        return 0 if self.users.get(user) == password else E_BAD_LOGIN

    def session(self, user: str = catalog.OWNER):
        from .session import EngineSession

        return EngineSession(self, user)

    def close(self) -> None:
        with self._lock:
            if self._root is not None:
                self._root.close()
                self._root = None
