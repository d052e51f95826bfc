"""SELECT, INSERT, UPDATE and DELETE."""

from __future__ import annotations

from decimal import Decimal

import duckdb
from sqlglot import exp

from informix_db.protocol import constants as c

from . import ifxtypes, lobs
from .base import (
    E_HOST_VARIABLES,
    Params,
    ResultCursor,
    Statement,
    column_type_in,
    null_probe,
    plain_param,
    quote_ident,
    renumbered,
    table_of,
    translator_for,
)
from .errors import ISAM_DUPLICATE, SqlError, from_duckdb
from .ifxtypes import IfxType
from .session import EngineSession
from .translate import (
    IFX_META,
    CatalogColumn,
    Describer,
    placeholder_targets,
    render_text_casts,
)

E_VALUES_COUNT = -236
E_SCROLL_FOR_UPDATE = -526  # a scroll cursor cannot be opened FOR UPDATE  # number of columns in INSERT does not match number of VALUES


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
        tree = translator_for(session).translate(tree)
        describer = Describer(session.resolve_columns)
        render_text_casts(tree, describer)
        self.params = Params(nparams, placeholder_targets(tree, column_type_in(session, tree)))
        self.param_count = nparams
        self.sql = tree.sql(dialect="duckdb")
        try:
            relation = session.conn.sql(self.sql, params=[None] * nparams)
            duck_types = [str(t) for t in relation.types]
            duck_names = list(relation.columns)
        except duckdb.Error as exc:
            raise from_duckdb(exc) from None
        outputs = describer.outputs(tree)
        if outputs is None or len(outputs) != len(duck_types):
            outputs = None
        self.result_types: list[IfxType] = []
        self._converters: list = []
        for i, duck_type in enumerate(duck_types):
            out = outputs[i] if outputs else None
            ifx = out.ifx if out and out.ifx is not None else ifxtypes.from_duck(duck_type)
            name = out.name if out else duck_names[i].lower()
            self.result_types.append(ifx)
            self._converters.append(ifx.converter(duck_type))
            self.columns.append(ifx.describe(name, out.nullable if out else True))
        self.deferred_columns = [i for i, ifx in enumerate(self.result_types) if lobs.is_deferred(ifx)]

    def open(self, params=(), scroll: bool = False) -> ResultCursor:
        """Run the query; ``scroll`` (extension) refuses FOR UPDATE as Informix does (-526)."""
        if scroll and self.for_update:
            raise SqlError(E_SCROLL_FOR_UPDATE)
        values = self.params.convert(params)
        rows = self.session.run(lambda: self.session.read(self.sql, values).fetchall(), read_only=True)
        self.session.last_rowcount = len(rows)
        return ResultCursor(rows, self._converters)

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
        tree = translator_for(session).translate(tree)
        self.table = table_of(session, tree.this)
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
                self.session.conn.sql(null_probe(exp.select(*[e.copy() for e in exprs])))
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
                    used.append(plain_param(params[int(ph.this) - 1]))
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
            values = self._query.params.convert(params)
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
            cols = ", ".join(quote_ident(n) for n in names)
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
        # Temp tables count on their own description; permanent ones share the database's counters.
        store, key = (session.db.serials, (table.tabid, col.name)) if table.tabid else (table.serials, col.name)
        with session.db.lock:
            if key not in store:
                top = session.read(f"SELECT max({quote_ident(col.name)}) FROM {table.duck_name}").fetchone()[0]
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
            where = " AND ".join(f"{quote_ident(k)} = ${i}" for i, k in enumerate(key.columns, start=1))
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
        tree = translator_for(session).translate(tree)
        self.table = table_of(session, tree.this)
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
            session.conn.sql(null_probe(probe))
        except duckdb.Error as exc:
            raise from_duckdb(exc) from None
        self.params = Params(nparams, placeholder_targets(tree, column_type_in(session, tree)))
        self.sql = tree.sql(dialect="duckdb")
        rows = exp.select(exp.column("rowid")).from_(tree.this.copy())
        if where is not None:
            rows = rows.where(where.this.copy())
        self._rowid_sql, self._rowid_params = renumbered(rows)

    def execute(self, params=()) -> tuple[int, int]:
        values = self.params.convert(params)
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
                    cols = ", ".join(quote_ident(k) for k in key.columns)
                    dup = self.session.read(
                        f"SELECT 1 FROM {self.table.duck_name} WHERE {' AND '.join(f'{quote_ident(k)} IS NOT NULL' for k in key.columns)}"
                        f" GROUP BY {cols} HAVING count(*) > 1 LIMIT 1"
                    ).fetchone()
                    if dup:
                        raise SqlError(-268 if key.kind in ("P", "U") else -239, ISAM_DUPLICATE, near=key.name)
        return int(count)


