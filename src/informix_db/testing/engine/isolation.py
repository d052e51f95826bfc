"""Isolation levels: what a reader does about rows other sessions' open transactions changed.

DuckDB gives every reader a snapshot of committed rows and never makes it wait, which is
Informix's USELASTCOMMITTED behaviour. Informix's own levels differ, and the engine models
them over its lock table (see :mod:`.locks`):

- COMMITTED READ and CURSOR STABILITY: a read that meets a row another transaction changed
  (or inserted) waits as SET LOCK MODE says, then fails with -244 (ISAM -107); a CURSOR
  STABILITY cursor also share-locks the row it stands on;
- REPEATABLE READ: the same, and the rows read are share-locked until the transaction ends,
  so writers of other sessions wait or fail on them;
- DIRTY READ: reads the other transactions' uncommitted rows, fetched from their own
  connections (a DuckDB connection cannot see another's uncommitted data);
- LAST COMMITTED (``SET ISOLATION TO COMMITTED READ LAST COMMITTED``, or ``SET ENVIRONMENT
  USELASTCOMMITTED``): reads the last committed rows without waiting (DuckDB's snapshot).

Granularity: a query of one table (no join, no subquery) meets only the rows it reads, by
rowid, as judged by its WHERE clause on the committed rows and on the other transactions'
changed and new rows; any other query meets every uncommitted change in the tables it reads.
A reader that meets no lock of another session pays one look-up in the lock table (a
REPEATABLE READ in a transaction also takes its share locks).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import duckdb
from sqlglot import exp, parse_one

from .base import ResultCursor, renumbered
from .catalog import FIRST_USER_TABID
from .errors import SqlError, lock_error
from .levels import COMMITTED_READ, CURSOR_STABILITY, DIRTY_READ, REPEATABLE_READ
from .locks import SHARED

LAST_COMMITTED_LEVELS = {  # SET ENVIRONMENT USELASTCOMMITTED: the levels it turns to last-committed reads
    "NONE": (), "COMMITTED READ": (COMMITTED_READ,), "DIRTY READ": (DIRTY_READ,),
    "ALL": (COMMITTED_READ, DIRTY_READ),
}
ISAM_FILE_LOCKED = -113  # "the file is locked": the table another session locked in EXCLUSIVE mode
E_TABLE_LOCKED = -244  # a read of a table another session holds in EXCLUSIVE mode: the read fails, ISAM -113
LOCAL_ROWS = 36028797018960000  # DuckDB's first rowid of rows a transaction inserted (MAX_ROW_ID)
BUSY_SECONDS = 1.0  # how long a DIRTY READ waits for another session to finish its request
ROW_LOCKS_PER_READ = 256  # a REPEATABLE READ of more rows share-locks the table, if it can
OVERLAY = "_ifx_uncommitted_"  # temp tables holding other sessions' uncommitted rows for one read

_SET_ISOLATION = re.compile(
    r"SET\s+ISOLATION\s+(?:TO\s+)?(DIRTY\s+READ|COMMITTED\s+READ|CURSOR\s+STABILITY|REPEATABLE\s+READ)"
    r"(\s+LAST\s+COMMITTED)?(?:\s+RETAIN\s+UPDATE\s+LOCKS)?(?:\s+WITH\s+WARNING)?",
    re.I,
)
_SET_TRANSACTION = re.compile(
    r"SET\s+TRANSACTION\s+(?:(?:READ\s+(?:WRITE|ONLY))\s*,?\s*)?"
    r"(?:ISOLATION\s+LEVEL\s+(READ\s+UNCOMMITTED|READ\s+COMMITTED|REPEATABLE\s+READ|SERIALIZABLE))?"
    r"(?:\s*,?\s*READ\s+(?:WRITE|ONLY))?",
    re.I,
)
_ISOLATION_HEAD = re.compile(r"SET\s+(?:ISOLATION|TRANSACTION)\b", re.I)
_USE_LAST_COMMITTED = re.compile(r"SET\s+ENVIRONMENT\s+USELASTCOMMITTED\s+(?:'([^']*)'|\"([^\"]*)\")", re.I)
_ANSI_LEVELS = {
    "READ UNCOMMITTED": DIRTY_READ, "READ COMMITTED": COMMITTED_READ,
    "REPEATABLE READ": REPEATABLE_READ, "SERIALIZABLE": REPEATABLE_READ,
}


def _words(text: str) -> str:
    return " ".join(text.upper().split())


# ---- the statements that set them ---------------------------------------------------------------
def setting(session, text: str):
    """The action of a SET ISOLATION, SET TRANSACTION or SET ENVIRONMENT USELASTCOMMITTED
    statement ``text``, or None when it is none of them."""
    found = _SET_ISOLATION.fullmatch(text)
    if found:
        level, last = _words(found.group(1)), bool(found.group(2))
        if last and level != COMMITTED_READ:
            raise SqlError(-201, near="LAST")
        return lambda: session.set_isolation(level, last)
    found = _SET_TRANSACTION.fullmatch(text)
    if found and found.group(1):
        level = _ANSI_LEVELS[_words(found.group(1))]
        return lambda: session.set_transaction_isolation(level)
    if found and re.search(r"READ\s+(?:WRITE|ONLY)", text, re.I):
        return lambda: None  # READ WRITE / READ ONLY alone: access mode, not modelled
    if found or _ISOLATION_HEAD.match(text):
        raise SqlError(-201)  # SET ISOLATION / SET TRANSACTION with a level Informix has not
    found = _USE_LAST_COMMITTED.fullmatch(text)
    if found:
        value = _words(found.group(1) if found.group(1) is not None else found.group(2))
        if value not in LAST_COMMITTED_LEVELS:
            raise SqlError(-201, near=value)  # a value the option does not take [?: Informix's code]
        return lambda: setattr(session, "use_last_committed", value)
    return None


def reads_last_committed(session, current: str) -> bool:
    if current == COMMITTED_READ and session.last_committed and session.isolation == COMMITTED_READ:
        return True
    return current in LAST_COMMITTED_LEVELS[session.use_last_committed]


# ---- what a query reads --------------------------------------------------------------------------
@dataclass
class ReadTables:
    """The permanent tables a query reads; ``single``: its one table, when it reads one table
    through one FROM item with no join or subquery (rows are then judged one by one)."""

    tables: list  # TableInfo
    duck_names: list[str]
    single: object | None  # TableInfo
    source: exp.Table | None  # the FROM item of ``single``


def read_tables(session, tree: exp.Expr) -> ReadTables:
    """What ``tree`` reads (once per prepared query); catalog tables, views and temp tables
    are no one else's to lock."""
    infos: dict[str, object] = {}
    nodes = list(tree.find_all(exp.Table))
    for node in nodes:
        info = session.table(node.name, node.catalog or None)
        if info is not None and info.tabid >= FIRST_USER_TABID and info.kind == "T":
            infos.setdefault(info.duck_name, info)
    single = source = None
    if len(nodes) == 1 and len(infos) == 1 and isinstance(tree, exp.Select) and not tree.args.get("joins"):
        found = tree.args.get("from_")
        if found is not None and found.this is nodes[0]:
            single, source = next(iter(infos.values())), nodes[0]
    return ReadTables(list(infos.values()), list(infos), single, source)


# ---- before a read ----------------------------------------------------------------------------------
class Read:
    """One query's read under the session's isolation: ``sql`` is what to run; ``close()``
    drops what the read needed (the overlay of uncommitted rows, share locks outside a
    transaction)."""

    def __init__(self, session, sql: str) -> None:
        self.session = session
        self.sql = sql
        self.overlays: list[str] = []
        self.share_locks: list[tuple] = []

    def close(self) -> None:
        session = self.session
        for name in self.overlays:
            try:
                session.conn.execute(f"DROP TABLE IF EXISTS temp.main.{name}")
            except duckdb.Error:
                pass
        if self.share_locks and not session.in_transaction:
            session.release_keys(self.share_locks)


def before_read(session, query, values: list) -> Read | None:
    """What ``query`` must do before it reads under the session's isolation: None when no
    other session holds a lock in its tables (the cheap common case), else a :class:`Read`
    (after waiting for, or failing on, the locks it meets)."""
    tables = query.read_tables
    if not tables.duck_names:
        return None
    current = session.isolation_level()
    share = current == REPEATABLE_READ and (session.in_transaction or session.ansi)  # locks that outlast the read
    if not share and not session.engine.locks.others_in(session.session_id, tables.duck_names):
        return None
    if reads_last_committed(session, current):
        return None
    read = Read(session, query.sql)

    def prepare_read() -> Read:
        if current == DIRTY_READ:
            _read_uncommitted(session, query, read)
        else:
            _wait_for_writers(session, query, values, read, share)
        return read

    try:
        return session.run(prepare_read, read_only=True)  # a DuckDB error undoes as a statement's
    except BaseException:
        read.close()
        raise


def _deadline(session) -> float | None:
    return None if session.lock_wait is None else time.monotonic() + session.lock_wait


def _wait_for_writers(session, query, values: list, read: Read, share: bool) -> None:
    """COMMITTED READ / CURSOR STABILITY / REPEATABLE READ: wait until no other transaction
    holds an uncommitted change this read meets (-244 when SET LOCK MODE's wait runs out);
    REPEATABLE READ then share-locks what it read."""
    locks = session.engine.locks
    deadline = _deadline(session)
    tables = query.read_tables
    commits = None
    while True:
        error, rows = _met(session, query, values, read, share)
        if error is None:
            break
        if commits is None:
            commits = locks.commits(tables.duck_names)
        if not locks.wait_for_release(deadline):
            raise error
    if commits is not None and session.in_transaction and locks.commits(tables.duck_names) != commits:
        # The transaction's snapshot predates the commit it waited for: it cannot read the new rows.
        raise lock_error("select")
    if not share:
        return
    whole = [("table", name) for name in tables.duck_names]
    fresh = None
    if tables.single is None or len(rows) > ROW_LOCKS_PER_READ:
        fresh = locks.acquire(session.session_id, whole, 0, SHARED)
    if fresh is None:
        keys = [("row", tables.single.duck_name, r) for r in rows] if tables.single is not None else whole
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        fresh = locks.acquire(session.session_id, keys, remaining, SHARED)
    if fresh is None:
        raise lock_error("select")
    session.hold_keys(fresh)
    read.share_locks = fresh


def _met(session, query, values: list, read: Read, share: bool) -> tuple[SqlError | None, list]:
    """The error of the first uncommitted change of another transaction this read meets
    (None if it meets none), and, for ``share``, the rowids of the committed rows it reads
    (one-table reads)."""
    locks, me = session.engine.locks, session.session_id
    tables = query.read_tables
    for info in tables.tables:
        if locks.table_locked(me, info.duck_name):
            return SqlError(E_TABLE_LOCKED, ISAM_FILE_LOCKED, near=info.name), []
    info = tables.single
    if info is None:
        met = any(locks.writers(me, name) for name in tables.duck_names)
        return (lock_error("select") if met else None), []
    written = locks.writers(me, info.duck_name)
    if not written and not share:
        return None, []  # only other readers' share locks: nothing to meet
    rows = _rowids_read(session, query, values)
    if written and locks.written(me, [("row", info.duck_name, r) for r in rows]):
        return lock_error("select"), rows
    if written and _uncommitted_rows_match(session, query, values, read):
        return lock_error("select"), rows
    return None, rows


def _where_on(query, source: exp.Expr) -> exp.Select:
    """SELECT 1 FROM ``source`` WHERE (the query's WHERE clause)."""
    select = exp.select(exp.Literal.number(1)).from_(source)
    where = query._tree.args.get("where")
    return select.where(where.this.copy()) if where is not None else select


def _rowids_read(session, query, values: list) -> list[int]:
    tables = query.read_tables
    select = _where_on(query, tables.source.copy())
    select.set("expressions", [exp.column("rowid", table=tables.source.alias_or_name)])
    sql, order = renumbered(select)
    return [r[0] for r in session.conn.execute(sql, [values[i - 1] for i in order]).fetchall()]


def _uncommitted_rows_match(session, query, values: list, read: Read) -> bool:
    """Whether the query's WHERE clause holds for a row another transaction changed or
    inserted (as that transaction now has it)."""
    tables = query.read_tables
    overlay, _ = _overlay(session, tables.single, read)
    source = exp.Table(
        this=exp.to_identifier(overlay), db=exp.to_identifier("main"), catalog=exp.to_identifier("temp"),
        alias=exp.TableAlias(this=exp.to_identifier(tables.source.alias_or_name)),
    )
    sql, order = renumbered(_where_on(query, source).limit(1))
    return session.conn.execute(sql, [values[i - 1] for i in order]).fetchone() is not None


# ---- DIRTY READ -------------------------------------------------------------------------------------
def _read_uncommitted(session, query, read: Read) -> None:
    """Point each table other transactions changed at its committed rows less those changed,
    plus their rows as those transactions have them now."""
    locks, me = session.engine.locks, session.session_id
    tree = query._tree.copy()
    replaced: dict[str, tuple[str, set[int]]] = {}
    for node in list(tree.find_all(exp.Table)):
        info = session.table(node.name, node.catalog or None)
        if info is None or info.duck_name not in query.read_tables.duck_names or not locks.changes(me, info.duck_name):
            continue
        if info.duck_name not in replaced:
            replaced[info.duck_name] = _overlay(session, info, read)
        overlay, changed = replaced[info.duck_name]
        kept = f" WHERE rowid NOT IN ({', '.join(map(str, sorted(changed)))})" if changed else ""
        union = parse_one(
            f"SELECT * FROM {info.duck_name}{kept} UNION ALL SELECT * EXCLUDE (_ifx_rowid) FROM temp.main.{overlay}",
            read="duckdb",
        )
        node.replace(exp.Subquery(this=union, alias=exp.TableAlias(this=exp.to_identifier(node.alias_or_name))))
    read.sql = tree.sql(dialect="duckdb")


def _overlay(session, info, read: Read) -> tuple[str, set[int]]:
    """A temp table of the rows other transactions changed or inserted in ``info``'s table, as
    they have them now (``_ifx_rowid``: the row's rowid in that transaction), and the rowids
    of the committed rows it replaces."""
    name = f"{OVERLAY}{len(read.overlays)}"
    session.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT rowid AS _ifx_rowid, * FROM {info.duck_name} LIMIT 0"
    )
    read.overlays.append(name)
    rows: list[tuple] = []
    replaced: set[int] = set()
    for owner, rowids in session.engine.locks.changes(session.session_id, info.duck_name).items():
        other = session.engine.session_of(owner)
        found = _rows_of(other, info, rowids) if other is not None else None
        if found is not None:
            rows.extend(found)
            replaced |= rowids
    if rows:
        marks = ", ".join(f"${i}" for i in range(1, len(rows[0]) + 1))
        session.conn.executemany(f"INSERT INTO temp.main.{name} VALUES ({marks})", [list(r) for r in rows])
    return name, replaced


def _rows_of(other, info, rowids: set[int]) -> list[tuple] | None:
    """The rows of ``info``'s table another session's transaction changed (``rowids``) or
    inserted, read through that session's own connection (the only one that sees them)
    while that session is between requests. None for a session running a statement outside
    a transaction: the read comes before that statement, which has no earlier changes."""
    catalog, _, _ = info.duck_name.partition(".")
    if not other.busy.acquire(timeout=BUSY_SECONDS if other.in_transaction else 0):
        if not other.in_transaction:
            return None
        raise lock_error("select")
    try:
        conn = other.conn
        if conn is None:
            return []
        exists = conn.sql(
            "SELECT 1 FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main' AND table_name = $2",
            params=[catalog, info.name],
        ).fetchall()
        if not exists:
            return []
        return conn.sql(
            f"SELECT rowid, * FROM {info.duck_name} WHERE rowid >= {LOCAL_ROWS} OR list_contains($1, rowid)",
            params=[sorted(rowids)],
        ).fetchall()
    except duckdb.Error:
        raise lock_error("select") from None
    finally:
        other.busy.release()


# ---- CURSOR STABILITY ------------------------------------------------------------------------------------
class StableCursor(ResultCursor):
    """A CURSOR STABILITY cursor of one table: it share-locks the row it stands on (the last
    row fetched) until it moves on or closes, so other sessions cannot change that row."""

    def __init__(self, rows: list[tuple], converters: list, rowids: list[int], session, table: str):
        super().__init__(rows, converters)
        self._rowids = rowids
        self._session = session
        self._table = table
        self._current: list[tuple] = []

    def fetch(self, n: int) -> list[tuple]:
        rows = super().fetch(n)
        if rows:
            self._stand_on(("row", self._table, self._rowids[self._position - 1]))
        return rows

    def _stand_on(self, key: tuple) -> None:
        session = self._session
        fresh = session.engine.locks.acquire(session.session_id, [key], session.lock_wait, SHARED)
        if fresh is None:
            raise lock_error("select")
        self._let_go()
        session.hold_keys(fresh)
        self._current = fresh

    def _let_go(self) -> None:
        if self._current:
            self._session.release_keys(self._current)
            self._current = []

    def close(self) -> None:
        self._let_go()
        super().close()


def stable_cursor(session, query, values: list) -> StableCursor | None:
    """The cursor of ``query`` at CURSOR STABILITY in a transaction, when it reads plain rows of
    one table (no aggregate, grouping or DISTINCT: each result row is one table row); else None."""
    tables = query.read_tables
    if tables.single is None or not session.in_transaction or session.isolation_level() != CURSOR_STABILITY:
        return None
    tree = query._tree
    if tree.args.get("group") or tree.args.get("distinct") or tree.find(exp.AggFunc):
        return None
    select = tree.copy()
    select.set("expressions", [*select.expressions, exp.column("rowid", table=tables.source.alias_or_name)])
    sql = select.sql(dialect="duckdb")
    found = session.run(lambda: session.read(sql, values).fetchall(), read_only=True)
    session.last_rowcount = len(found)
    return StableCursor([r[:-1] for r in found], query._converters, [r[-1] for r in found], session, tables.single.duck_name)
