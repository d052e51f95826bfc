"""One client's view of the engine: current database, transaction, temp tables, catalog cache."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
from sqlglot.errors import SqlglotError

from . import catalog, catalog_results, columnar, dbdate, ifxtypes, routines, sqltext
from .databases import DEFAULT_DB_LOCALE, Database
from .ddl import ForeignKey, KeyDef
from .errors import SqlError, from_duckdb, lock_error
from .levels import COMMITTED_READ, DIRTY_READ, REPEATABLE_READ
from .locks import EXCLUSIVE
from .translate import CatalogColumn

TEMP_CATALOG = "temp"
CLOSE_WAIT_SECONDS = 5.0  # how long close() waits for the session's running request
STATEMENT_CACHE_SIZE = 256  # prepared statements kept per session, by SQL text
ARROW_BATCH_VIEW = "_ifx_arrow_batch"  # the name a batch of rows has while it is inserted
E_NO_SAVEPOINT = -201  # ROLLBACK TO / RELEASE of a savepoint this transaction has not set [?: Informix's code]
E_SAVEPOINT_EXISTS = -201  # SAVEPOINT ... UNIQUE of a name already set [?: Informix's code]


class _ClearCounted(dict):
    """The table-description cache; each clear() also makes cached statements stale."""

    clears = 0
    loads = 0  # descriptions stored; a transaction that stored some drops them at its end

    def clear(self) -> None:
        super().clear()
        self.clears += 1

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.loads += 1


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
    foreign_keys: list[ForeignKey] = field(default_factory=list)  # this table's references to parents
    referenced_by: list[tuple[str, ForeignKey]] = field(default_factory=list)  # (child table, its key)
    checks: list[tuple[str, str]] = field(default_factory=list)  # (constraint name, DuckDB condition)
    owner: str = ""  # systables.owner ("" for temp tables)

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

    def __init__(self, engine, user: str = catalog.OWNER):
        """``engine``: the :class:`~.engine.Engine` holding the databases, their locks and the
        statement kinds (this module depends on none of them)."""
        self.engine = engine
        self.user = user
        self.db_locale = DEFAULT_DB_LOCALE  # the client's DB_LOCALE: the locale of databases it creates
        self.session_id = engine.session_id()
        # Held by whoever drives this session (the server, per request): another session's
        # DIRTY READ takes it before reading this session's uncommitted rows through its
        # connection, which DuckDB lets only one caller use at a time.
        self.busy = threading.RLock()
        self.conn = engine.connection()
        self.db: Database | None = None
        self.in_transaction = False
        self.temp_tables: dict[str, TableInfo] = _TempTables()
        self.last_serial = 0
        self.last_rowcount = 0
        self._log: list[tuple[str, list]] = []  # this transaction's writes, for statement rollback
        self._dirty = False  # the running statement wrote or failed inside DuckDB
        self._held: list[tuple] = []  # lock keys this session holds (see LockTable)
        self._savepoints: list[tuple[str, int, int]] = []  # (name, log length, locks held) at each
        self.lock_wait: float | None = 0  # SET LOCK MODE: seconds to wait for a lock (None: forever)
        self._waited = False  # the running statement waited for a lock
        self._autocommitting = False  # a statement runs in its own DuckDB transaction, logged (see run())
        self.triggering: list[tuple] = []  # (table, event, columns) of the triggers running (triggers.py)
        self.isolation: str | None = None  # SET ISOLATION's level (None: the database's default)
        self.last_committed = False  # SET ISOLATION TO COMMITTED READ LAST COMMITTED
        self.transaction_isolation: str | None = None  # SET TRANSACTION's level, until the transaction ends
        self.use_last_committed = "NONE"  # SET ENVIRONMENT USELASTCOMMITTED (Informix's default: off)
        self._ddl_pending = False  # this transaction changed the schema
        self.catalog_written = False  # this transaction (or statement) changed the catalog
        self.catalog_epoch_at_begin: int | None = None  # the catalog epoch when the transaction began
        self._duck_begun = False  # the transaction's DuckDB transaction has started
        self._schema_touched = False  # the running statement changed table descriptions
        self._cache: dict[tuple[str, str], TableInfo | None] = _ClearCounted()
        self._statements: dict[tuple[str, int], object] = {}  # see prepare()
        self._parsed_statements: dict[str, duckdb.Statement] = {}  # see _parsed()
        self._statements_schema: tuple | None = None
        self._cache_version = -1
        self._loads_at_begin = 0
        self._reading_committed = False  # a read in a transaction runs outside DuckDB's (see run())
        self._ddl_version_at_snapshot: int | None = None  # engine.ddl_version when DuckDB's snapshot began
        self._thread = threading.get_ident()
        self._dbdate: str | None = None
        self._delimident = False

    # ---- contract properties ---------------------------------------------------------------------
    @property
    def database(self) -> str | None:
        return self.db.name if self.db else None

    @property
    def logged(self) -> bool:
        return bool(self.db and self.db.logged)

    @property
    def dbdate(self) -> str | None:
        """The connection's DBDATE (how date strings read and print); None: the default."""
        return self._dbdate

    @dbdate.setter
    def dbdate(self, spec: str | None) -> None:
        self._dbdate = spec
        dbdate.current.set(dbdate.parse_spec(spec) if spec else None)

    @property
    def delimident(self) -> bool:
        """DELIMIDENT: whether a double-quoted token is an identifier (else a string)."""
        return self._delimident

    @delimident.setter
    def delimident(self, on: bool) -> None:
        self._delimident = on
        sqltext.delimident.set(on)
        self._statements.clear()  # statements prepared under the other reading of double quotes

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
        ifxtypes.DATABASE_CODEC.set(db.codec if db is not None else None)
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
            raise SqlError(-377)  # "Must terminate transaction before closing database."
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
        ifxtypes.DATABASE_CODEC.set(self.codec)  # sessions sharing a thread take turns
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
            statement = self.engine.prepare_statement(self, sql, nparams)
        except SqlglotError:
            raise SqlError(-201) from None
        except SqlError as exc:
            if exc.sqlcode == -201:
                raise sqltext.locate(sql, exc) from None
            raise
        if self.engine.reusable(statement, sql):
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
        epoch = self.engine.catalog_epoch
        self.catalog_epoch_at_begin = None if epoch.committing else epoch.value  # its snapshot is no older
        self.in_transaction = True
        self._duck_begun = False  # DuckDB's transaction starts with the first statement that reads or writes
        self.catalog_written = False
        self._log = []
        self._savepoints = []
        self._loads_at_begin = self._cache.loads

    # ---- savepoints: marks in this transaction's write log (the statement-rollback replay) ------
    def savepoint(self, name: str, unique: bool = False) -> None:
        if not self.in_transaction:
            raise SqlError(-255)
        if unique and any(s[0] == name for s in self._savepoints):
            raise SqlError(E_SAVEPOINT_EXISTS, near=name)
        self._savepoints.append((name, len(self._log), len(self._held)))

    def _savepoint_index(self, name: str | None) -> int:
        if not self.in_transaction:
            raise SqlError(-255)
        for index in range(len(self._savepoints) - 1, -1, -1):
            if name is None or self._savepoints[index][0] == name.lower():
                return index
        raise SqlError(E_NO_SAVEPOINT, near=name or "")

    def rollback_to_savepoint(self, name: str | None) -> None:
        """Undo the writes since the savepoint; it stays, later ones go (ROLLBACK TO SAVEPOINT)."""
        index = self._savepoint_index(name)
        _, log_mark, held_mark = self._savepoints[index]
        del self._savepoints[index + 1 :]
        self._release_locks(held_mark)
        self._restore(log_mark)

    def release_savepoint(self, name: str) -> None:
        del self._savepoints[self._savepoint_index(name) :]

    def lock(self, keys: list[tuple], verb: str, mode: str = EXCLUSIVE) -> None:
        """Lock rows/keys for the running statement; a lock error if another session holds one
        (after waiting as SET LOCK MODE says)."""
        fresh = self.engine.locks.acquire(self.session_id, keys, 0, mode)
        if fresh is None and self.lock_wait != 0:
            self._waited = True
            fresh = self.engine.locks.acquire(self.session_id, keys, self.lock_wait, mode)
        if fresh is None:
            raise lock_error(verb)
        self._held.extend(fresh)

    def hold_keys(self, keys: list[tuple]) -> None:
        """Keep locks taken for this session (by a reader) until the transaction ends."""
        self._held.extend(keys)

    def release_keys(self, keys: list[tuple]) -> None:
        for key in keys:
            self._release_key(key)

    def set_isolation(self, level: str, last_committed: bool = False) -> None:
        """SET ISOLATION (see :mod:`.isolation`); it lasts until the next one."""
        self.isolation = level
        self.last_committed = last_committed

    def set_transaction_isolation(self, level: str) -> None:
        """SET TRANSACTION ISOLATION LEVEL: the level until the current (or next) transaction ends."""
        self.transaction_isolation = level

    def set_lock_wait(self, seconds: float | None) -> None:
        """SET LOCK MODE TO NOT WAIT (0), WAIT n (n seconds) or WAIT (None: until granted)."""
        self.lock_wait = seconds

    def lock_table(self, table: TableInfo, mode: str = EXCLUSIVE) -> None:
        """LOCK TABLE: until this transaction ends, no other may change the table (SHARE mode),
        nor read it (EXCLUSIVE mode) unless at DIRTY READ or last-committed isolation."""
        if not self.in_transaction:
            raise SqlError(-255)  # the lock lasts until the transaction ends
        self.lock([("table", table.duck_name)], "lock", mode)

    def unlock_table(self, table: TableInfo) -> None:
        self._release_key(("table", table.duck_name))

    def _release_key(self, key: tuple) -> None:
        if key in self._held:
            self._held.remove(key)
            self.engine.locks.release(self.session_id, [key])

    def _release_locks(self, since: int = 0, committed: bool = False) -> None:
        self.engine.locks.release(self.session_id, self._held[since:], committed)
        del self._held[since:]

    def _end_transaction(self) -> None:
        self.in_transaction = False
        self._savepoints = []
        self.transaction_isolation = None
        if self._ddl_pending:
            self._ddl_pending = False
            self.engine.schema_changed()

    @property
    def ansi(self) -> bool:
        return bool(self.db and self.db.ansi)

    def commit(self) -> None:
        if not self.in_transaction:
            if self.ansi:
                return  # an ANSI database's transaction begins with its first statement
            raise SqlError(-255)
        self._end_transaction()
        self._log = []
        try:
            if self._duck_begun:  # else nothing was read or written: nothing to commit
                self._commit()
        except duckdb.Error as exc:
            self._quiet_rollback()
            raise from_duckdb(exc, "update") from None
        finally:
            self._release_locks(committed=True)  # after the commit: a waiting writer must see its result
            self._forget_snapshot_tables()

    def rollback(self) -> None:
        if not self.in_transaction:
            if self.ansi:
                return
            raise SqlError(-255)
        self._end_transaction()
        self._log = []
        self.catalog_written = False
        self._forget_snapshot_tables()
        if self._duck_begun:
            self._quiet_rollback()
        self._release_locks()
        if self._duck_begun:
            self._prune_temp_tables()

    def _forget_snapshot_tables(self) -> None:
        """Drop catalog descriptions read inside the ending transaction's snapshot if DDL was
        committed after it began (they do not show it); otherwise they, the descriptions from
        before it and the session's prepared statements stay valid (a pooled connection's next
        SELECT is not translated again)."""
        began_at, self._ddl_version_at_snapshot = self._ddl_version_at_snapshot, None
        if (self._cache.loads != self._loads_at_begin and began_at is not None
                and began_at != self.engine.ddl_version):
            self._cache.clear()

    def _prune_temp_tables(self) -> None:
        """Forget temp tables a rollback took away."""
        if not self.temp_tables:
            return
        alive = {r[0] for r in self.conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'").fetchall()}
        for name in [n for n in self.temp_tables if n not in alive]:
            del self.temp_tables[name]

    def _commit(self) -> None:
        """COMMIT; one that lands a catalog change is announced to kept catalog reads."""
        if not self.catalog_written:
            self.conn.commit()
            return
        self.catalog_written = False
        with self.engine.catalog_epoch.change():
            self.conn.commit()

    def _quiet_rollback(self) -> None:
        try:
            self.conn.rollback()
        except duckdb.Error:
            pass

    def run(self, work: Callable[[], object], verb: str = "select", read_only: bool = False,
            one_write: bool = False):
        """Run one statement's ``work`` atomically: autocommit outside a transaction,
        statement-level rollback inside one (DuckDB itself aborts the whole transaction).
        In an ANSI database every statement runs in a transaction, begun implicitly.
        ``one_write``: work's only DuckDB write is its last step, so outside a transaction
        DuckDB commits that statement alone, atomically, with no BEGIN/COMMIT around it."""
        if not self.in_transaction and self.ansi:
            self.begin()
        if not self.in_transaction and not self._autocommitting:
            if read_only or one_write:
                try:
                    return work()
                except duckdb.Error as exc:
                    raise from_duckdb(exc, verb) from None
                finally:
                    if one_write:
                        self._release_locks(committed=True)
            for first_attempt in (True, False):
                self.conn.begin()
                self._schema_touched = False
                self._waited = False
                self._autocommitting = True  # statements it runs (trigger actions) roll back alone
                self._log = []
                try:
                    result = work()
                    self._autocommitting = False
                    self._commit()
                    return result
                except duckdb.Error as exc:
                    self._autocommitting = False
                    self._undo_autocommit()
                    if first_attempt and self._waited:
                        continue  # the lock it waited for went with a commit its snapshot predates
                    raise from_duckdb(exc, verb) from None
                except BaseException:
                    self._autocommitting = False
                    self._undo_autocommit()
                    raise
                finally:
                    self._log = []
                    self._release_locks(committed=True)
        if read_only and not self._duck_begun and not self._reading_committed and self._reads_committed_rows():
            self._reading_committed = True  # no snapshot yet: the latest committed rows, as Informix reads them
            try:
                return work()
            except duckdb.Error as exc:
                raise from_duckdb(exc, verb) from None
            finally:
                self._reading_committed = False
        # Inside a transaction, or inside another statement's autocommit unit: statement rollback.
        self._begin_duck()
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

    def _reads_committed_rows(self) -> bool:
        """Whether a read in this transaction may see rows committed since it began: at every
        level but REPEATABLE READ, Informix reads the latest committed rows (it has no snapshots).
        DuckDB's transaction, a snapshot, is begun by the first write (or REPEATABLE READ read)."""
        return self.in_transaction and self.isolation_level() != REPEATABLE_READ

    def isolation_level(self) -> str:
        """The isolation level now: SET TRANSACTION's for the transaction, else SET ISOLATION's,
        else the database's default (REPEATABLE READ in an ANSI database, COMMITTED READ in
        another logged one, DIRTY READ without logging)."""
        if self.transaction_isolation is not None:
            return self.transaction_isolation
        if self.isolation is not None:
            return self.isolation
        db = self.db
        if db is not None and db.ansi:
            return REPEATABLE_READ
        return COMMITTED_READ if db is None or db.logged else DIRTY_READ

    def _begin_duck(self) -> None:
        """Start the transaction's DuckDB transaction before its first statement runs (one that
        only reads kept catalog rows needs none, nor does its end)."""
        if self.in_transaction and not self._duck_begun and not self._reading_committed:
            self._duck_begun = True
            self._ddl_version_at_snapshot = self.engine.ddl_version  # read first: errs towards forgetting
            self.conn.begin()

    def _undo_autocommit(self) -> None:
        """Roll back a failed statement run outside a transaction, with what it cached (DDL)."""
        self._quiet_rollback()
        self.catalog_written = False
        if self._schema_touched:
            self._cache.clear()

    def run_batch(self, work: Callable[[], list], redo: Callable[[], list]) -> list:
        """Run many statements' ``work`` as one unit; if anything fails inside DuckDB, undo it
        all and return ``redo()``, which runs them one by one. ``work`` reports each
        statement's own errors itself, and writes with one DuckDB statement, its last: outside
        a transaction DuckDB commits that statement alone, atomically, with no BEGIN/COMMIT."""
        if not self.in_transaction and self.ansi:
            self.begin()
        if not self.in_transaction:
            try:
                return work()
            except Exception:
                self._release_locks()
                return redo()
            finally:
                self._release_locks()
        self._begin_duck()
        mark = len(self._log)
        held = len(self._held)
        try:
            return work()
        except Exception:
            self._release_locks(held)
            self._restore(mark)
            return redo()

    def _restore(self, mark: int) -> None:
        """Undo the failed statement: restart the transaction and replay the earlier writes."""
        self._quiet_rollback()
        self._cache.clear()
        replay = self._log[:mark]
        self._log = []
        self._duck_begun = True
        self.conn.begin()
        try:
            for sql, params in replay:
                self.write(sql, params)
        except duckdb.Error:
            # Another session's commit now conflicts with this transaction: it is lost.
            self._quiet_rollback()
            self.in_transaction = False
            self.catalog_written = False
            self._log = []
            self._release_locks()
            raise SqlError(-267) from None

    def write(self, sql: str, params=None, many: bool = False):
        """Execute a statement that changes data, remembering it for statement rollback.

        ``params`` may be an Arrow table instead: the statement reads it as ARROW_BATCH_VIEW.
        """
        self._dirty = True
        self._begin_duck()
        if not self.catalog_written and catalog_results.changes_catalog(sql):
            self.catalog_written = True
        if many:
            result = self.conn.executemany(sql, params)
        elif columnar.is_table(params):
            # DuckDB finds the batch by its variable's name (a replacement scan), which costs
            # less than registering a view and dropping it.
            _ifx_arrow_batch = params  # the name is ARROW_BATCH_VIEW
            result = self.conn.execute(self._parsed(sql))
        else:
            result = self.conn.execute(self._parsed(sql), params or [])
        if self.in_transaction or self._autocommitting:
            if many:
                self._log.extend((sql, list(p)) for p in params)
            else:
                self._log.append((sql, params if columnar.is_table(params) else list(params or [])))
        return result

    def _parsed(self, sql: str) -> duckdb.Statement | str:
        """``sql`` parsed once per session: DuckDB then only binds and runs it (a round trip's
        statements repeat; parsing is a sixth of a small statement's cost)."""
        parsed = self._parsed_statements.get(sql)
        if parsed is None:
            statements = self.conn.extract_statements(sql)
            if len(statements) != 1:
                return sql
            if len(self._parsed_statements) >= STATEMENT_CACHE_SIZE:
                del self._parsed_statements[next(iter(self._parsed_statements))]
            parsed = self._parsed_statements[sql] = statements[0]
        return parsed

    def write_columns(self, table: str, names: list[str], storage: list[str], columns: list[list]) -> None:
        """Insert rows given column by column (``storage``: their DuckDB types) with one
        statement, through Arrow where pyarrow is installed."""
        cols = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
        batch = columnar.arrow_table(names, storage, columns)
        if batch is not None:
            self.write(f"INSERT INTO {table} ({cols}) SELECT * FROM {ARROW_BATCH_VIEW}", batch)
            return
        lists = ", ".join(f"unnest(${i}::{duck}[])" for i, duck in enumerate(storage, start=1))
        self.write(f"INSERT INTO {table} ({cols}) SELECT {lists}", columns)

    def read_columnar(self, sql: str, params: list | None = None, small: int = 1024):
        """A query's whole result: its rows as tuples when there are fewer than ``small``
        (cheaper for short results), else an Arrow table (DuckDB's columnar output)."""
        self._dirty = True
        self._begin_duck()
        result = self.conn.execute(self._parsed(sql), params or [])
        head = result.fetchmany(small)
        if len(head) < small:
            return head
        return columnar.concat(head, columnar.fetch_table(result))

    def read(self, sql: str, params: list | None = None):
        self._dirty = True  # a failing read also aborts the DuckDB transaction
        self._begin_duck()
        return self.conn.execute(self._parsed(sql), params or [])

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
        self._schema_touched = True
        self._ddl_pending = self._ddl_pending or self.in_transaction

    def _load_table(self, catalog_name: str, name: str) -> TableInfo | None:
        q = f"{catalog_name}.main"
        try:
            found = self.conn.execute(
                f"SELECT tabid, tabtype, owner FROM {q}._ifx_tables WHERE tabname = ?", [name]).fetchone()
        except duckdb.CatalogException:
            return None
        if found is None:
            return None
        tabid, kind, owner = found
        if kind == "Q":  # a sequence: listed in systables, but no table
            return None
        if kind == "S":  # a synonym: the table it names
            base = self.conn.execute(
                f"SELECT t.tabname FROM {q}._ifx_synonyms s JOIN {q}._ifx_tables t ON t.tabid = s.btabid"
                f" WHERE s.tabid = $1", [tabid],
            ).fetchone()
            return self.table(base[0], catalog_name) if base else None
        rows = self.conn.execute(
            f"SELECT colname, typetext, nullable, default_sql FROM {q}._ifx_columns WHERE tabid = ? ORDER BY colno",
            [tabid],
        ).fetchall()
        if not rows:
            return None
        columns = [
            CatalogColumn(r[0], ifxtypes.parse_type(r[1]), r[2], ifxtypes.serial_start(r[1]), ifxtypes.varchar_reserve(r[1]))
            for r in rows
        ]
        defaults = {r[0]: r[3] for r in rows}
        keys = [
            KeyDef({"P": "P", "U": "U"}.get(constr or "", "I"), colnames.split(","), idxname)
            for idxname, colnames, constr in self.conn.execute(
                f"SELECT idxname, (SELECT string_agg(c.colname, ',' ORDER BY pos) FROM"
                f" (SELECT unnest(string_split(colnos, ',')) AS colno, generate_subscripts(string_split(colnos, ','), 1) AS pos) k"
                f" JOIN {q}._ifx_columns c ON c.tabid = i.tabid AND c.colno = abs(CAST(k.colno AS INTEGER))),"
                f" constrtype FROM {q}._ifx_indexes i WHERE tabid = ? AND idxtype = 'U'",
                [tabid],
            ).fetchall()
        ]
        info = TableInfo(name, tabid, f'{catalog_name}.main."{name}"', columns, defaults, keys, kind, owner=owner)
        constraints = self.conn.execute(
            f"SELECT c.constrname, c.constrtype, c.tabid, t.tabname, c.colnames, c.ref_colnames, c.delrule,"
            f" c.check_sql, p.tabname FROM {q}._ifx_constraints c JOIN {q}._ifx_tables t ON t.tabid = c.tabid"
            f" LEFT JOIN {q}._ifx_tables p ON p.tabid = c.ref_tabid"
            f" WHERE c.tabid = $1 OR c.ref_tabid = $1 ORDER BY c.constrid",
            [tabid],
        ).fetchall()
        for cname, ctype, owner_tabid, child, colnames, ref_colnames, delrule, check_sql, parent in constraints:
            if ctype == "C":
                info.checks.append((cname, check_sql))
                continue
            key = ForeignKey(colnames.split(","), parent, ref_colnames.split(","), delrule == "C", cname)
            if owner_tabid == tabid:
                info.foreign_keys.append(key)
            if parent == name:
                info.referenced_by.append((child, key))
        return info

    def routine(self, name: str):
        """The user routine ``name`` of the current database (cached like tables), or None."""
        return self.cached(("routine", name), lambda: routines.find(self, name))

    def cached(self, key: tuple, load: Callable[[], object]):
        """A catalog object other than a table (routines, triggers), cached like tables."""
        self._check_cache()
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def resolve_columns(self, catalog_name: str | None, name: str) -> list[CatalogColumn] | None:
        table = self.table(name, catalog_name)
        return table.columns if table else None

    def close(self) -> None:
        """End the session: roll back an open transaction, drop temp tables, release the connection."""
        # A request stuck in a lock wait must not keep the engine from closing.
        held = self.busy.acquire(timeout=CLOSE_WAIT_SECONDS)
        try:
            self._close()
        finally:
            if held:
                self.busy.release()

    def _close(self) -> None:
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
