"""DDL: tables, indexes, views and databases, kept in step with the engine catalog."""

from __future__ import annotations

import dataclasses
import re

from informix_db.protocol import constants as c

from . import constraints, ddl, routines, sqltext
from .base import ActionStatement, ResultCursor, Statement, owns, quote_ident, translator_for
from .catalog import FIRST_USER_TABID, VIEWTEXT_WIDTH, syscolumns_code
from .errors import E_COLUMN_EXISTS, ISAM_DUPLICATE, ISAM_NO_SUCH_FILE, SqlError
from .session import TEMP_CATALOG, EngineSession, TableInfo
from .translate import CatalogColumn, parse

E_TABLE_EXISTS = -310
E_NO_SUCH_CONSTRAINT = -623
E_INDEX_EXISTS = -316
E_NO_SUCH_INDEX = -319
E_UNIQUE_INDEX_DUPLICATES = -371


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
    tree = translator_for(session).translate(tree)
    return tree.expressions[0].sql(dialect="duckdb")


def column_sql(col: ddl.ColumnDef, default: str | None) -> str:
    """The DuckDB column definition of an Informix column."""
    part = f"{quote_ident(col.name)} {col.ifx.duck()}"
    if default is not None:
        part += f" DEFAULT {default}"
    if not col.nullable:
        part += " NOT NULL"
    return part


def _allocate_tabid(session: EngineSession) -> int:
    db = session.db
    with db.lock:
        if not db.next_tabid:
            top = session.read(f"SELECT max(tabid) FROM {db.catalog}.main._ifx_tables").fetchone()[0] or 0
            db.next_tabid = max(FIRST_USER_TABID, top + 1)
        db.next_tabid += 1
        return db.next_tabid - 1


def _register_column(session: EngineSession, tabid: int, colno: int, col: CatalogColumn, default: str | None) -> None:
    coltype, collength = syscolumns_code(col.ifx, col.nullable)
    collength += col.reserve << 8  # syscolumns keeps a VARCHAR's minimum in the high byte
    session.write(
        f"INSERT INTO {session.db.catalog}.main._ifx_columns VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [tabid, colno, col.name, col.declaration, coltype, collength, col.nullable, default],
    )


def _register_key(session: EngineSession, tabid: int, columns: list[CatalogColumn], key: ddl.KeyDef,
                  owner: str) -> None:
    """Record a primary-key or unique constraint; its constrid is unique in the database, as in
    Informix, and names the index (`` <tabid>_<constrid>``) when the constraint has no name."""
    names = [c.name for c in columns]
    colnos = ",".join(str(names.index(k) + 1) for k in key.columns)
    q = f"{session.db.catalog}.main"
    number = session.read(f"SELECT coalesce(max(constrid), 0) + 1 FROM {q}._ifx_indexes").fetchone()[0]
    key.name = key.name or f" {tabid}_{number}"
    session.write(
        f"INSERT INTO {session.db.catalog}.main._ifx_indexes VALUES ($1, $2, $3, 'U', $4, $5, $6)",
        [key.name, tabid, owner, colnos, key.kind, number],
    )


def register_table(
    session: EngineSession, name: str, tabtype: str, columns: list[CatalogColumn],
    defaults: dict[str, str | None], keys: list[ddl.KeyDef], owner: ddl.Owner | None = None,
) -> int:
    """Record a new permanent table or view in the catalog, owned by ``owner`` (default: the
    session's user); its tabid."""
    tabid = _allocate_tabid(session)
    owner_text = ddl.owner_name(owner, session.user, session.ansi)
    session.write(
        f"INSERT INTO {session.db.catalog}.main._ifx_tables VALUES ($1, $2, $3, $4, current_date, $5)",
        [tabid, name, owner_text, tabtype, len(columns)],
    )
    for colno, col in enumerate(columns, start=1):
        _register_column(session, tabid, colno, col, defaults.get(col.name))
    for key in keys:
        _register_key(session, tabid, columns, key, owner_text)
    session.forget_tables()
    return tabid


def check_new_table_name(session: EngineSession, name: str) -> None:
    if (name in session.temp_tables or session.table(name) is not None
            or (session.db is not None and _sequence_exists(session, name))):
        raise SqlError(E_TABLE_EXISTS, -100, near=name)


def name_is_free(session: EngineSession, name: str, if_not_exists: bool) -> bool:
    """Whether CREATE ... ``name`` should go on: False when taken and IF NOT EXISTS was given
    (the statement then does nothing), -310 when taken without it."""
    try:
        check_new_table_name(session, name)
    except SqlError:
        if if_not_exists:
            return False
        raise
    return True


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
        if not name_is_free(session, table.name, table.if_not_exists):
            return 0, 0
        catalog_name = TEMP_CATALOG if table.temp else db.catalog
        duck_name = f"{catalog_name}.main.{quote_ident(table.name)}"
        body = ", ".join(column_sql(col, self._defaults[col.name]) for col in table.columns)
        create = f"CREATE {'TEMP ' if table.temp else ''}TABLE {duck_name} ({body})"
        columns = [CatalogColumn(col.name, col.ifx, col.nullable, col.serial_start, col.reserve) for col in table.columns]
        keys = [ddl.KeyDef(k.kind, k.columns, k.name) for k in table.keys]
        if table.temp:
            info = TableInfo(table.name, 0, duck_name, columns, self._defaults, keys)

            def create_temp() -> None:
                session.write(create)
                constraints.define(session, info, table.foreign_keys, table.checks)

            session.run(create_temp, verb="create")
            session.temp_tables[table.name] = info
            return 0, 0

        def create_permanent() -> None:
            session.write(create)
            register_table(session, table.name, "T", columns, self._defaults, keys, table.owner)
            constraints.define(session, session.table(table.name), table.foreign_keys, table.checks)

        session.run(create_permanent, verb="create")
        session.engine.schema_changed()
        return 0, 0


class _DropStatement(Statement):
    """DROP <object> name [IF EXISTS]: needs an open database."""

    def __init__(self, session: EngineSession, name: str, if_exists: bool, owner: ddl.Owner | None = None):
        super().__init__(session)
        session.require_database()
        self.name, self.if_exists, self.owner = name, if_exists, owner


class DropTable(_DropStatement):
    stmt_type = c.STMT_DROP_TABLE

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        if self.name in session.temp_tables:
            info = session.temp_tables[self.name]
            session.run(lambda: session.write(f"DROP TABLE {info.duck_name}"), verb="drop")
            del session.temp_tables[self.name]
            return 0, 0
        info = session.table(self.name)
        if info is not None and (info.name != self.name or not owns(session, info, self.owner)):
            info = None  # a synonym (DROP SYNONYM removes it), or another owner's table
        if info is None:
            if self.if_exists:
                return 0, 0
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.name)
        if info.tabid < FIRST_USER_TABID:
            raise SqlError(-214)  # catalog tables cannot be dropped
        kind = "VIEW" if info.kind == "V" else "TABLE"
        q = f"{session.db.catalog}.main"

        def drop() -> None:
            session.write(f"DROP {kind} {info.duck_name}")
            for meta in ("_ifx_tables", "_ifx_columns", "_ifx_indexes", "_ifx_views", "_ifx_triggers"):
                session.write(f"DELETE FROM {q}.{meta} WHERE tabid = $1", [info.tabid])
            constraints.forget_table(session, info.tabid)
            _forget_synonyms(session, "btabid", info.tabid)  # a table's synonyms go with it
            session.forget_tables()

        session.run(drop, verb="drop")
        session.engine.schema_changed()
        return 0, 0


class CreateIndex(Statement):
    stmt_type = c.STMT_CREATE_INDEX

    def __init__(self, session: EngineSession, index: ddl.IndexDef):
        super().__init__(session)
        session.require_database()
        self.name, self.table_name, self.index_columns, self.unique = index.name, index.table, index.columns, index.unique
        self.if_not_exists, self.descending = index.if_not_exists, index.descending
        self.owner = ddl.owner_name(index.owner, session.user, session.ansi)
        self.table_owner = index.table_owner

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        info = session.table(self.table_name)
        if info is None or not owns(session, info, self.table_owner):
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.table_name)
        for col in self.index_columns:
            if info.column(col) is None:
                raise SqlError(-217, near=col)
        if any(k.name == self.name for k in info.keys) or self._index_exists():
            if self.if_not_exists:
                return 0, 0
            raise SqlError(E_INDEX_EXISTS, near=self.name)
        if self.unique:
            cols = ", ".join(quote_ident(k) for k in self.index_columns)
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
        names = [c.name for c in info.columns]
        colnos = ",".join(
            str((-1 if k in self.descending else 1) * (names.index(k) + 1)) for k in self.index_columns
        )

        def create() -> None:
            session.write(
                f"INSERT INTO {q}._ifx_indexes VALUES ($1, $2, $3, $4, $5, NULL, NULL)",
                [self.name, info.tabid, self.owner, "U" if self.unique else "D", colnos],
            )
            session.forget_tables()

        session.run(create, verb="create")
        session.engine.schema_changed()
        return 0, 0

    def _index_exists(self) -> bool:
        q = f"{self.session.db.catalog}.main"
        return bool(self.session.conn.execute(f"SELECT 1 FROM {q}._ifx_indexes WHERE idxname = $1", [self.name]).fetchone())


class DropIndex(_DropStatement):
    stmt_type = c.STMT_DROP_INDEX

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


def create_database(session: EngineSession, name: str, logged: bool, ansi: bool = False) -> Statement:
    def create() -> None:
        if session.in_transaction:
            raise SqlError(-535)
        db = session.engine.create_database(name, logged, session.user, session.db_locale, ansi)
        session.drop_temp_tables()
        session.use(db)

    return ActionStatement(session, c.STMT_CREATE_DATABASE, create)


def drop_database(session: EngineSession, name: str) -> None:
    if session.database == name.lower():
        raise SqlError(-425, -107, near=name.lower())
    session.engine.drop_database(name)


def switch_database(session: EngineSession, name: str) -> None:
    session.engine.database(name)
    if session.in_transaction:
        raise SqlError(-535)
    session.drop_temp_tables()
    session.open_database(name)



# ---- ALTER / RENAME -------------------------------------------------------------------------------------
def existing_table(session: EngineSession, name: str, owner: ddl.Owner | None = None) -> TableInfo:
    """The table ``[owner.]name`` itself (a synonym names no table to change: -206)."""
    session.require_database()
    info = session.table(name)
    if info is None or info.name != name or not owns(session, info, owner):
        raise SqlError(-206, ISAM_NO_SUCH_FILE, near=name)
    return info



class AlterTable(Statement):
    stmt_type = c.STMT_ALTER_TABLE

    def __init__(self, session: EngineSession, name: str, actions: list[ddl.AlterAction],
                 owner: ddl.Owner | None = None):
        super().__init__(session)
        session.require_database()
        self.name, self.actions, self.owner = name, actions, owner
        self._defaults = {
            a.column.name: _default_sql(session, a.column.default) for a in actions if a.column is not None
        }

    def execute(self, params=()) -> tuple[int, int]:
        info = existing_table(self.session, self.name, self.owner)
        if info.kind != "T":
            raise SqlError(-201, near=self.name)
        self.session.run(lambda: self._alter(info), verb="alter")
        self.session.forget_tables()
        self.session.engine.schema_changed()
        return 0, 0

    def _alter(self, info: TableInfo) -> None:
        session = self.session
        columns, defaults, keys = list(info.columns), dict(info.defaults), list(info.keys)
        dropped_constraints: set[str] = set()
        added_keys: list[ddl.KeyDef] = []
        added_constraints: list = []  # foreign keys and checks, defined once the columns are final
        added_now: set[str] = set()  # columns this statement adds (nullable in storage until filled)
        names = lambda: [c.name for c in columns]  # noqa: E731 - recomputed after each action
        for action in self.actions:
            col = action.column
            if action.kind == "add":
                if col.name in names():
                    raise SqlError(E_COLUMN_EXISTS, near=col.name)
                default = self._defaults[col.name]
                added = ddl.ColumnDef(col.name, col.ifx, True, col.default)
                session.write(f"ALTER TABLE {info.duck_name} ADD COLUMN {column_sql(added, default)}")
                new_column = CatalogColumn(col.name, col.ifx, col.nullable, col.serial_start, col.reserve)
                if action.before and action.before not in names():
                    raise SqlError(-217, near=action.before)
                columns.insert(names().index(action.before) if action.before else len(columns), new_column)
                defaults[col.name] = default
                added_now.add(col.name)
            elif action.kind == "modify":
                if col.name not in names():
                    raise SqlError(-217, near=col.name)
                position = names().index(col.name)
                if columns[position].ifx.duck() != col.ifx.duck():
                    session.write(
                        f"ALTER TABLE {info.duck_name} ALTER COLUMN {quote_ident(col.name)} TYPE {col.ifx.duck()}"
                    )
                if columns[position].nullable != col.nullable:
                    change = "DROP NOT NULL" if col.nullable else "SET NOT NULL"
                    session.write(f"ALTER TABLE {info.duck_name} ALTER COLUMN {quote_ident(col.name)} {change}")
                columns[position] = CatalogColumn(col.name, col.ifx, col.nullable, col.serial_start, col.reserve)
                defaults[col.name] = self._defaults[col.name]
            elif action.kind == "drop":
                if action.name not in names():
                    raise SqlError(-217, near=action.name)
                constraints.drop_for_column(session, info, action.name)
                session.write(f"ALTER TABLE {info.duck_name} DROP COLUMN {quote_ident(action.name)}")
                columns = [c for c in columns if c.name != action.name]
                keys = [k for k in keys if action.name not in k.columns]
            elif action.kind == "add_key":
                for key_col in action.key.columns:
                    if key_col not in names():
                        raise SqlError(-217, near=key_col)
                _refuse_duplicates(session, info, action.key.columns, action.key.name)
                added_keys.append(action.key)
                keys.append(action.key)
            elif action.kind == "add_constraint":
                added_constraints.append(action.constraint)
            elif action.kind == "drop_constraint":
                if constraints.drop(session, info, action.name):
                    continue
                if not any(k.name == action.name and k.kind in ("P", "U") for k in keys):
                    raise SqlError(E_NO_SUCH_CONSTRAINT, near=action.name)
                dropped_constraints.add(action.name)
                keys = [k for k in keys if k.name != action.name]
        stored = [r[0] for r in session.read(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = $1 AND table_name = $2 ORDER BY column_index",
            [info.duck_name.split(".")[0], info.name],
        ).fetchall()]
        if stored != [c.name for c in columns]:
            _reorder(session, info, columns, defaults, added_now)
        if info.tabid == 0:
            altered = TableInfo(info.name, 0, info.duck_name, columns, defaults, keys, checks=list(info.checks))
            constraints.define(session, altered, *_split_constraints(added_constraints))
            session.temp_tables[info.name] = altered
            return
        self._rewrite_catalog(info, columns, defaults, added_keys, dropped_constraints)
        session.forget_tables()
        constraints.define(session, session.table(info.name), *_split_constraints(added_constraints))

    def _rewrite_catalog(self, info, columns, defaults, added_keys, dropped_constraints) -> None:
        """Re-record the table's columns and remap its indexes to the new column numbers."""
        session = self.session
        q = f"{session.db.catalog}.main"
        old_names = [c.name for c in info.columns]
        new_names = [c.name for c in columns]
        indexes = session.read(
            f"SELECT idxname, idxtype, colnos, constrtype, constrid FROM {q}._ifx_indexes WHERE tabid = $1",
            [info.tabid],
        ).fetchall()
        session.write(f"DELETE FROM {q}._ifx_columns WHERE tabid = $1", [info.tabid])
        session.write(f"DELETE FROM {q}._ifx_indexes WHERE tabid = $1", [info.tabid])
        session.write(f"UPDATE {q}._ifx_tables SET ncols = $1 WHERE tabid = $2", [len(columns), info.tabid])
        for colno, col in enumerate(columns, start=1):
            _register_column(session, info.tabid, colno, col, defaults.get(col.name))
        for idxname, idxtype, colnos, constrtype, constrid in indexes:
            parts = [int(n) for n in colnos.split(",")]  # a DESC column's part is negative
            key_names = [old_names[abs(n) - 1] for n in parts]
            if idxname in dropped_constraints or any(n not in new_names for n in key_names):
                continue
            remapped = ",".join(str((new_names.index(k) + 1) * (-1 if n < 0 else 1)) for n, k in zip(parts, key_names))
            session.write(
                f"INSERT INTO {q}._ifx_indexes VALUES ($1, $2, $3, $4, $5, $6, $7)",
                [idxname, info.tabid, info.owner, idxtype, remapped, constrtype, constrid],
            )
        for key in added_keys:
            _register_key(session, info.tabid, columns, key, info.owner)


def _reorder(session: EngineSession, info: TableInfo, columns: list[CatalogColumn],
             defaults: dict[str, str | None], added_now: set[str]) -> None:
    """Rebuild the stored table with its columns in ``columns`` order (ADD ... BEFORE)."""
    rebuilt = f"{info.duck_name.rsplit('.', 1)[0]}.{quote_ident(info.name + '__reordered')}"
    body = ", ".join(
        column_sql(ddl.ColumnDef(c.name, c.ifx, c.nullable or c.name in added_now), defaults.get(c.name))
        for c in columns
    )
    names = ", ".join(quote_ident(c.name) for c in columns)
    session.write(f"CREATE {'TEMP ' if info.tabid == 0 else ''}TABLE {rebuilt} ({body})")
    session.write(f"INSERT INTO {rebuilt} SELECT {names} FROM {info.duck_name}")
    session.write(f"DROP TABLE {info.duck_name}")
    session.write(f"ALTER TABLE {rebuilt} RENAME TO {quote_ident(info.name)}")


def _split_constraints(added: list) -> tuple[list[ddl.ForeignKey], list[ddl.Check]]:
    return [c for c in added if isinstance(c, ddl.ForeignKey)], [c for c in added if isinstance(c, ddl.Check)]


def _refuse_duplicates(session: EngineSession, info: TableInfo, columns: list[str], name: str) -> None:
    cols = ", ".join(quote_ident(k) for k in columns)
    dup = session.read(f"SELECT 1 FROM {info.duck_name} GROUP BY {cols} HAVING count(*) > 1 LIMIT 1").fetchone()
    if dup:
        raise SqlError(E_UNIQUE_INDEX_DUPLICATES, ISAM_DUPLICATE, near=name)


class RenameTable(Statement):
    stmt_type = c.STMT_RENAME_TABLE

    def __init__(self, session: EngineSession, old: str, new: str, owner: ddl.Owner | None = None):
        super().__init__(session)
        session.require_database()
        self.old, self.new, self.owner = old, new, owner

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        info = existing_table(session, self.old, self.owner)
        check_new_table_name(session, self.new)
        rename = f"ALTER {'VIEW' if info.kind == 'V' else 'TABLE'} {info.duck_name} RENAME TO {quote_ident(self.new)}"
        if info.tabid == 0:
            session.run(lambda: session.write(rename), verb="alter")
            del session.temp_tables[self.old]
            session.temp_tables[self.new] = TableInfo(
                self.new, 0, f"{TEMP_CATALOG}.main.{quote_ident(self.new)}", info.columns, info.defaults, info.keys
            )
            return 0, 0
        q = f"{session.db.catalog}.main"

        def apply() -> None:
            session.write(rename)
            session.write(f"UPDATE {q}._ifx_tables SET tabname = $1 WHERE tabid = $2", [self.new, info.tabid])
            session.forget_tables()

        session.run(apply, verb="alter")
        session.engine.schema_changed()
        return 0, 0


class RenameColumn(Statement):
    stmt_type = c.STMT_RENAME_COLUMN

    def __init__(self, session: EngineSession, table: str, old: str, new: str, owner: ddl.Owner | None = None):
        super().__init__(session)
        session.require_database()
        self.table_name, self.old, self.new, self.owner = table, old, new, owner

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        info = existing_table(session, self.table_name, self.owner)
        if info.column(self.old) is None:
            raise SqlError(-217, near=self.old)
        if info.column(self.new) is not None:
            raise SqlError(E_COLUMN_EXISTS, near=self.new)
        rename = f"ALTER TABLE {info.duck_name} RENAME COLUMN {quote_ident(self.old)} TO {quote_ident(self.new)}"
        if info.tabid == 0:
            session.run(lambda: session.write(rename), verb="alter")
            info.columns = [dataclasses.replace(c, name=self.new) if c.name == self.old else c for c in info.columns]
            info.defaults = {(self.new if k == self.old else k): v for k, v in info.defaults.items()}
            for key in info.keys:
                key.columns = [self.new if k == self.old else k for k in key.columns]
            session.forget_tables()  # statements prepared with the old name are stale
            return 0, 0
        q = f"{session.db.catalog}.main"

        def apply() -> None:
            session.write(rename)
            session.write(
                f"UPDATE {q}._ifx_columns SET colname = $1 WHERE tabid = $2 AND colname = $3",
                [self.new, info.tabid, self.old],
            )
            constraints.rename_column(session, info, self.old, self.new)
            session.forget_tables()

        session.run(apply, verb="alter")
        session.engine.schema_changed()
        return 0, 0


# ---- views and SELECT ... INTO TEMP ---------------------------------------------------------------------------
def _result_columns(query, names: list[str] | None, delimited: bool = False) -> list[CatalogColumn]:
    """Catalog columns for a query's result, renamed by ``names`` when given; ``delimited``
    (DELIMIDENT): a column named by a delimited identifier keeps its name."""
    described = query.columns
    if names is not None and len(names) != len(described):
        raise SqlError(-201)
    result = []
    for i, desc in enumerate(described):
        name = names[i] if names is not None else desc.name
        if not (ddl.IDENTIFIER.fullmatch(name) or (delimited and name and not name.startswith("("))):
            raise SqlError(-201, near=name)  # an expression column (labelled "(expression)"...) needs a name
        result.append(CatalogColumn(name, query.result_types[i], desc.nullable))
    return result


class CreateView(Statement):
    stmt_type = c.STMT_CREATE_VIEW

    def __init__(self, session: EngineSession, name: str, names: list[str] | None, query, if_not_exists: bool,
                 text: str, owner: ddl.Owner | None = None):
        super().__init__(session)
        if query.param_count:
            raise SqlError(-201)
        self.name, self.query, self.if_not_exists, self.text = name, query, if_not_exists, text
        self.owner = owner
        self.view_columns = _result_columns(query, names, session.delimident)

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        if not name_is_free(session, self.name, self.if_not_exists):
            return 0, 0
        cols = ", ".join(quote_ident(c.name) for c in self.view_columns)
        create = f"CREATE VIEW {session.db.catalog}.main.{quote_ident(self.name)} ({cols}) AS {self.query.sql}"

        def apply() -> None:
            session.write(create)
            tabid = register_table(session, self.name, "V", self.view_columns, {}, [], self.owner)
            width = VIEWTEXT_WIDTH
            for seqno, start in enumerate(range(0, len(self.text), width)):
                session.write(
                    f"INSERT INTO {session.db.catalog}.main._ifx_views VALUES ($1, $2, $3)",
                    [tabid, seqno, self.text[start : start + width]],
                )

        session.run(apply, verb="create")
        session.engine.schema_changed()
        return 0, 0


class DropView(_DropStatement):
    stmt_type = c.STMT_DROP_VIEW

    def execute(self, params=()) -> tuple[int, int]:
        info = self.session.table(self.name)
        if info is None or info.kind != "V" or not owns(self.session, info, self.owner):
            if self.if_exists:
                return 0, 0
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.name)
        return DropTable(self.session, self.name, False, self.owner).execute()


class SelectIntoTemp(Statement):
    """``SELECT ... INTO TEMP t [WITH NO LOG]``: a temp table filled from the query."""

    stmt_type = c.STMT_SELECT_INTO

    def __init__(self, session: EngineSession, query, name: str):
        super().__init__(session)
        self.query, self.name = query, name
        self.table_columns = _result_columns(query, None)

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        check_new_table_name(session, self.name)
        values = self.query.params.convert(params)
        duck_name = f"{TEMP_CATALOG}.main.{quote_ident(self.name)}"
        body = ", ".join(f"{quote_ident(c.name)} {c.ifx.duck()}" for c in self.table_columns)

        def fill() -> int:
            session.write(f"CREATE TEMP TABLE {duck_name} ({body})")
            return session.write(f"INSERT INTO {duck_name} {self.query.sql}", values).fetchone()[0]

        count = session.run(fill, verb="insert")
        session.temp_tables[self.name] = TableInfo(self.name, 0, duck_name, self.table_columns)
        session.last_rowcount = count
        return count, 0

    def open(self, params=(), scroll: bool = False) -> ResultCursor:
        self.execute(params)
        return ResultCursor([], [])


# ---- synonyms -------------------------------------------------------------------------------------------------
class CreateSynonym(Statement):
    """CREATE SYNONYM s FOR t: ``s`` names table (or view) ``t`` in every statement."""

    stmt_type = c.STMT_CREATE_TABLE

    def __init__(self, session: EngineSession, name: str, target: str, if_not_exists: bool,
                 owner: ddl.Owner | None = None, target_owner: ddl.Owner | None = None):
        super().__init__(session)
        session.require_database()
        self.name, self.target, self.if_not_exists, self.owner = name, target, if_not_exists, owner
        self.target_owner = target_owner

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        if not name_is_free(session, self.name, self.if_not_exists):
            return 0, 0
        target = existing_table(session, self.target, self.target_owner)
        if not target.tabid:
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.target)  # temp tables have no synonyms
        q = f"{session.db.catalog}.main"

        def apply() -> None:
            tabid = register_table(session, self.name, "S", [], {}, [], self.owner)
            session.write(f"INSERT INTO {q}._ifx_synonyms VALUES ($1, $2)", [tabid, target.tabid])

        session.run(apply, verb="create")
        session.engine.schema_changed()
        return 0, 0


class DropSynonym(_DropStatement):
    stmt_type = c.STMT_DROP_TABLE

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        q = f"{session.db.catalog}.main"
        found = session.read(
            f"SELECT tabid FROM {q}._ifx_tables WHERE tabname = $1 AND tabtype = 'S'", [self.name]
        ).fetchone()
        if found is None:
            if self.if_exists:
                return 0, 0
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.name)
        session.run(lambda: _forget_synonyms(session, "tabid", found[0]), verb="drop")
        session.engine.schema_changed()
        return 0, 0


def _forget_synonyms(session: EngineSession, column: str, tabid: int) -> None:
    """Remove the synonyms whose ``column`` (tabid: the synonym, btabid: its table) is ``tabid``."""
    q = f"{session.db.catalog}.main"
    session.write(
        f"DELETE FROM {q}._ifx_tables WHERE tabid IN (SELECT tabid FROM {q}._ifx_synonyms WHERE {column} = $1)",
        [tabid],
    )
    session.write(f"DELETE FROM {q}._ifx_synonyms WHERE {column} = $1", [tabid])
    session.forget_tables()


# ---- sequences ------------------------------------------------------------------------------------------------
_SEQUENCE_OPTION = re.compile(
    r"\s*(INCREMENT(?:\s+BY)?\s+[-+]?\d+|START(?:\s+WITH)?\s+[-+]?\d+|(?:MAXVALUE|MINVALUE)\s+[-+]?\d+"
    r"|NOMAXVALUE|NOMINVALUE|NOCYCLE|CYCLE|NOCACHE|CACHE\s+\d+|NOORDER|ORDER)",
    re.I,
)


def _sequence_options(text: str) -> str:
    """DuckDB's spelling of Informix sequence options (caching and ordering do not apply)."""
    options, pos = [], 0
    text = text.strip()
    while pos < len(text):
        found = _SEQUENCE_OPTION.match(text, pos)
        if not found:
            raise SqlError(-201, near=text[pos:].split()[0])
        word = " ".join(found.group(1).upper().split())
        pos = found.end()
        if word.startswith(("CACHE", "NOCACHE", "ORDER", "NOORDER")):
            continue
        word = {"NOMAXVALUE": "NO MAXVALUE", "NOMINVALUE": "NO MINVALUE", "NOCYCLE": "NO CYCLE"}.get(word, word)
        if word.startswith("INCREMENT") and " BY " not in word:
            word = word.replace("INCREMENT", "INCREMENT BY")
        if word.startswith("START") and " WITH " not in word:
            word = word.replace("START", "START WITH")
        options.append(word)
    return " ".join(options)


class CreateSequence(Statement):
    """CREATE SEQUENCE: a DuckDB sequence; ``name.NEXTVAL`` / ``name.CURRVAL`` read it."""

    stmt_type = c.STMT_CREATE_TABLE

    def __init__(self, session: EngineSession, name: str, options: str, if_not_exists: bool,
                 owner: ddl.Owner | None = None):
        super().__init__(session)
        session.require_database()
        self.name, self.options, self.if_not_exists, self.owner = name, _sequence_options(options), if_not_exists, owner

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        if session.table(self.name) is not None or _sequence_exists(session, self.name):
            if self.if_not_exists:
                return 0, 0
            raise SqlError(E_TABLE_EXISTS, -100, near=self.name)  # sequences share the tables' names
        sql = f"CREATE SEQUENCE {session.db.catalog}.main.{quote_ident(self.name)} {self.options}"

        def create() -> None:
            session.write(sql)
            register_table(session, self.name, "Q", [], {}, [], self.owner)  # systables lists sequences (tabtype Q)

        session.run(create, verb="create")
        return 0, 0


class DropSequence(_DropStatement):
    stmt_type = c.STMT_DROP_TABLE

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        if not _sequence_exists(session, self.name):
            if self.if_exists:
                return 0, 0
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=self.name)
        q = f"{session.db.catalog}.main"

        def drop() -> None:
            session.write(f"DROP SEQUENCE {q}.{quote_ident(self.name)}")
            session.write(f"DELETE FROM {q}._ifx_tables WHERE tabname = $1 AND tabtype = 'Q'", [self.name])
            session.forget_tables()

        session.run(drop, verb="drop")
        return 0, 0


def _sequence_exists(session: EngineSession, name: str) -> bool:
    return bool(session.read(
        "SELECT 1 FROM duckdb_sequences() WHERE database_name = $1 AND sequence_name = $2",
        [session.db.catalog, name],
    ).fetchone())


# ---- routines ------------------------------------------------------------------------------------------------
class CreateRoutine(Statement):
    stmt_type = c.STMT_CREATE_ROUTINE

    def __init__(self, session: EngineSession, text: str):
        super().__init__(session)
        session.require_database()
        self.routine, self.if_not_exists = routines.parse_create(text)

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        if session.routine(self.routine.name) is not None:
            if self.if_not_exists:
                return 0, 0
            raise SqlError(routines.E_ROUTINE_EXISTS, near=self.routine.name)

        def store() -> None:
            routines.store(session, self.routine)
            session.forget_tables()

        session.run(store, verb="create")
        session.engine.schema_changed()
        return 0, 0


class DropRoutine(_DropStatement):
    stmt_type = c.STMT_DROP_ROUTINE

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session

        def drop() -> int:
            count = routines.remove(session, self.name)
            session.forget_tables()
            return count

        if not session.run(drop, verb="drop") and not self.if_exists:
            raise SqlError(routines.E_ROUTINE_NOT_FOUND, near=self.name)
        session.engine.schema_changed()
        return 0, 0
