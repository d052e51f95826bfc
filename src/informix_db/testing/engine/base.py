"""Statement and cursor base classes, and helpers shared by every statement kind."""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from informix_db.types.column import ColumnDesc

from . import blanks, datearith, dbdate, ddl, ifxtypes, implicit, routines
from .catalog import FIRST_USER_TABID
from .errors import ISAM_NO_SUCH_FILE, SqlError
from .ifxtypes import IfxType
from .lobs import ClientFileRead
from .session import EngineSession, TableInfo
from .sqltext import quote_ident as quote_ident  # re-exported for the statement modules
from .translate import IFX_META, IFX_NAME, VERSION_TEXT, Translator

E_HOST_VARIABLES = -254  # too many or too few host variables given
E_NOT_A_CURSOR = -410


class ResultCursor:
    """The rows of one opened query, converted to Informix Python values on demand."""

    def __init__(self, rows: list[tuple], converters: list):
        self._rows = rows
        # Columns whose DuckDB values need converting: (position, converter).
        self._convert = [(i, conv) for i, conv in enumerate(converters) if conv is not None]
        self._position = 0
        self.rowcount = 0

    def _converted(self, raw: tuple) -> tuple:
        if not self._convert:
            return raw
        row = list(raw)
        for i, conv in self._convert:
            row[i] = conv(row[i])
        return tuple(row)

    def fetch(self, n: int) -> list[tuple]:
        chunk = self._rows[self._position : self._position + max(0, n)]
        self._position += len(chunk)
        self.rowcount = self._position
        if not self._convert:
            return chunk
        return [self._converted(r) for r in chunk]

    def row(self, i: int) -> tuple | None:
        """Row ``i`` (1-based) for scroll cursors; None outside the result."""
        if 1 <= i <= len(self._rows):
            return self._converted(self._rows[i - 1])
        return None

    @property
    def total(self) -> int:
        return len(self._rows)

    def close(self) -> None:
        self._rows = []
        self._position = 0


class ArrowResultCursor(ResultCursor):
    """The rows of one opened query as DuckDB returned them in Arrow form: read column by
    column (``record_batches``) by the server's compiled tuple writer, or as converted rows."""

    def __init__(self, table, converters: list, as_stored: list[bool]):
        super().__init__([], converters)
        self.table = table
        self.converters = converters
        self.as_stored = as_stored  # per column: its values need no conversion but a length check

    def fetch(self, n: int) -> list[tuple]:
        part = self.table.slice(self._position, max(0, n))
        self._position += part.num_rows
        self.rowcount = self._position
        return [self._converted(r) for r in zip(*(column.to_pylist() for column in part.columns))]

    def row(self, i: int) -> tuple | None:
        if 1 <= i <= self.table.num_rows:
            return self._converted(tuple(column[i - 1].as_py() for column in self.table.columns))
        return None

    def record_batches(self, size: int) -> list:
        """The rows not fetched yet as record batches of at most ``size`` rows (all taken now)."""
        rest = self.table.slice(self._position)
        self._position = self.rowcount = self.table.num_rows
        return rest.to_batches(max_chunksize=size)

    @property
    def total(self) -> int:
        return self.table.num_rows

    def close(self) -> None:
        self.table = self.table.slice(0, 0)
        self._position = 0


class Statement:
    """Base of all prepared statements."""

    stmt_type: int = 0

    def __init__(self, session: EngineSession):
        self.session = session
        self.columns: list[ColumnDesc] = []
        self.param_columns: list[ColumnDesc] = []  # extension: INSERT parameter descriptions
        # Extension for smart LOBs (see lobs.py): client files to read before execute, whose
        # contents follow the client's parameters, and result columns the session completes.
        self.client_file_reads: list[ClientFileRead] = []
        self.deferred_columns: list[int] = []

    def execute(self, params=()) -> tuple[int, int]:
        raise SqlError(E_NOT_A_CURSOR)

    def open(self, params=(), scroll: bool = False) -> ResultCursor:
        raise SqlError(E_NOT_A_CURSOR)


class ActionStatement(Statement):
    """A statement carried out by one callable (transactions, database switches, no-ops)."""

    def __init__(self, session: EngineSession, stmt_type: int, action=None):
        super().__init__(session)
        self.stmt_type = stmt_type
        self._action = action

    def execute(self, params=()) -> tuple[int, int]:
        if self._action is not None:
            self._action()
        return 0, 0


# ---- shared helpers -------------------------------------------------------------------------------------
def translator_for(session: EngineSession) -> Translator:
    def dbinfo(args: list[str]) -> exp.Expr:
        what = [a.lower() for a in args]
        value: object
        if what[:1] == ["version"]:
            detail = what[1] if len(what) > 1 else "full"
            value = {"major": "15", "minor": "0", "level": "0", "os": "L"}.get(detail, VERSION_TEXT)
        elif what[:1] == ["dbname"]:
            value = session.database or ""
        elif what[:1] == ["sessionid"]:
            value = session.session_id
        elif what[:1] == ["sqlca.sqlerrd1"]:
            value = session.last_serial
        elif what[:1] == ["sqlca.sqlerrd2"]:
            value = session.last_rowcount
        elif what[:1] == ["utc_current"]:
            value = int(dt.datetime.now(dt.timezone.utc).timestamp())
        elif what[:1] in (["dbhostname"], ["dbservername"]):
            value = "informix"
        else:
            raise SqlError(-201, near="dbinfo")
        if isinstance(value, int):
            node = exp.Literal.number(value)
            node.meta[IFX_META] = ifxtypes.INTEGER
        else:
            node = exp.Literal.string(value)
            node.meta[IFX_META] = ifxtypes.varchar(max(1, len(value)))
        node.meta[IFX_NAME] = "(expression)"
        return node

    def table_name(name: str) -> str:
        info = session.table(name)
        return info.name if info is not None else name

    def check_owner(name: str, owner: ddl.Owner | None) -> None:
        info = session.table(name)  # None: not a table (a CTE, say), or unknown (reported later)
        if info is not None and info.name == name and not owns(session, info, owner):
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=name)

    return Translator(dbinfo, session.routine, routines.inline, table_name=table_name, check_owner=check_owner)


def owns(session: EngineSession, info: TableInfo, owner: ddl.Owner | None) -> bool:
    """Whether ``[owner.]name`` names ``info``: a given owner must be the table's; in an ANSI
    database an unqualified name is the user's own table (another's must be qualified)."""
    if not info.tabid:
        return owner is None  # temp tables have no owner to name
    if owner is None and not (session.ansi and info.tabid >= FIRST_USER_TABID):
        return True
    return ddl.owner_name(owner, session.user, session.ansi) == info.owner


def table_of(session: EngineSession, node: exp.Expr) -> TableInfo:
    table = node.this if isinstance(node, exp.Schema) else node
    if not isinstance(table, exp.Table):
        raise SqlError(-201)
    info = session.table(table.name, table.catalog or None)
    if info is None:
        raise SqlError(-206, ISAM_NO_SUCH_FILE, near=table.name.lower())
    return info


def null_probe(tree: exp.Expr) -> str:
    """``tree`` as DuckDB SQL with every placeholder replaced by NULL (for binding checks),
    and every sequence step by a number (binding would already advance the sequence)."""
    probe = tree.copy()
    for node in list(probe.find_all(exp.Placeholder)):
        node.replace(exp.Null())
    for node in list(probe.find_all(exp.Anonymous)):
        if node.name.lower() == "nextval":
            node.replace(exp.Cast(this=exp.Literal.number(0), to=exp.DataType.build("BIGINT")))
    return probe.sql(dialect="duckdb")


def renumbered(node: exp.Expr) -> tuple[str, list[int]]:
    """DuckDB SQL of ``node`` with its placeholders renumbered from $1, and the original
    (1-based) parameter number of each new one: DuckDB wants exactly the parameters used."""
    node = node.copy()
    order: list[int] = []
    for ph in list(node.find_all(exp.Placeholder)):
        original = int(ph.this)
        if original not in order:
            order.append(original)
        ph.set("this", str(order.index(original) + 1))
    return node.sql(dialect="duckdb"), order


def plain_param(value):
    """A client value DuckDB can bind when the engine knows no target type for it."""
    months = getattr(value, "months", None)
    if isinstance(months, int) and not isinstance(value, (int, dt.timedelta)):
        return f"{months} months"
    return value


class Params:
    """Converts bound values to the types their placeholders compare or cast to."""

    def __init__(self, count: int, targets: dict[int, IfxType]):
        self.count = count
        self.targets = targets

    def convert(self, params) -> list:
        params = list(params or ())
        if len(params) != self.count:
            raise SqlError(E_HOST_VARIABLES)
        out = []
        for index, value in enumerate(params, start=1):
            target = self.targets.get(index)
            out.append(target.coerce(value) if target is not None else plain_param(value))
        return out


def informix_semantics(tree: exp.Expr, column_type) -> exp.Expr:
    """Apply the rules that need column types (after placeholder targets are known):
    trailing blanks, character operands of arithmetic, DBDATE date strings, month
    arithmetic. Returns the (new) root."""
    blanks.apply(tree, column_type)
    implicit.apply(tree, column_type)
    dbdate.apply(tree, column_type)
    return datearith.apply(tree, column_type)


def column_type_in(session: EngineSession, tree: exp.Expr):
    """A function giving the Informix type of a column reference within ``tree``'s tables."""
    tables: dict[str, TableInfo] = {}
    for table in tree.find_all(exp.Table):
        info = session.table(table.name, table.catalog or None)
        if info is not None:
            tables[table.alias_or_name.lower()] = info
            tables.setdefault(table.name.lower(), info)

    def lookup(column: exp.Column) -> IfxType | None:
        qualifier = column.table.lower()
        candidates = [tables[qualifier]] if qualifier in tables else list(tables.values())
        for info in candidates:
            col = info.column(column.name.lower())
            if col is not None:
                return col.ifx
        return None

    return lookup


