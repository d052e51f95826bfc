"""SELECT, INSERT, UPDATE and DELETE."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

import duckdb
from sqlglot import exp

from informix_db.protocol import constants as c
from informix_db.types import typecodes as tc

from . import catalog_results, columnar, constraints, ifxtypes, isolation, lobs, triggers
from .base import (
    E_HOST_VARIABLES,
    ArrowResultCursor,
    Params,
    ResultCursor,
    Statement,
    column_type_in,
    informix_semantics,
    null_probe,
    plain_param,
    quote_ident,
    renumbered,
    table_of,
    translator_for,
)
from .errors import ISAM_DUPLICATE, SqlError, from_duckdb
from .ifxtypes import VARCHAR_CODES, IfxType
from .locks import INSERTED, UPDATE
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
# Column types whose values DuckDB takes as list parameters exactly as it takes single values.
_BATCH_TYPES = frozenset((
    tc.SMALLINT, tc.INTEGER, tc.SERIAL, tc.BIGINT, tc.BIGSERIAL, tc.INT8, tc.SERIAL8, tc.FLOAT,
    tc.SMALLFLOAT, tc.DECIMAL, tc.MONEY, tc.CHAR, tc.VARCHAR, tc.NCHAR, tc.NVARCHAR, tc.LVARCHAR,
    tc.DATE, tc.BOOLEAN,
))


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
        column_type = column_type_in(session, tree)
        self.params = Params(nparams, placeholder_targets(tree, column_type))
        tree = informix_semantics(tree, column_type)
        self.param_count = nparams
        self.sql = tree.sql(dialect="duckdb")
        try:
            if "nextval" in self.sql.lower():  # describing must not advance a sequence
                relation = session.conn.sql(null_probe(tree))
            else:
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
        self._as_stored: list[bool] = []
        for i, duck_type in enumerate(duck_types):
            out = outputs[i] if outputs else None
            ifx = out.ifx if out and out.ifx is not None else ifxtypes.from_duck(duck_type)
            name = out.name if out else duck_names[i].lower()
            self.result_types.append(ifx)
            self._converters.append(ifx.converter(duck_type))
            self.columns.append(ifx.describe(name, out.nullable if out else True))
            same_storage = str(duck_type).upper() == ifx.duck()
            self._as_stored.append(same_storage and (self._converters[-1] is None or ifx.code in VARCHAR_CODES))
        # Results of column types Arrow holds exactly are read from DuckDB in columnar form.
        self._arrow = all(columnar.arrow_type(str(t).upper()) is not None for t in duck_types)
        self.deferred_columns = [i for i, ifx in enumerate(self.result_types) if lobs.is_deferred(ifx)]
        self._tree = tree
        self._kept = (catalog_results.CatalogResults()
                      if self._arrow and catalog_results.reads_only_catalog(tree, session.temp_tables) else None)

    def open(self, params=(), scroll: bool = False) -> ResultCursor:
        """Run the query; ``scroll`` (extension) refuses FOR UPDATE as Informix does (-526)."""
        if scroll and self.for_update:
            raise SqlError(E_SCROLL_FOR_UPDATE)
        values = self.params.convert(params)
        read = isolation.before_read(self.session, self, values)
        try:
            if not self.for_update:
                stable = isolation.stable_cursor(self.session, self, values)
                if stable is not None:
                    return stable
            return self._open(values, scroll, self.sql if read is None else read.sql)
        finally:
            if read is not None:
                read.close()

    def _open(self, values: list, scroll: bool, sql: str) -> ResultCursor:
        if self.for_update and self.session.in_transaction:
            rows = self.session.run(lambda: self._locked_rows(values), read_only=True)
            self.session.last_rowcount = len(rows)
            return ResultCursor(rows, self._converters)
        if self._arrow and not scroll:
            def read():
                return self.session.run(lambda: self.session.read_columnar(sql, values), read_only=True)

            kept = self._kept if sql == self.sql else None  # not a dirty reader's overlay of other sessions' rows
            result = read() if kept is None else kept.rows(self.session, values, read)
            if not isinstance(result, list):
                self.session.last_rowcount = result.num_rows
                return ArrowResultCursor(result, self._converters, self._as_stored)
            self.session.last_rowcount = len(result)
            return ResultCursor(result, self._converters)
        rows = self.session.run(lambda: self.session.read(sql, values).fetchall(), read_only=True)
        self.session.last_rowcount = len(rows)
        return ResultCursor(rows, self._converters)

    @cached_property
    def read_tables(self) -> isolation.ReadTables:
        """The tables this query reads, for the isolation level's checks."""
        return isolation.read_tables(self.session, self._tree)

    def execute(self, params=()) -> tuple[int, int]:
        cursor = self.open(params)
        return cursor.total, 0

    def _locked_rows(self, values: list) -> list:
        self._lock_rows(values)
        return self.session.read(self.sql, values).fetchall()

    def _lock_rows(self, values: list) -> None:
        """SELECT ... FOR UPDATE in a transaction: lock the rows of its one table, as UPDATE would
        (other writers and FOR UPDATE readers then wait or fail until this transaction ends)."""
        select = self._tree
        source = select.args.get("from_") if isinstance(select, exp.Select) else None
        if source is None or select.args.get("joins") or not isinstance(source.this, exp.Table):
            return
        table = source.this
        info = self.session.table(table.name, table.catalog or None)
        if info is None or not info.tabid:
            return
        rows = exp.select(exp.column("rowid", table=table.alias_or_name)).from_(table.copy())
        if select.args.get("where") is not None:
            rows = rows.where(select.args["where"].this.copy())
        sql, order = renumbered(rows)
        rowids = self.session.read(sql, [values[i - 1] for i in order]).fetchall()
        self.session.lock([("row", info.duck_name, r[0]) for r in rowids], "select", UPDATE)


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
        tree = informix_semantics(tree, column_type_in(session, tree))
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
            # Rows of placeholders only (the usual prepared INSERT): the parameter of each column.
            self._direct = [
                [int(node.this) - 1 for node in row] if all(isinstance(n, exp.Placeholder) for n in row) else None
                for row in self._rows
            ]
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
        params = self._checked(params)
        # A batchable INSERT (no trigger, CHECK or FOREIGN KEY) writes with one DuckDB statement, its last step.
        return self.session.run(lambda: self._insert(params), verb="insert", one_write=self.batchable)

    def _checked(self, params) -> list:
        params = list(params or ())
        if len(params) != self._nparams:
            raise SqlError(E_HOST_VARIABLES)
        return params

    def _insert(self, params: list) -> tuple[int, int]:
        firing = triggers.Firing(self.session, self.table, "I")
        firing.before()
        names, rows, serial = self._new_rows(params)
        self._check_unique(rows, names)
        if rows:
            self._write(names, rows)
            if self.table.checks or self.table.foreign_keys:
                constraints.after_insert(self.session, self.table, rows, names)
            firing.each_row(None, firing.inserted(names, rows))
        firing.after()
        self._note(len(rows), serial)
        return len(rows), serial

    def _note(self, rowcount: int, serial: int) -> None:
        self.session.last_rowcount = rowcount
        if self.table.serial_column is not None:
            self.session.last_serial = serial

    def _new_rows(self, params: list) -> tuple[list[str], list[list], int]:
        """The column names and the checked rows one execution inserts, and its SERIAL value."""
        if self._rows is not None:
            sources = [
                [params[i] for i in direct] if direct is not None else self._evaluate(row, params)
                for row, direct in zip(self._rows, self._direct)
            ]
        else:
            values = self._query.params.convert(params)
            sources = self.session.read(self._query.sql, values).fetchall()
        names, coercers, serial_col, serial_at, not_null = self._row_plan
        rows = []
        serial = 0
        codec = self.session.codec
        for source in sources:
            row = [ifxtypes.text_for(coerce(v), t.ifx, codec) for coerce, t, v in zip(coercers, self.targets, source)]
            if serial_col is not None:
                if serial_at == len(row):
                    row.append(None)  # the SERIAL column is not a target: the next value
                serial = row[serial_at] = self._serial(serial_col, row[serial_at])
            for at, name in not_null:
                if at is None or row[at] is None:
                    raise SqlError(-391, near=name)
            rows.append(row)
        return names, rows, serial

    @cached_property
    def _row_plan(self):
        """Names of the columns written, the coercion of each target, the SERIAL column and its
        position, and the NOT NULL columns each row must give a value (in the table's order,
        with their positions: None for a column without one and without a default)."""
        table = self.table
        serial_col = table.serial_column
        names = [t.name for t in self.targets]
        coercers = [t.ifx.coercer() for t in self.targets]
        if serial_col is not None and serial_col.name not in names:
            names.append(serial_col.name)
        position = {name: i for i, name in enumerate(names)}  # a repeated target: its last value
        serial_at = position[serial_col.name] if serial_col is not None else None
        not_null = [
            (position.get(col.name), col.name) for col in table.columns
            if not col.nullable and (col.name in position or table.defaults.get(col.name) in (None, "NULL"))
        ]
        return names, coercers, serial_col, serial_at, not_null

    def _write(self, names: list[str], rows: list[list]) -> None:
        if self.table.tabid:  # table locks and readers meet the new rows
            self.session.lock([("insert", self.table.duck_name)], "insert", INSERTED)
        cols = ", ".join(quote_ident(n) for n in names)
        if len(rows) == 1:
            marks = ", ".join(f"${i}" for i in range(1, len(names) + 1))
            self.session.write(f"INSERT INTO {self.table.duck_name} ({cols}) VALUES ({marks})", rows[0])
            return
        types = {col.name: col.ifx for col in self.table.columns}
        if not all(types[n].code in _BATCH_TYPES for n in names):
            marks = ", ".join(f"${i}" for i in range(1, len(names) + 1))
            self.session.write(f"INSERT INTO {self.table.duck_name} ({cols}) VALUES ({marks})", rows, many=True)
            return
        self._write_columns(names, [list(c) for c in zip(*rows)])

    def _write_columns(self, names: list[str], columns: list[list]) -> None:
        types = {col.name: col.ifx for col in self.table.columns}
        self.session.write_columns(self.table.duck_name, names, [types[n].duck() for n in names], columns)

    def _columns_at_once(self, param_sets: list[list]) -> list[list] | None:
        """A batch's checked values column by column, when no execution of it would fail and
        none takes a SERIAL value or a key check (each row's own work); else None."""
        _, coercers, serial_col, _, not_null = self._row_plan
        direct = self._direct[0]
        if serial_col is not None or self.table.keys or direct is None:
            return None
        if any(len(params) != self._nparams for params in param_sets):
            return None
        codec = self.session.codec
        columns = []
        try:
            for at, coerce, target in zip(direct, coercers, self.targets):
                values = [coerce(params[at]) for params in param_sets]
                if target.ifx.code in ifxtypes.BOUNDED_TEXT:
                    values = [ifxtypes.text_for(value, target.ifx, codec) for value in values]
                columns.append(values)
        except Exception:  # some execution fails: the row-by-row path reports it as its own
            return None
        if any(at is None or None in columns[at] for at, _ in not_null):
            return None
        return columns

    # ---- batches of executions (pipelined BIND+EXECUTE of one statement) ----------------------------
    @property
    def batchable(self) -> bool:
        """Whether ``execute_batch`` may write many executions' rows with one engine call:
        one VALUES row of plain column types, nothing exchanged with the client, no CHECK or
        FOREIGN KEY constraint (those are checked per statement after its write), no trigger
        (its actions run around each statement)."""
        return (
            not self.table.checks
            and not self.table.foreign_keys
            and not triggers.on_table(self.session, self.table)
            and self._rows is not None
            and len(self._rows) == 1
            and not self.client_file_reads
            and all(col.ifx.code in _BATCH_TYPES for col in self.targets)
        )

    def execute_batch(self, param_sets: list[list]) -> list:
        """What ``execute`` gives for each parameter set in turn, as (rowcount, serial) or the
        exception it raised; the rows of the executions that succeed are written together.

        A failing execution fails alone, as it would on its own: earlier and later ones still
        insert. If the batch cannot be written as one (anything failing inside DuckDB), it is
        undone and every execution runs on its own instead.
        """
        session = self.session
        serials = self._serial_counters()
        outcomes: list = []

        def together() -> list:
            columns = self._columns_at_once(param_sets) if len(param_sets) > 1 else None
            if columns is not None:
                self._write_columns(self._row_plan[0], columns)
                self._note(1, 0)
                return [(1, 0)] * len(param_sets)
            seen: dict = {}
            written: list[list] = []
            names: list[str] = []
            last = None
            for params in param_sets:
                held = len(session._held)
                try:
                    names, rows, serial = self._new_rows(self._checked(params))
                    self._check_unique(rows, names, seen)
                except SqlError as exc:
                    session._release_locks(held)
                    outcomes.append(exc)
                    continue
                written.extend(rows)
                last = (len(rows), serial)
                outcomes.append(last)
            if written:
                self._write(names, written)
            if last is not None:
                self._note(*last)
            return outcomes

        def one_by_one() -> list:
            self._restore_serial_counters(serials)
            outcomes.clear()
            for params in param_sets:
                try:
                    outcomes.append(self.execute(params))
                except Exception as exc:  # reported per execution, as the session would
                    outcomes.append(exc)
            return outcomes

        return session.run_batch(together, one_by_one)

    def _serial_counters(self):
        """(store, key, value) of this table's SERIAL counter, to undo a batch's allocations."""
        col = self.table.serial_column
        if col is None:
            return None
        store, key = self._serial_store(col)
        return store, key, store.get(key)

    def _restore_serial_counters(self, saved) -> None:
        if saved is None:
            return
        store, key, value = saved
        with self.session.db.lock:
            if value is None:
                store.pop(key, None)
            else:
                store[key] = value

    def _serial_store(self, col: CatalogColumn):
        # Temp tables count on their own description; permanent ones share the database's counters.
        session, table = self.session, self.table
        return (session.db.serials, (table.tabid, col.name)) if table.tabid else (table.serials, col.name)

    def _serial(self, col: CatalogColumn, given) -> int:
        """The serial value for a new row: the next one for 0/NULL, else ``given``."""
        session, table = self.session, self.table
        store, key = self._serial_store(col)
        with session.db.lock:
            if key not in store:
                top = session.read(f"SELECT max({quote_ident(col.name)}) FROM {table.duck_name}").fetchone()[0]
                store[key] = max(int(top or 0), col.serial_start - 1)
            if given in (None, 0):
                store[key] += 1
                return store[key]
            store[key] = max(store[key], int(given))
            return int(given)

    def _check_unique(self, rows: list[list], names: list[str], accepted: dict | None = None) -> None:
        """Duplicate-key errors for ``rows``; ``accepted`` holds, per key, the values of rows
        written by earlier executions of a batch that are not in the table yet."""
        fresh: list[set] = []
        for number, key in enumerate(self.table.keys):
            if not all(k in names for k in key.columns):
                positions = [names.index(k) if k in names else None for k in key.columns]
            else:
                positions = [names.index(k) for k in key.columns]
            earlier = accepted.get(number, ()) if accepted is not None else ()
            seen = set()
            locks = []
            code = -268 if key.kind in ("P", "U") else -239
            # Informix's unique keys count NULL as a value: one row may hold it, not two.
            where = " AND ".join(
                f"{quote_ident(k)} IS NOT DISTINCT FROM ${i}" for i, k in enumerate(key.columns, start=1)
            )
            sql = f"SELECT 1 FROM {self.table.duck_name} WHERE {where} LIMIT 1"
            for row in rows:
                values = tuple(row[p] if p is not None else None for p in positions)
                if values in seen or values in earlier or self.session.read(sql, list(values)).fetchone():
                    raise SqlError(code, ISAM_DUPLICATE, near=key.label(self.table.name))
                seen.add(values)
                locks.append(("key", self.table.duck_name, tuple(key.columns), values))
            if self.table.tabid:
                self.session.lock(locks, "insert")
            fresh.append(seen)
        if accepted is not None:  # every key passed: these rows will be written
            for number, values in enumerate(fresh):
                accepted.setdefault(number, set()).update(values)


# ---- UPDATE / DELETE ----------------------------------------------------------------------------------------
class DmlStatement(Statement):
    fires_triggers = True  # False for TRUNCATE

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
        column_type = column_type_in(session, tree)
        self.params = Params(nparams, placeholder_targets(tree, column_type))
        tree = informix_semantics(tree, column_type)
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
        assigned = frozenset(col.name for col, _ in self._assigned) if self._update else frozenset()
        firing = triggers.Firing(self.session, self.table, "U" if self._update else "D", assigned, self.fires_triggers)
        firing.before()
        rowids: list = []
        if self.table.tabid:
            used = [values[i - 1] for i in self._rowid_params]
            rowids = [r[0] for r in self.session.read(self._rowid_sql, used).fetchall()]
            verb = "update" if self._update else "delete"
            self.session.lock([("row", self.table.duck_name, r) for r in rowids], verb)
            if not self._update and self.table.referenced_by:
                constraints.before_delete(self.session, self.table, self._rowid_sql, used)
        old = firing.read(rowids)
        count = self.session.write(self.sql, values).fetchone()[0]
        if self._update and (self.table.checks or self.table.foreign_keys or self.table.referenced_by):
            constraints.after_write(self.session, self.table, {col.name for col, _ in self._assigned})
        if self._update:
            assigned = {col.name for col, _ in self._assigned}
            for key in self.table.keys:
                if assigned.intersection(key.columns):
                    cols = ", ".join(quote_ident(k) for k in key.columns)
                    dup = self.session.read(
                        f"SELECT 1 FROM {self.table.duck_name} GROUP BY {cols} HAVING count(*) > 1 LIMIT 1"
                    ).fetchone()
                    if dup:
                        raise SqlError(-268 if key.kind in ("P", "U") else -239, ISAM_DUPLICATE, near=key.label(self.table.name))
        firing.each_row(old, firing.read(rowids) if self._update else None)
        firing.after()
        return int(count)


