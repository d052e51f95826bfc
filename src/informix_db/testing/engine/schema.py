"""DDL: tables, indexes, views and databases, kept in step with the engine catalog."""

from __future__ import annotations

from informix_db.protocol import constants as c

from . import ddl, sqltext
from .base import ActionStatement, Statement, quote_ident, translator_for
from .catalog import FIRST_USER_TABID, syscolumns_code
from .errors import ISAM_DUPLICATE, ISAM_NO_SUCH_FILE, SqlError
from .session import TEMP_CATALOG, EngineSession, TableInfo
from .translate import CatalogColumn, parse

E_TABLE_EXISTS = -310
E_INDEX_EXISTS = -316
E_NO_SUCH_INDEX = -319
E_UNIQUE_INDEX_DUPLICATES = -371
# sqlstype.h numbers the protocol constants do not name.
STMT_CREATE_DATABASE = 12  # constants.STMT_CREATE_DATABASE says 8, which sqlstype.h gives DELETE CURRENT
STMT_DROP_DATABASE = 13


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
        duck_name = f"{catalog_name}.main.{quote_ident(table.name)}"
        column_sql = []
        for col in table.columns:
            part = f"{quote_ident(col.name)} {col.ifx.duck()}"
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
                table.name, 0, f"{TEMP_CATALOG}.main.{quote_ident(table.name)}", columns, self._defaults, keys
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


def create_database(session: EngineSession, name: str, logged: bool) -> Statement:
    def create() -> None:
        if session.in_transaction:
            raise SqlError(-535)
        db = session.engine.create_database(name, logged, session.user)
        session._drop_temp_tables()
        session._use(db)

    return ActionStatement(session, STMT_CREATE_DATABASE, create)


def drop_database(session: EngineSession, name: str) -> None:
    if session.database == name.lower():
        raise SqlError(-425, -107, near=name.lower())
    session.engine.drop_database(name)


def switch_database(session: EngineSession, name: str) -> None:
    session.engine.database(name)
    if session.in_transaction:
        raise SqlError(-535)
    session._drop_temp_tables()
    session.open_database(name)

