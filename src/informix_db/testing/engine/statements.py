"""Prepared statements: recognition, preparation (describe) and execution of each kind."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import duckdb
from sqlglot import exp

from informix_db.protocol import constants as c
from informix_db.types.column import ColumnDesc

from . import ddl, ifxtypes, sqltext
from .catalog import FIRST_USER_TABID, syscolumns_code
from .errors import ISAM_DUPLICATE, ISAM_NO_SUCH_FILE, SqlError, from_duckdb
from .ifxtypes import IfxType
from .session import TEMP_CATALOG, EngineSession, TableInfo
from .translate import (
    IFX_META,
    IFX_NAME,
    VERSION_TEXT,
    CatalogColumn,
    Describer,
    Translator,
    first_select,
    parse,
    placeholder_targets,
    render_text_casts,
)

# sqlstype.h numbers the protocol constants do not name.
STMT_LOCK_TABLE = 10
STMT_UNLOCK_TABLE = 11
STMT_DROP_DATABASE = 13
STMT_GRANT = 18
STMT_REVOKE = 19
STMT_UPDATE_STATISTICS = 30
STMT_SET_ISOLATION = 48
STMT_SET_EXPLAIN = 50
STMT_SET_LOCK_MODE = 52
STMT_SET_OTHER = 66

E_HOST_VARIABLES = -254  # too many or too few host variables given
E_VALUES_COUNT = -236  # number of columns in INSERT does not match number of VALUES
E_NOT_A_CURSOR = -410
E_TABLE_EXISTS = -310
E_INDEX_EXISTS = -316
E_NO_SUCH_INDEX = -319
E_UNIQUE_INDEX_DUPLICATES = -371


class ResultCursor:
    """The rows of one opened query, converted to Informix Python values on demand."""

    def __init__(self, rows: list[tuple], converters: list):
        self._rows = rows
        self._convert = converters
        self._position = 0
        self.rowcount = 0

    def _converted(self, raw: tuple) -> tuple:
        return tuple(conv(value) for conv, value in zip(self._convert, raw))

    def fetch(self, n: int) -> list[tuple]:
        chunk = self._rows[self._position : self._position + max(0, n)]
        self._position += len(chunk)
        self.rowcount = self._position
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


class Statement:
    """Base of all prepared statements."""

    stmt_type: int = 0

    def __init__(self, session: EngineSession):
        self.session = session
        self.columns: list[ColumnDesc] = []
        self.param_columns: list[ColumnDesc] = []  # extension: INSERT parameter descriptions

    def execute(self, params=()) -> tuple[int, int]:
        raise SqlError(E_NOT_A_CURSOR)

    def open(self, params=()) -> ResultCursor:
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


# ---- recognition ---------------------------------------------------------------------------------------
_BEGIN = re.compile(r"BEGIN(\s+WORK)?", re.I)
_COMMIT = re.compile(r"COMMIT(\s+WORK)?", re.I)
_ROLLBACK = re.compile(r"ROLLBACK(\s+WORK)?", re.I)
_CREATE_DB = re.compile(
    r"CREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)(?:@\w+)?(?:\s+IN\s+\w+)?"
    r"(\s+WITH\s+(?:BUFFERED\s+)?LOG(?:\s+MODE\s+ANSI)?)?(?:\s+NLSCASE\s+\w+)?",
    re.I,
)
_DROP_DB = re.compile(r"DROP\s+DATABASE\s+(?:IF\s+EXISTS\s+)?(\w+)", re.I)
_DATABASE = re.compile(r"DATABASE\s+(\w+)(?:@\w+)?(\s+EXCLUSIVE)?", re.I)
_CLOSE_DB = re.compile(r"CLOSE\s+DATABASE", re.I)
_DROP_TABLE = re.compile(r"DROP\s+TABLE\s+(IF\s+EXISTS\s+)?([\w.\"]+)(\s+(?:CASCADE|RESTRICT))?", re.I)
_DROP_INDEX = re.compile(r"DROP\s+INDEX\s+(IF\s+EXISTS\s+)?([\w.\"]+)", re.I)
_NO_OPS = [
    (re.compile(r"SET\s+ISOLATION\b.*|SET\s+TRANSACTION\b.*", re.I | re.S), STMT_SET_ISOLATION),
    (re.compile(r"SET\s+LOCK\s+MODE\b.*", re.I | re.S), STMT_SET_LOCK_MODE),
    (re.compile(r"SET\s+EXPLAIN\b.*", re.I | re.S), STMT_SET_EXPLAIN),
    (re.compile(r"SET\s+\w+.*", re.I | re.S), STMT_SET_OTHER),
    (re.compile(r"UPDATE\s+STATISTICS\b.*", re.I | re.S), STMT_UPDATE_STATISTICS),
    (re.compile(r"LOCK\s+TABLE\b.*", re.I | re.S), STMT_LOCK_TABLE),
    (re.compile(r"UNLOCK\s+TABLE\b.*", re.I | re.S), STMT_UNLOCK_TABLE),
    (re.compile(r"GRANT\b.*", re.I | re.S), STMT_GRANT),
    (re.compile(r"REVOKE\b.*", re.I | re.S), STMT_REVOKE),
]


def prepare(session: EngineSession, sql: str, nparams: int = 0) -> Statement:
    """Recognise ``sql`` and prepare it (PREPARE + DESCRIBE semantics)."""
    text = sqltext.strip_comments(sql)
    if not text:
        raise SqlError(-201)
    if _BEGIN.fullmatch(text):
        return ActionStatement(session, c.STMT_BEGIN, session.begin)
    if _COMMIT.fullmatch(text):
        return ActionStatement(session, c.STMT_COMMIT, session.commit)
    if _ROLLBACK.fullmatch(text):
        return ActionStatement(session, c.STMT_ROLLBACK, session.rollback)
    found = _CREATE_DB.fullmatch(text)
    if found:
        return _create_database(session, found.group(1), bool(found.group(2)))
    found = _DROP_DB.fullmatch(text)
    if found:
        return ActionStatement(session, STMT_DROP_DATABASE, lambda: _drop_database(session, found.group(1)))
    found = _DATABASE.fullmatch(text)
    if found:
        return ActionStatement(session, c.STMT_DATABASE, lambda: _switch_database(session, found.group(1)))
    if _CLOSE_DB.fullmatch(text):
        return ActionStatement(session, c.STMT_CLOSE_DATABASE, session.close_database)
    for pattern, stmt_type in _NO_OPS:
        if pattern.fullmatch(text):
            return ActionStatement(session, stmt_type)
    toks = ddl.tokens(text)
    head = toks[0].upper()
    if head == "CREATE" and len(toks) > 2:
        words = [t.upper() for t in toks[1:4]]
        if "TABLE" in words:
            return CreateTable(session, ddl.parse_create_table(toks[1:]))
        if "INDEX" in words:
            return CreateIndex(session, *ddl.parse_create_index(toks[1:]))
    found = _DROP_TABLE.fullmatch(text)
    if found:
        return DropTable(session, ddl._table_name(found.group(2)), bool(found.group(1)))
    found = _DROP_INDEX.fullmatch(text)
    if found:
        return DropIndex(session, ddl._table_name(found.group(2)), bool(found.group(1)))
    if head in ("SELECT", "WITH", "(", "INSERT", "UPDATE", "DELETE"):
        session.require_database()
        lexed = sqltext.lex(sql)
        tree = parse(lexed.text)
        if isinstance(tree, exp.Insert):
            return InsertStatement(session, tree, lexed.placeholders)
        if isinstance(tree, (exp.Update, exp.Delete)):
            return DmlStatement(session, tree, lexed.placeholders)
        if isinstance(tree, exp.Query):
            query = QueryStatement(session, tree, lexed.placeholders)
            query.for_update = lexed.for_update
            return query
    if head == "EXECUTE":
        session.require_database()
        name = toks[2] if len(toks) > 2 else ""
        raise SqlError(-674, near=name.split("(")[0].lower())
    raise SqlError(-201)


# ---- shared helpers -------------------------------------------------------------------------------------
def _translator(session: EngineSession) -> Translator:
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

    return Translator(dbinfo)


def _table_of(session: EngineSession, node: exp.Expr) -> TableInfo:
    table = node.this if isinstance(node, exp.Schema) else node
    if not isinstance(table, exp.Table):
        raise SqlError(-201)
    info = session.table(table.name, table.catalog or None)
    if info is None:
        raise SqlError(-206, ISAM_NO_SUCH_FILE, near=table.name.lower())
    return info


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _null_probe(tree: exp.Expr) -> str:
    """``tree`` as DuckDB SQL with every placeholder replaced by NULL (for binding checks)."""
    probe = tree.copy()
    for node in list(probe.find_all(exp.Placeholder)):
        node.replace(exp.Null())
    return probe.sql(dialect="duckdb")


def _renumbered(node: exp.Expr) -> tuple[str, list[int]]:
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


def _plain_param(value):
    """A client value DuckDB can bind when the engine knows no target type for it."""
    months = getattr(value, "months", None)
    if isinstance(months, int) and not isinstance(value, (int, dt.timedelta)):
        return f"{months} months"
    return value


class _Params:
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
            out.append(target.coerce(value) if target is not None else _plain_param(value))
        return out


def _column_type_in(session: EngineSession, tree: exp.Expr):
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


# ---- SELECT ---------------------------------------------------------------------------------------------
def _reject_bare_placeholders(tree: exp.Expr) -> None:
    for select in tree.find_all(exp.Select):
        for projection in select.expressions:
            inner = projection.this if isinstance(projection, exp.Alias) else projection
            if isinstance(inner, exp.Placeholder):
                raise SqlError(-201)


class QueryStatement(Statement):
    stmt_type = c.STMT_SELECT
    for_update = False  # extension: SELECT ... FOR UPDATE (scroll cursors refuse it: -526)

    def __init__(self, session: EngineSession, tree: exp.Expr, nparams: int):
        super().__init__(session)
        _reject_bare_placeholders(tree)
        tree = _translator(session).translate(tree)
        describer = Describer(session.resolve_columns)
        render_text_casts(tree, describer)
        self._params = _Params(nparams, placeholder_targets(tree, _column_type_in(session, tree)))
        self.sql = tree.sql(dialect="duckdb")
        try:
            relation = session.conn.sql(_null_probe(tree))
            duck_types = [str(t) for t in relation.types]
            duck_names = list(relation.columns)
        except duckdb.Error as exc:
            raise from_duckdb(exc) from None
        outputs = describer.outputs(tree)
        if outputs is None or len(outputs) != len(duck_types):
            outputs = None
        self._types: list[IfxType] = []
        for i, duck_type in enumerate(duck_types):
            out = outputs[i] if outputs else None
            ifx = out.ifx if out and out.ifx is not None else ifxtypes.from_duck(duck_type)
            name = out.name if out else duck_names[i].lower()
            self._types.append(ifx)
            self.columns.append(ifx.describe(name, out.nullable if out else True))
        self._has_select = first_select(tree) is not None

    def open(self, params=()) -> ResultCursor:
        values = self._params.convert(params)
        rows = self.session.run(lambda: self.session.read(self.sql, values).fetchall(), read_only=True)
        self.session.last_rowcount = len(rows)
        return ResultCursor(rows, [t.to_python for t in self._types])

    def execute(self, params=()) -> tuple[int, int]:
        cursor = self.open(params)
        return cursor.total, 0


# ---- INSERT ---------------------------------------------------------------------------------------------
def _constant(node: exp.Expr):
    """(True, value) for a literal the engine can evaluate itself, else (False, None)."""
    if node.meta and node.meta.get(IFX_META) is not None:
        return False, None
    if isinstance(node, exp.Null):
        return True, None
    if isinstance(node, exp.Boolean):
        return True, bool(node.this)
    if isinstance(node, exp.Literal):
        if node.is_string:
            return True, node.this
        text = node.this
        return True, int(text) if text.isdigit() else Decimal(text)
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        ok, value = _constant(node.this)
        return ok, -value
    return False, None


class InsertStatement(Statement):
    stmt_type = c.STMT_INSERT

    def __init__(self, session: EngineSession, tree: exp.Insert, nparams: int):
        super().__init__(session)
        tree = _translator(session).translate(tree)
        self.table = _table_of(session, tree.this)
        names = [i.name.lower() for i in tree.this.expressions] if isinstance(tree.this, exp.Schema) else []
        for name in names:
            if self.table.column(name) is None:
                raise SqlError(-217, near=name)
        self.targets = [self.table.column(n) for n in names] if names else list(self.table.columns)
        self._nparams = nparams
        source = tree.expression
        self._rows: list[list[exp.Expr]] | None = None
        self._query: QueryStatement | None = None
        if isinstance(source, exp.Values):
            self._rows = [list(t.expressions) if isinstance(t, exp.Tuple) else [t] for t in source.expressions]
            for row in self._rows:
                if len(row) != len(self.targets):
                    raise SqlError(E_VALUES_COUNT)
                for target, node in zip(self.targets, row):
                    if isinstance(node, exp.Placeholder):
                        self.param_columns.append(target.ifx.describe(target.name, target.nullable))
                    elif isinstance(node, exp.Null) and not target.nullable and not target.ifx.is_serial:
                        pass  # reported at execution, as Informix does
            self._check_expressions()
        elif isinstance(source, exp.Query):
            self._query = QueryStatement(session, source, nparams)
            if len(self._query.columns) != len(self.targets):
                raise SqlError(E_VALUES_COUNT)
        else:
            raise SqlError(-201)

    def _check_expressions(self) -> None:
        exprs = [n for row in self._rows for n in row if not _constant(n)[0] and not isinstance(n, exp.Placeholder)]
        if exprs:
            try:
                self.session.conn.sql(_null_probe(exp.select(*[e.copy() for e in exprs])))
            except duckdb.Error as exc:
                raise from_duckdb(exc) from None

    def _evaluate(self, row: list[exp.Expr], params: list) -> list:
        values: list = [None] * len(row)
        pending: list[tuple[int, exp.Expr]] = []
        for i, node in enumerate(row):
            if isinstance(node, exp.Placeholder):
                values[i] = params[int(node.this) - 1]
                continue
            ok, value = _constant(node)
            if ok:
                values[i] = value
            else:
                pending.append((i, node))
        if pending:
            exprs, used = [], []
            for _, node in pending:
                node = node.copy()
                for ph in list(node.find_all(exp.Placeholder)):
                    used.append(_plain_param(params[int(ph.this) - 1]))
                    ph.set("this", str(len(used)))
                exprs.append(node)
            sql = exp.select(*exprs).sql(dialect="duckdb")
            result = self.session.read(sql, used).fetchone()
            for (i, _), value in zip(pending, result):
                values[i] = value
        return values

    def execute(self, params=()) -> tuple[int, int]:
        params = list(params or ())
        if len(params) != self._nparams:
            raise SqlError(E_HOST_VARIABLES)
        return self.session.run(lambda: self._insert(params), verb="insert")

    def _insert(self, params: list) -> tuple[int, int]:
        if self._rows is not None:
            sources = [self._evaluate(row, params) for row in self._rows]
        else:
            values = self._query._params.convert(params)
            sources = self.session.read(self._query.sql, values).fetchall()
        table = self.table
        serial_col = table.serial_column
        names = [t.name for t in self.targets]
        if serial_col is not None and serial_col.name not in names:
            names.append(serial_col.name)
        rows = []
        serial = 0
        for source in sources:
            values = {t.name: t.ifx.coerce(v) for t, v in zip(self.targets, source)}
            if serial_col is not None:
                serial = self._serial(serial_col, values.get(serial_col.name))
                values[serial_col.name] = serial
            for col in table.columns:
                if col.nullable:
                    continue
                if col.name in values:
                    if values[col.name] is None:
                        raise SqlError(-391, near=col.name)
                elif table.defaults.get(col.name) in (None, "NULL"):
                    raise SqlError(-391, near=col.name)
            rows.append([values[n] for n in names])
        self._check_unique(rows, names)
        if rows:
            cols = ", ".join(_quote(n) for n in names)
            marks = ", ".join(f"${i}" for i in range(1, len(names) + 1))
            sql = f"INSERT INTO {table.duck_name} ({cols}) VALUES ({marks})"
            if len(rows) == 1:
                self.session.write(sql, rows[0])
            else:
                self.session.write(sql, rows, many=True)
        self.session.last_rowcount = len(rows)
        if serial_col is not None:
            self.session.last_serial = serial
        return len(rows), serial

    def _serial(self, col: CatalogColumn, given) -> int:
        """The serial value for a new row: the next one for 0/NULL, else ``given``."""
        session, table = self.session, self.table
        lock = session.db.lock
        key = (table.tabid, col.name) if table.tabid else None
        store = session.db.serials if key else table.__dict__.setdefault("serial_counter", {})
        key = key or col.name
        with lock:
            if key not in store:
                top = session.read(f"SELECT max({_quote(col.name)}) FROM {table.duck_name}").fetchone()[0]
                store[key] = int(top or 0)
            if given in (None, 0):
                store[key] += 1
                return store[key]
            store[key] = max(store[key], int(given))
            return int(given)

    def _check_unique(self, rows: list[list], names: list[str]) -> None:
        for key in self.table.keys:
            if not all(k in names for k in key.columns):
                positions = [names.index(k) if k in names else None for k in key.columns]
            else:
                positions = [names.index(k) for k in key.columns]
            seen = set()
            locks = []
            code = -268 if key.kind in ("P", "U") else -239
            where = " AND ".join(f"{_quote(k)} = ${i}" for i, k in enumerate(key.columns, start=1))
            sql = f"SELECT 1 FROM {self.table.duck_name} WHERE {where} LIMIT 1"
            for row in rows:
                values = tuple(row[p] if p is not None else None for p in positions)
                if any(v is None for v in values):
                    continue
                if values in seen or self.session.read(sql, list(values)).fetchone():
                    raise SqlError(code, ISAM_DUPLICATE, near=key.name)
                seen.add(values)
                locks.append(("key", self.table.duck_name, tuple(key.columns), values))
            if self.table.tabid:
                self.session.lock(locks, "insert")


# ---- UPDATE / DELETE ----------------------------------------------------------------------------------------
class DmlStatement(Statement):
    def __init__(self, session: EngineSession, tree: exp.Expr, nparams: int):
        super().__init__(session)
        tree = _translator(session).translate(tree)
        self.table = _table_of(session, tree.this)
        self._update = isinstance(tree, exp.Update)
        where = tree.args.get("where")
        if self._update:
            self.stmt_type = c.STMT_UPDATE_WHERE if where else c.STMT_UPDATE_ALL
            self._assigned: list[tuple[CatalogColumn, exp.Expr]] = []
            for assignment in tree.expressions:
                if not isinstance(assignment, exp.EQ) or not isinstance(assignment.this, exp.Column):
                    raise SqlError(-201)
                col = self.table.column(assignment.this.name.lower())
                if col is None:
                    raise SqlError(-217, near=assignment.this.name.lower())
                self._assigned.append((col, assignment.expression))
            probe_exprs = [e.copy() for _, e in self._assigned]
        else:
            self.stmt_type = c.STMT_DELETE_WHERE if where else c.STMT_DELETE_ALL
            probe_exprs = [exp.Literal.number(1)]
        probe = exp.select(*probe_exprs).from_(tree.this.copy())
        if where is not None:
            probe = probe.where(where.this.copy())
        try:
            session.conn.sql(_null_probe(probe))
        except duckdb.Error as exc:
            raise from_duckdb(exc) from None
        self._params = _Params(nparams, placeholder_targets(tree, _column_type_in(session, tree)))
        self.sql = tree.sql(dialect="duckdb")
        rows = exp.select(exp.column("rowid")).from_(tree.this.copy())
        if where is not None:
            rows = rows.where(where.this.copy())
        self._rowid_sql, self._rowid_params = _renumbered(rows)

    def execute(self, params=()) -> tuple[int, int]:
        values = self._params.convert(params)
        if self._update:
            for col, node in self._assigned:
                is_null = isinstance(node, exp.Null) or (
                    isinstance(node, exp.Placeholder) and values[int(node.this) - 1] is None
                )
                if is_null and not col.nullable:
                    raise SqlError(-391, near=col.name)
        verb = "update" if self._update else "delete"
        count = self.session.run(lambda: self._apply(values), verb=verb)
        self.session.last_rowcount = count
        return count, 0

    def _apply(self, values: list) -> int:
        if self.table.tabid:
            used = [values[i - 1] for i in self._rowid_params]
            rowids = self.session.read(self._rowid_sql, used).fetchall()
            verb = "update" if self._update else "delete"
            self.session.lock([("row", self.table.duck_name, r[0]) for r in rowids], verb)
        count = self.session.write(self.sql, values).fetchone()[0]
        if self._update:
            assigned = {col.name for col, _ in self._assigned}
            for key in self.table.keys:
                if assigned.intersection(key.columns):
                    cols = ", ".join(_quote(k) for k in key.columns)
                    dup = self.session.read(
                        f"SELECT 1 FROM {self.table.duck_name} WHERE {' AND '.join(f'{_quote(k)} IS NOT NULL' for k in key.columns)}"
                        f" GROUP BY {cols} HAVING count(*) > 1 LIMIT 1"
                    ).fetchone()
                    if dup:
                        raise SqlError(-268 if key.kind in ("P", "U") else -239, ISAM_DUPLICATE, near=key.name)
        return int(count)


# ---- DDL ---------------------------------------------------------------------------------------------------
def _default_sql(session: EngineSession, text: str | None) -> str | None:
    """DuckDB SQL for an Informix DEFAULT expression."""
    if text is None:
        return None
    if text.upper() == "USER":
        return sqltext.quote(session.user)
    if text.upper() == "NULL":
        return "NULL"
    tree = parse(sqltext.lex(f"SELECT {text}").text)
    tree = _translator(session).translate(tree)
    return tree.expressions[0].sql(dialect="duckdb")


class CreateTable(Statement):
    def __init__(self, session: EngineSession, table: ddl.TableDef):
        super().__init__(session)
        self.stmt_type = c.STMT_CREATE_TEMP_TABLE if table.temp else c.STMT_CREATE_TABLE
        session.require_database()
        self.table = table
        self._defaults = {col.name: _default_sql(session, col.default) for col in table.columns}

    def execute(self, params=()) -> tuple[int, int]:
        session, table = self.session, self.table
        db = session.require_database()
        exists = table.name in session.temp_tables or session.table(table.name) is not None
        if exists:
            if table.if_not_exists:
                return 0, 0
            raise SqlError(E_TABLE_EXISTS, -100, near=table.name)
        catalog_name = TEMP_CATALOG if table.temp else db.catalog
        duck_name = f"{catalog_name}.main.{_quote(table.name)}"
        column_sql = []
        for col in table.columns:
            part = f"{_quote(col.name)} {col.ifx.duck()}"
            if self._defaults[col.name] is not None:
                part += f" DEFAULT {self._defaults[col.name]}"
            if not col.nullable:
                part += " NOT NULL"
            column_sql.append(part)
        create = f"CREATE {'TEMP ' if table.temp else ''}TABLE {duck_name} ({', '.join(column_sql)})"
        columns = [CatalogColumn(col.name, col.ifx, col.nullable) for col in table.columns]
        keys = [ddl.KeyDef(k.kind, k.columns, k.name) for k in table.keys]
        if table.temp:
            session.run(lambda: session.write(create), verb="create")
            session.temp_tables[table.name] = TableInfo(
                table.name, 0, f"{TEMP_CATALOG}.main.{_quote(table.name)}", columns, self._defaults, keys
            )
            return 0, 0
        session.run(lambda: self._create_permanent(create, columns, keys), verb="create")
        session.engine.schema_changed()
        return 0, 0

    def _create_permanent(self, create: str, columns: list[CatalogColumn], keys: list[ddl.KeyDef]) -> None:
        session, table = self.session, self.table
        db = session.db
        q = f"{db.catalog}.main"
        session.write(create)
        with db.lock:
            if not db.next_tabid:
                top = session.read(f"SELECT max(tabid) FROM {q}._ifx_tables").fetchone()[0] or 0
                db.next_tabid = max(FIRST_USER_TABID, top + 1)
            tabid = db.next_tabid
            db.next_tabid += 1
        session.write(
            f"INSERT INTO {q}._ifx_tables VALUES ($1, $2, $3, 'T', current_date, $4)",
            [tabid, table.name, session.user, len(columns)],
        )
        for colno, col in enumerate(columns, start=1):
            coltype, collength = syscolumns_code(col.ifx, col.nullable)
            session.write(
                f"INSERT INTO {q}._ifx_columns VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [tabid, colno, col.name, col.ifx.sql(), coltype, collength, col.nullable, self._defaults[col.name]],
            )
        for number, key in enumerate(keys, start=1):
            colnos = ",".join(str([c.name for c in columns].index(k) + 1) for k in key.columns)
            name = key.name or f" {tabid}_{number}"
            key.name = name
            session.write(
                f"INSERT INTO {q}._ifx_indexes VALUES ($1, $2, $3, 'U', $4, $5, $6)",
                [name, tabid, session.user, colnos, key.kind, number],
            )
        session.forget_tables()


class DropTable(Statement):
    stmt_type = c.STMT_DROP_TABLE

    def __init__(self, session: EngineSession, name: str, if_exists: bool):
        super().__init__(session)
        session.require_database()
        self.name = name
        self.if_exists = if_exists

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        if self.name in session.temp_tables:
            info = session.temp_tables[self.name]
            session.run(lambda: session.write(f"DROP TABLE {info.duck_name}"), verb="drop")
            del session.temp_tables[self.name]
            return 0, 0
        info = session.table(self.name)
        if info is None:
            if self.if_exists:
                return 0, 0
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.name)
        if info.tabid < FIRST_USER_TABID:
            raise SqlError(-214)  # catalog tables cannot be dropped
        q = f"{session.db.catalog}.main"

        def drop() -> None:
            session.write(f"DROP TABLE {info.duck_name}")
            for meta in ("_ifx_tables", "_ifx_columns", "_ifx_indexes"):
                session.write(f"DELETE FROM {q}.{meta} WHERE tabid = $1", [info.tabid])
            session.forget_tables()

        session.run(drop, verb="drop")
        session.engine.schema_changed()
        return 0, 0


class CreateIndex(Statement):
    stmt_type = c.STMT_CREATE_INDEX

    def __init__(self, session: EngineSession, name: str, table: str, columns: list[str], unique: bool):
        super().__init__(session)
        session.require_database()
        self.name, self.table_name, self.index_columns, self.unique = name, table, columns, unique

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        info = session.table(self.table_name)
        if info is None:
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.table_name)
        for col in self.index_columns:
            if info.column(col) is None:
                raise SqlError(-217, near=col)
        if any(k.name == self.name for k in info.keys) or self._index_exists():
            raise SqlError(E_INDEX_EXISTS, near=self.name)
        if self.unique:
            cols = ", ".join(_quote(k) for k in self.index_columns)
            dup = session.run(
                lambda: session.read(
                    f"SELECT 1 FROM {info.duck_name} GROUP BY {cols} HAVING count(*) > 1 LIMIT 1"
                ).fetchone(),
                read_only=True,
            )
            if dup:
                raise SqlError(E_UNIQUE_INDEX_DUPLICATES, ISAM_DUPLICATE, near=self.name)
        if info.tabid == 0:
            if self.unique:
                info.keys.append(ddl.KeyDef("I", list(self.index_columns), self.name))
            return 0, 0
        q = f"{session.db.catalog}.main"
        colnos = ",".join(str([c.name for c in info.columns].index(k) + 1) for k in self.index_columns)

        def create() -> None:
            session.write(
                f"INSERT INTO {q}._ifx_indexes VALUES ($1, $2, $3, $4, $5, NULL, NULL)",
                [self.name, info.tabid, session.user, "U" if self.unique else "D", colnos],
            )
            session.forget_tables()

        session.run(create, verb="create")
        session.engine.schema_changed()
        return 0, 0

    def _index_exists(self) -> bool:
        q = f"{self.session.db.catalog}.main"
        return bool(self.session.conn.execute(f"SELECT 1 FROM {q}._ifx_indexes WHERE idxname = $1", [self.name]).fetchone())


class DropIndex(Statement):
    stmt_type = c.STMT_DROP_INDEX

    def __init__(self, session: EngineSession, name: str, if_exists: bool):
        super().__init__(session)
        session.require_database()
        self.name, self.if_exists = name, if_exists

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        for info in session.temp_tables.values():
            for key in list(info.keys):
                if key.kind == "I" and key.name == self.name:
                    info.keys.remove(key)
                    return 0, 0
        q = f"{session.db.catalog}.main"

        def drop() -> int:
            count = session.write(
                f"DELETE FROM {q}._ifx_indexes WHERE idxname = $1 AND constrtype IS NULL", [self.name]
            ).fetchone()[0]
            session.forget_tables()
            return count

        if not session.run(drop, verb="drop") and not self.if_exists:
            raise SqlError(E_NO_SUCH_INDEX, near=self.name)
        session.engine.schema_changed()
        return 0, 0


def _create_database(session: EngineSession, name: str, logged: bool) -> Statement:
    def create() -> None:
        if session.in_transaction:
            raise SqlError(-535)
        db = session.engine.create_database(name, logged, session.user)
        session._drop_temp_tables()
        session._use(db)

    return ActionStatement(session, c.STMT_CREATE_DATABASE, create)


def _drop_database(session: EngineSession, name: str) -> None:
    if session.database == name.lower():
        raise SqlError(-425, -107, near=name.lower())
    session.engine.drop_database(name)


def _switch_database(session: EngineSession, name: str) -> None:
    session.engine.database(name)
    if session.in_transaction:
        raise SqlError(-535)
    session._drop_temp_tables()
    session.open_database(name)
