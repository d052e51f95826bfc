"""One client's view of the engine: current database, transaction, temp tables, catalog cache."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
from sqlglot.errors import SqlglotError

from . import catalog, ifxtypes
from .ddl import KeyDef
from .engine import DEFAULT_DB_LOCALE, Database, Engine
from .errors import SqlError, from_duckdb, lock_error
from .translate import CatalogColumn

TEMP_CATALOG = "temp"
STATEMENT_CACHE_SIZE = 256  # prepared statements kept per session, by SQL text


class _ClearCounted(dict):
    """The table-description cache; each clear() also makes cached statements stale."""

    clears = 0

    def clear(self) -> None:
        super().clear()
        self.clears += 1


class _TempTables(dict):
    """The session's temp tables; each change makes cached statements stale."""

    changes = 0

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.changes += 1

    def __delitem__(self, key) -> None:
        super().__delitem__(key)
        self.changes += 1

    def clear(self) -> None:
        super().clear()
        self.changes += 1


@dataclass
class TableInfo:
    """What the engine knows about one table (permanent or temp)."""

    name: str
    tabid: int
    duck_name: str  # fully qualified DuckDB name
    columns: list[CatalogColumn]
    defaults: dict[str, str | None] = field(default_factory=dict)
    keys: list[KeyDef] = field(default_factory=list)
    kind: str = "T"  # systables.tabtype: T table, V view
    serials: dict = field(default_factory=dict)  # a temp table's serial counters

    def column(self, name: str) -> CatalogColumn | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None

    @property
    def serial_column(self) -> CatalogColumn | None:
        for col in self.columns:
            if col.ifx.is_serial:
                return col
        return None


class EngineSession:
    """Used by one thread; statements run on this session's own DuckDB connection."""

    def __init__(self, engine: Engine, user: str = catalog.OWNER):
        self.engine = engine
        self.user = user
        self.db_locale = DEFAULT_DB_LOCALE  # the client's DB_LOCALE: the locale of databases it creates
        self.session_id = engine.session_id()
        self.conn = engine.connection()
        self.db: Database | None = None
        self.in_transaction = False
        self.temp_tables: dict[str, TableInfo] = _TempTables()
        self.last_serial = 0
        self.last_rowcount = 0
        self._log: list[tuple[str, list]] = []  # this transaction's writes, for statement rollback
        self._dirty = False  # the running statement wrote or failed inside DuckDB
        self._held: list[tuple] = []  # lock keys this session holds (see LockTable)
        self._ddl_pending = False  # this transaction changed the schema
        self._cache: dict[tuple[str, str], TableInfo | None] = _ClearCounted()
        self._statements: dict[tuple[str, int], object] = {}  # see prepare()
        self._statements_schema: tuple | None = None
        self._cache_version = -1
        self._thread = threading.get_ident()

    # ---- contract properties ---------------------------------------------------------------------
    @property
    def database(self) -> str | None:
        return self.db.name if self.db else None

    @property
    def logged(self) -> bool:
        return bool(self.db and self.db.logged)

    @property
    def codec(self) -> str | None:
        """Python codec of the current database's codeset; None without a database."""
        return self.db.codec if self.db else None

    # ---- databases ------------------------------------------------------------------------------------
    def open_database(self, name: str) -> None:
        """Make ``name`` the current database (-329 if unknown)."""
        if self.in_transaction:
            raise SqlError(-535)
        db = self.engine.database(name)
        self.use(db)

    def use(self, db: Database | None) -> None:
        """Switch this session's connection to ``db`` (None: no current database)."""
        if self.db is not None:
            with self.db.lock:
                self.db.users -= 1
        self.db = db
        self._cache.clear()
        if db is None:
            self.conn.execute("USE memory")
            return
        with db.lock:
            db.users += 1
        self.conn.execute(f"USE {db.catalog}")

    def close_database(self) -> None:
        if self.db is None:
            raise SqlError(-349)
        if self.in_transaction:
            raise SqlError(-759)
        self.drop_temp_tables()
        self.use(None)

    def drop_temp_tables(self) -> None:
        """Temp tables end with their database, as Informix drops them on DATABASE / CLOSE DATABASE."""
        for table in list(self.temp_tables.values()):
            self.conn.execute(f"DROP TABLE IF EXISTS {table.duck_name}")
        self.temp_tables.clear()

    def require_database(self) -> Database:
        if self.db is None:
            raise SqlError(-349)
        return self.db

    # ---- statements -----------------------------------------------------------------------------------
    def prepare(self, sql: str, nparams: int = 0):
        """A Statement for ``sql``; SqlError for syntax and unknown objects, as PREPARE does.

        Translating and describing a statement costs milliseconds, so queries and DML are kept
        by SQL text and reused until anything this session knows about the schema changes.
        """
        from .statements import prepare, reusable

        self._check_cache()  # DDL committed by any session clears the table cache
        schema = (self.database, self._cache.clears, self.temp_tables.changes)
        if schema != self._statements_schema:
            self._statements.clear()
            self._statements_schema = schema
        key = (sql, nparams)
        statement = self._statements.get(key)
        if statement is not None:
            return statement
        try:
            statement = prepare(self, sql, nparams)
        except SqlglotError:
            raise SqlError(-201) from None
        if reusable(statement, sql):
            if len(self._statements) >= STATEMENT_CACHE_SIZE:
                del self._statements[next(iter(self._statements))]
            self._statements[key] = statement
        return statement

    # ---- transactions ---------------------------------------------------------------------------------
    def begin(self) -> None:
        db = self.require_database()
        if not db.logged:
            raise SqlError(-256)
        if self.in_transaction:
            raise SqlError(-535)
        self.conn.execute("BEGIN TRANSACTION")
        self.in_transaction = True
        self._log = []

    def lock(self, keys: list[tuple], verb: str) -> None:
        """Lock rows/keys for the running statement; a lock error if another session holds one."""
        fresh = self.engine.locks.acquire(self.session_id, keys)
        if fresh is None:
            raise lock_error(verb)
        self._held.extend(fresh)

    def _release_locks(self, since: int = 0) -> None:
        self.engine.locks.release(self.session_id, self._held[since:])
        del self._held[since:]

    def _end_transaction(self) -> None:
        self.in_transaction = False
        if self._ddl_pending:
            self._ddl_pending = False
            self.engine.schema_changed()

    def commit(self) -> None:
        if not self.in_transaction:
            raise SqlError(-255)
        self._end_transaction()
        self._log = []
        self._release_locks()
        try:
            self.conn.execute("COMMIT")
        except duckdb.Error as exc:
            self._quiet_rollback()
            raise from_duckdb(exc, "update") from None
        finally:
            self._cache.clear()

    def rollback(self) -> None:
        if not self.in_transaction:
            raise SqlError(-255)
        self._end_transaction()
        self._log = []
        self._cache.clear()
        self._release_locks()
        self._quiet_rollback()
        self._prune_temp_tables()

    def _prune_temp_tables(self) -> None:
        """Forget temp tables a rollback took away."""
        if not self.temp_tables:
            return
        alive = {r[0] for r in self.conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'").fetchall()}
        for name in [n for n in self.temp_tables if n not in alive]:
            del self.temp_tables[name]

    def _quiet_rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except duckdb.Error:
            pass

    def run(self, work: Callable[[], object], verb: str = "select", read_only: bool = False):
        """Run one statement's ``work`` atomically: autocommit outside a transaction,
        statement-level rollback inside one (DuckDB itself aborts the whole transaction)."""
        if not self.in_transaction:
            if read_only:
                try:
                    return work()
                except duckdb.Error as exc:
                    raise from_duckdb(exc, verb) from None
            self.conn.execute("BEGIN TRANSACTION")
            try:
                result = work()
                self.conn.execute("COMMIT")
                return result
            except duckdb.Error as exc:
                self._quiet_rollback()
                raise from_duckdb(exc, verb) from None
            except BaseException:
                self._quiet_rollback()
                raise
            finally:
                self._release_locks()
        mark = len(self._log)
        held = len(self._held)
        self._dirty = False
        try:
            return work()
        except duckdb.Error as exc:
            self._release_locks(held)
            self._restore(mark)
            raise from_duckdb(exc, verb) from None
        except BaseException:
            self._release_locks(held)
            if self._dirty:
                self._restore(mark)
            raise

    def _restore(self, mark: int) -> None:
        """Undo the failed statement: restart the transaction and replay the earlier writes."""
        self._quiet_rollback()
        self._cache.clear()
        replay = self._log[:mark]
        self._log = []
        self.conn.execute("BEGIN TRANSACTION")
        try:
            for sql, params in replay:
                self.write(sql, params)
        except duckdb.Error:
            # Another session's commit now conflicts with this transaction: it is lost.
            self._quiet_rollback()
            self.in_transaction = False
            self._log = []
            self._release_locks()
            raise SqlError(-267) from None

    def write(self, sql: str, params: list | None = None, many: bool = False):
        """Execute a statement that changes data, remembering it for statement rollback."""
        self._dirty = True
        if many:
            result = self.conn.executemany(sql, params)
        else:
            result = self.conn.execute(sql, params or [])
        if self.in_transaction:
            if many:
                self._log.extend((sql, list(p)) for p in params)
            else:
                self._log.append((sql, list(params or [])))
        return result

    def read(self, sql: str, params: list | None = None):
        self._dirty = True  # a failing read also aborts the DuckDB transaction
        return self.conn.execute(sql, params or [])

    # ---- catalog ------------------------------------------------------------------------------------------
    def _check_cache(self) -> None:
        if self._cache_version != self.engine.ddl_version:
            self._cache.clear()
            self._cache_version = self.engine.ddl_version

    def table(self, name: str, catalog_name: str | None = None) -> TableInfo | None:
        """The table ``name`` (temp tables first), or None."""
        name = name.lower()
        if catalog_name is None and name in self.temp_tables:
            return self.temp_tables[name]
        if catalog_name is None:
            if self.db is None:
                return None
            catalog_name = self.db.catalog
        self._check_cache()
        key = (catalog_name, name)
        if key not in self._cache:
            self._cache[key] = self._load_table(catalog_name, name)
        return self._cache[key]

    def forget_tables(self) -> None:
        """Drop cached table descriptions after DDL (others are told when the DDL commits)."""
        self._cache.clear()
        self._ddl_pending = self._ddl_pending or self.in_transaction

    def _load_table(self, catalog_name: str, name: str) -> TableInfo | None:
        q = f"{catalog_name}.main"
        try:
            found = self.conn.execute(f"SELECT tabid, tabtype FROM {q}._ifx_tables WHERE tabname = ?", [name]).fetchone()
        except duckdb.CatalogException:
            return None
        if found is None:
            return None
        tabid, kind = found
        rows = self.conn.execute(
            f"SELECT colname, typetext, nullable, default_sql FROM {q}._ifx_columns WHERE tabid = ? ORDER BY colno",
            [tabid],
        ).fetchall()
        if not rows:
            return None
        columns = [CatalogColumn(r[0], ifxtypes.parse_type(r[1]), r[2]) for r in rows]
        defaults = {r[0]: r[3] for r in rows}
        keys = [
            KeyDef({"P": "P", "U": "U"}.get(constr or "", "I"), colnames.split(","), idxname)
            for idxname, colnames, constr in self.conn.execute(
                f"SELECT idxname, (SELECT string_agg(c.colname, ',' ORDER BY pos) FROM"
                f" (SELECT unnest(string_split(colnos, ',')) AS colno, generate_subscripts(string_split(colnos, ','), 1) AS pos) k"
                f" JOIN {q}._ifx_columns c ON c.tabid = i.tabid AND c.colno = CAST(k.colno AS INTEGER)),"
                f" constrtype FROM {q}._ifx_indexes i WHERE tabid = ? AND idxtype = 'U'",
                [tabid],
            ).fetchall()
        ]
        return TableInfo(name, tabid, f'{catalog_name}.main."{name}"', columns, defaults, keys, kind)

    def routine(self, name: str):
        """The user routine ``name`` of the current database (cached like tables), or None."""
        from . import routines

        self._check_cache()
        key = ("routine", name)
        if key not in self._cache:
            self._cache[key] = routines.find(self, name)
        return self._cache[key]

    def resolve_columns(self, catalog_name: str | None, name: str) -> list[CatalogColumn] | None:
        table = self.table(name, catalog_name)
        return table.columns if table else None

    def close(self) -> None:
        """End the session: roll back an open transaction, drop temp tables, release the connection."""
        if self.conn is None:
            return
        try:
            if self.in_transaction:
                self.in_transaction = False
                self._quiet_rollback()
            self._release_locks()
            self.drop_temp_tables()
            self.use(None)
        except duckdb.Error:
            pass
        finally:
            self.conn.close()
            self.conn = None
