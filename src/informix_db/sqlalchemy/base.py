"""The Informix dialect: SQL and DDL compilers, type names, isolation levels, errors.

Driver-independent; :mod:`.informix_db` and :mod:`.aio` bind it to the blocking and
asyncio connections of this distribution. Reflection lives in :mod:`.reflection`.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref

from sqlalchemy import exc
from sqlalchemy import schema as sa_schema
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import default
from sqlalchemy.sql import coercions, compiler, elements, roles

from . import types as ifx
from .reflection import InformixReflection

# Words Informix reserves in positions where a bare name would be misread; quoting them
# needs DELIMIDENT, which the dialect turns on for every connection.
RESERVED_WORDS = {
    "add", "all", "alter", "and", "any", "as", "asc", "between", "by", "case", "check",
    "column", "constraint", "create", "current", "cursor", "database", "date", "default",
    "delete", "desc", "distinct", "drop", "else", "end", "escape", "exists", "first", "for",
    "foreign", "from", "grant", "group", "having", "in", "index", "insert", "into", "is",
    "join", "key", "left", "like", "limit", "matches", "not", "null", "of", "on", "or",
    "order", "outer", "primary", "references", "revoke", "right", "select", "set", "skip",
    "table", "then", "to", "today", "union", "unique", "update", "user", "values", "view",
    "when", "where", "with",
}

# SQLAlchemy isolation names -> Informix SET ISOLATION forms. Informix REPEATABLE READ
# is serializable (it locks every row read, phantoms included).
ISOLATION_LEVELS = {
    "READ UNCOMMITTED": "DIRTY READ",
    "READ COMMITTED": "COMMITTED READ",
    "CURSOR STABILITY": "CURSOR STABILITY",
    "REPEATABLE READ": "REPEATABLE READ",
    "SERIALIZABLE": "REPEATABLE READ",
}
DEFAULT_ISOLATION = "READ COMMITTED"  # a logged, non-ANSI database starts in COMMITTED READ

# Informix error codes that mean the session is gone.
DISCONNECT_SQLCODES = {-908, -25580, -25582, -27001, -27002, -1803, -439}

# EXTRACT fields Informix has no function for, read from the value's formatted text.
_EXTRACT_BY_FORMAT = {"hour": "%H", "minute": "%M", "second": "%S"}


class InformixCompiler(compiler.SQLCompiler):
    def get_select_precolumns(self, select, **kw):
        """``SKIP m FIRST n`` go before the select list, as literal integers."""
        text = super().get_select_precolumns(select, **kw)
        if select._has_row_limiting_clause:
            kw["literal_execute"] = True
            if select._offset_clause is not None:
                text += "SKIP %s " % self.process(_as_integer(select._offset_clause), **kw)
            limit = select._limit_clause if select._limit_clause is not None else select._fetch_clause
            if select._fetch_clause is not None and (
                select._fetch_clause_options.get("percent") or select._fetch_clause_options.get("with_ties")
            ):
                raise exc.CompileError("Informix has no FETCH ... PERCENT / WITH TIES")
            if limit is not None:
                text += "FIRST %s " % self.process(_as_integer(limit), **kw)
        return text

    def limit_clause(self, select, **kw):
        return ""

    def fetch_clause(self, select, **kw):
        return ""

    def for_update_clause(self, select, **kw):
        """``FOR UPDATE [OF col, ...]``; Informix has no FOR SHARE, NOWAIT or SKIP LOCKED
        clause (a shared read lock comes from the isolation level)."""
        if select._for_update_arg.read:
            return ""
        text = " FOR UPDATE"
        of = select._for_update_arg.of
        if of:
            names = [self.preparer.format_column(c) for c in of if isinstance(c, elements.ColumnClause)]
            if names:
                text += " OF " + ", ".join(names)  # Informix names columns here, not tables
        return text

    def visit_true(self, expr, **kw):
        return "'t'::BOOLEAN"

    def visit_false(self, expr, **kw):
        return "'f'::BOOLEAN"

    def visit_is__binary(self, binary, operator, **kw):
        """Informix has no ``IS TRUE`` / ``IS FALSE``: a boolean constant is compared."""
        if isinstance(binary.right, (elements.True_, elements.False_)):
            return "%s = %s" % (self.process(binary.left, **kw), self.process(binary.right, **kw))
        return self._generate_generic_binary(binary, " IS ", **kw)

    def visit_is_not_binary(self, binary, operator, **kw):
        if isinstance(binary.right, (elements.True_, elements.False_)):
            left = self.process(binary.left, **kw)
            return "(%s IS NULL OR %s != %s)" % (left, left, self.process(binary.right, **kw))
        return self._generate_generic_binary(binary, " IS NOT ", **kw)

    def render_literal_value(self, value, type_):
        if isinstance(value, bool):
            return "'t'" if value else "'f'"
        if isinstance(value, dt.timedelta):
            return _interval_literal(value)
        if isinstance(value, dt.datetime):
            return "DATETIME(%s) YEAR TO FRACTION(5)" % value.strftime("%Y-%m-%d %H:%M:%S.%f")[:-1]
        if isinstance(value, dt.date):
            return "DATE('%s')" % value.strftime("%m/%d/%Y")
        if isinstance(value, dt.time):
            return "DATETIME(%s) HOUR TO FRACTION(5)" % value.strftime("%H:%M:%S.%f")[:-1]
        return super().render_literal_value(value, type_)

    def visit_mod_binary(self, binary, operator, **kw):
        return "MOD(%s, %s)" % (self.process(binary.left, **kw), self.process(binary.right, **kw))

    def visit_sequence(self, seq, **kw):
        return "%s.NEXTVAL" % self.preparer.format_sequence(seq)

    def visit_now_func(self, fn, **kw):
        return "CURRENT YEAR TO FRACTION(5)"

    def visit_current_timestamp_func(self, fn, **kw):
        return "CURRENT YEAR TO FRACTION(5)"

    def visit_localtimestamp_func(self, fn, **kw):
        return "CURRENT YEAR TO FRACTION(5)"

    def visit_current_date_func(self, fn, **kw):
        return "TODAY"

    def visit_current_time_func(self, fn, **kw):
        return "CURRENT HOUR TO FRACTION(5)"

    def visit_localtime_func(self, fn, **kw):
        return "CURRENT HOUR TO FRACTION(5)"

    def visit_current_user_func(self, fn, **kw):
        return "USER"

    def visit_char_length_func(self, fn, **kw):
        return "CHAR_LENGTH%s" % self.function_argspec(fn, **kw)

    def visit_extract(self, extract, **kw):
        """EXTRACT as Informix functions: YEAR(), MONTH(), DAY(), WEEKDAY(), and the time
        fields through their formatted text."""
        field = self.extract_map.get(extract.field, extract.field).lower()
        expr = self.process(extract.expr, **kw)
        if field in ("year", "month", "day"):
            return "%s(%s)" % (field.upper(), expr)
        if field == "dow":
            return "WEEKDAY(%s)" % expr
        if field in _EXTRACT_BY_FORMAT:
            return "TO_CHAR(%s, '%s')::INTEGER" % (expr, _EXTRACT_BY_FORMAT[field])
        raise exc.CompileError(f"Informix cannot EXTRACT {extract.field!r}")

    def visit_empty_set_expr(self, element_types, **kw):
        return "SELECT %s FROM systables WHERE 1!=1" % ", ".join(
            "CAST(NULL AS %s)" % self.dialect.type_compiler_instance.process(t or sqltypes.INTEGER())
            for t in element_types or [sqltypes.INTEGER()]
        )

    def visit_regexp_match_op_binary(self, binary, operator, **kw):
        raise exc.CompileError("Informix has no regular-expression operator; use MATCHES")

    def visit_regexp_replace_op_binary(self, binary, operator, **kw):
        raise exc.CompileError("Informix has no regular-expression replace")

    def visit_insert(self, insert_stmt, **kw):
        """Informix has no DEFAULT VALUES: a row of defaults sets the SERIAL key to 0, which
        Informix reads as "number this row"."""
        text = super().visit_insert(insert_stmt, **kw)
        if text.endswith(" DEFAULT VALUES"):
            serial = insert_stmt.table._autoincrement_column
            if serial is None:
                raise exc.CompileError("Informix has no INSERT ... DEFAULT VALUES; name a column or give the table a SERIAL key")
            text = text[: -len(" DEFAULT VALUES")] + " (%s) VALUES (0)" % self.preparer.format_column(serial)
        return text

    def default_from(self):
        """A SELECT without tables reads one row of a one-row derived table (Informix
        needs a FROM clause, and the statement's own WHERE may follow)."""
        return " FROM (SELECT 1 AS one FROM systables WHERE tabid = 1) AS dual_"

    def visit_bindparam(self, bindparam, within_columns_clause=False, literal_binds=False, **kw):
        """A parameter in the select list is CAST to its type: Informix cannot describe
        an untyped ``?`` there."""
        text = super().visit_bindparam(bindparam, within_columns_clause=within_columns_clause,
                                       literal_binds=literal_binds, **kw)
        if (within_columns_clause and not literal_binds and not bindparam.literal_execute
                and not isinstance(bindparam.type, sqltypes.NullType) and not text.startswith("'")):
            return "CAST(%s AS %s)" % (text, self.dialect.type_compiler_instance.process(bindparam.type))
        return text


def _as_integer(clause):
    """An untyped bound SKIP/FIRST value, typed INTEGER so that it renders as a literal."""
    if isinstance(clause, elements.BindParameter) and isinstance(clause.type, sqltypes.NullType):
        clause = clause._clone()
        clause.type = sqltypes.Integer()
    return clause


def _interval_literal(value: dt.timedelta) -> str:
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return "INTERVAL(%s%d %02d:%02d:%02d.%05d) DAY(9) TO FRACTION(5)" % (
        sign, value.days, hours, minutes, seconds, value.microseconds // 10)


class InformixDDLCompiler(compiler.DDLCompiler):
    def get_column_specification(self, column, **kw):
        """``name type [DEFAULT x] [NOT NULL]``: an autoincrement integer key is SERIAL
        (BIGSERIAL for BigInteger); Informix puts DEFAULT before NOT NULL."""
        spec = self.preparer.format_column(column) + " "
        if self._is_serial(column):
            spec += "BIGSERIAL" if isinstance(column.type, sqltypes.BigInteger) else "SERIAL"
        else:
            spec += self.dialect.type_compiler_instance.process(column.type, type_expression=column)
            default = self.get_column_default_string(column)
            if default is not None:
                spec += " DEFAULT " + default
        if not column.nullable or column.primary_key:
            spec += " NOT NULL"
        if column.computed is not None:
            raise exc.CompileError("Informix has no computed columns")
        return spec

    @staticmethod
    def _is_serial(column) -> bool:
        if isinstance(column.type, (ifx.SERIAL, ifx.SERIAL8, ifx.BIGSERIAL)):
            return True
        return (
            column.table is not None
            and column is column.table._autoincrement_column
            and isinstance(column.type, sqltypes.Integer)
            # an optional Sequence yields to SERIAL (sequences_optional: Informix numbers keys itself)
            and not (isinstance(column.default, sa_schema.Sequence) and not column.default.optional)
            and (column.server_default is None or isinstance(column.server_default, sa_schema.Identity))
        )

    def get_column_default_string(self, column):
        if isinstance(column.server_default, sa_schema.Identity):
            return None
        return super().get_column_default_string(column)

    def _name_after(self, constraint, text: str, **kw) -> str:
        """Informix names a constraint after its definition: ``... CONSTRAINT name``."""
        if constraint.name is not None:
            name = self.preparer.format_constraint(constraint)
            if name is not None:
                text += " CONSTRAINT " + name
        return text

    def visit_primary_key_constraint(self, constraint, **kw):
        if len(constraint) == 0:
            return ""
        text = "PRIMARY KEY (%s)" % ", ".join(self.preparer.quote(c.name) for c in constraint)
        return self._name_after(constraint, text)

    def visit_unique_constraint(self, constraint, **kw):
        if len(constraint) == 0:
            return ""
        text = "UNIQUE (%s)" % ", ".join(self.preparer.quote(c.name) for c in constraint)
        return self._name_after(constraint, text)

    def visit_check_constraint(self, constraint, **kw):
        text = "CHECK (%s)" % self.sql_compiler.process(constraint.sqltext, include_table=False,
                                                         literal_binds=True)
        return self._name_after(constraint, text)

    def visit_column_check_constraint(self, constraint, **kw):
        return self.visit_check_constraint(constraint, **kw)

    def visit_foreign_key_constraint(self, constraint, **kw):
        remote_table = next(iter(constraint.elements)).column.table
        text = "FOREIGN KEY (%s) REFERENCES %s (%s)" % (
            ", ".join(self.preparer.quote(f.parent.name) for f in constraint.elements),
            self.define_constraint_remote_table(constraint, remote_table, self.preparer),
            ", ".join(self.preparer.quote(f.column.name) for f in constraint.elements),
        )
        if constraint.ondelete is not None:
            rule = constraint.ondelete.upper()
            if rule == "CASCADE":
                text += " ON DELETE CASCADE"
            elif rule not in ("NO ACTION", "RESTRICT"):
                raise exc.CompileError(f"Informix has no ON DELETE {rule} (only CASCADE)")
        if constraint.onupdate is not None and constraint.onupdate.upper() not in ("NO ACTION", "RESTRICT"):
            raise exc.CompileError("Informix has no ON UPDATE actions")
        return self._name_after(constraint, text)

    def visit_add_constraint(self, create, **kw):
        return "ALTER TABLE %s ADD CONSTRAINT %s" % (
            self.preparer.format_table(create.element.table), self.process(create.element))

    def visit_create_table(self, create, **kw):
        table = create.element
        if "TEMPORARY" in [p.upper() for p in table._prefixes]:
            table._prefixes = ["TEMP" if p.upper() == "TEMPORARY" else p for p in table._prefixes]
        return super().visit_create_table(create, **kw)

    def post_create_table(self, table):
        if "TEMP" in [p.upper() for p in table._prefixes]:
            return " WITH NO LOG"
        return ""

    def visit_create_sequence(self, create, prefix=None, **kw):
        return super().visit_create_sequence(create, prefix=prefix, **kw)

    def get_identity_options(self, identity_options):
        """Sequence options in Informix spelling (NOMAXVALUE, NOCYCLE, NOCACHE)."""
        parts = []
        if identity_options.increment is not None:
            parts.append("INCREMENT BY %d" % identity_options.increment)
        if identity_options.start is not None:
            parts.append("START WITH %d" % identity_options.start)
        if identity_options.minvalue is not None:
            parts.append("MINVALUE %d" % identity_options.minvalue)
        if identity_options.maxvalue is not None:
            parts.append("MAXVALUE %d" % identity_options.maxvalue)
        if identity_options.nominvalue:
            parts.append("NOMINVALUE")
        if identity_options.nomaxvalue:
            parts.append("NOMAXVALUE")
        if identity_options.cache is not None:
            parts.append("CACHE %d" % identity_options.cache if identity_options.cache else "NOCACHE")
        if identity_options.cycle is not None:
            parts.append("CYCLE" if identity_options.cycle else "NOCYCLE")
        if getattr(identity_options, "order", None) is not None:
            parts.append("ORDER" if identity_options.order else "NOORDER")
        return " ".join(parts)

    def visit_set_table_comment(self, create, **kw):
        raise exc.CompileError("Informix has no table comments")

    def visit_set_column_comment(self, create, **kw):
        raise exc.CompileError("Informix has no column comments")


class InformixTypeCompiler(compiler.GenericTypeCompiler):
    def visit_boolean(self, type_, **kw):
        return "BOOLEAN"

    def visit_BOOLEAN(self, type_, **kw):
        return "BOOLEAN"

    def visit_string(self, type_, **kw):
        return self.visit_VARCHAR(type_, **kw)

    def visit_unicode(self, type_, **kw):
        return self.visit_VARCHAR(type_, **kw)

    def visit_VARCHAR(self, type_, **kw):
        """VARCHAR holds at most 255 bytes: longer or unsized strings are LVARCHAR."""
        if type_.length is None or type_.length > 255:
            return self.visit_LVARCHAR(type_, **kw)
        return "VARCHAR(%d)" % type_.length

    def visit_NVARCHAR(self, type_, **kw):
        if type_.length is None or type_.length > 255:
            return self.visit_LVARCHAR(type_, **kw)
        return "NVARCHAR(%d)" % type_.length

    def visit_LVARCHAR(self, type_, **kw):
        return "LVARCHAR" if type_.length is None else "LVARCHAR(%d)" % type_.length

    def visit_CHAR(self, type_, **kw):
        return "CHAR(%d)" % (type_.length or 1)

    def visit_NCHAR(self, type_, **kw):
        return "NCHAR(%d)" % (type_.length or 1)

    def visit_text(self, type_, **kw):
        return "TEXT"

    def visit_unicode_text(self, type_, **kw):
        return "TEXT"

    def visit_CLOB(self, type_, **kw):
        return "CLOB"

    def visit_BLOB(self, type_, **kw):
        return "BLOB"

    def visit_large_binary(self, type_, **kw):
        return "BYTE"

    def visit_BYTE(self, type_, **kw):
        return "BYTE"

    def visit_BINARY(self, type_, **kw):
        return "BYTE"

    def visit_VARBINARY(self, type_, **kw):
        return "BYTE"

    def visit_big_integer(self, type_, **kw):
        return "BIGINT"

    def visit_INT8(self, type_, **kw):
        return "INT8"

    def visit_SERIAL(self, type_, **kw):
        return "SERIAL"

    def visit_SERIAL8(self, type_, **kw):
        return "SERIAL8"

    def visit_BIGSERIAL(self, type_, **kw):
        return "BIGSERIAL"

    def visit_float(self, type_, **kw):
        return "FLOAT"

    def visit_FLOAT(self, type_, **kw):
        return "FLOAT"

    def visit_double(self, type_, **kw):
        return "FLOAT"

    def visit_DOUBLE(self, type_, **kw):
        return "FLOAT"

    def visit_DOUBLE_PRECISION(self, type_, **kw):
        return "FLOAT"

    def visit_REAL(self, type_, **kw):
        return "SMALLFLOAT"

    def visit_SMALLFLOAT(self, type_, **kw):
        return "SMALLFLOAT"

    def visit_numeric(self, type_, **kw):
        return self.visit_DECIMAL(type_, **kw)

    def visit_NUMERIC(self, type_, **kw):
        return self.visit_DECIMAL(type_, **kw)

    def visit_DECIMAL(self, type_, **kw):
        if type_.precision is None:
            return "DECIMAL(32)" if type_.scale is None else "DECIMAL(32, %d)" % type_.scale
        if type_.scale is None:
            return "DECIMAL(%d)" % type_.precision
        return "DECIMAL(%d, %d)" % (type_.precision, type_.scale)

    def visit_MONEY(self, type_, **kw):
        return "MONEY(%d, %d)" % (type_.precision or 16, 2 if type_.scale is None else type_.scale)

    def visit_datetime(self, type_, **kw):
        return "DATETIME YEAR TO FRACTION(5)"

    def visit_DATETIME(self, type_, **kw):
        return "DATETIME YEAR TO FRACTION(5)"

    def visit_TIMESTAMP(self, type_, **kw):
        return "DATETIME YEAR TO FRACTION(5)"

    def visit_time(self, type_, **kw):
        return "DATETIME HOUR TO FRACTION(5)"

    def visit_TIME(self, type_, **kw):
        return "DATETIME HOUR TO FRACTION(5)"

    def visit_INFORMIX_DATETIME(self, type_, **kw):
        return "DATETIME %s" % type_.qualifier

    def visit_INFORMIX_INTERVAL(self, type_, **kw):
        return "INTERVAL %s" % type_.qualifier


class InformixIdentifierPreparer(compiler.IdentifierPreparer):
    reserved_words = RESERVED_WORDS

    def __init__(self, dialect):
        super().__init__(dialect, initial_quote='"')


class InformixExecutionContext(default.DefaultExecutionContext):
    def fire_sequence(self, seq, type_):
        return self._execute_scalar(
            "SELECT %s.NEXTVAL FROM systables WHERE tabid = 1" % self.identifier_preparer.format_sequence(seq),
            type_,
        )

    _serial = None

    def post_exec(self):
        """Keep a DML statement's row count and SERIAL value: SQLAlchemy may read them after
        closing the cursor."""
        super().post_exec()
        if self.isinsert or self.isupdate or self.isdelete:
            self._rowcount = self.cursor.rowcount
            self._serial = self.cursor.lastrowid

    def create_server_side_cursor(self):
        """A streaming cursor: rows are released once handed out (bounded memory)."""
        return self._dbapi_connection.cursor(stream=True)

    def get_lastrowid(self):
        """The SERIAL / SERIAL8 / BIGSERIAL value the server assigned (SQLCA sqlerrd[1])."""
        return self._serial


class InformixDialect(InformixReflection, default.DefaultDialect):
    name = "informix"
    supports_statement_cache = True
    statement_compiler = InformixCompiler
    ddl_compiler = InformixDDLCompiler
    type_compiler_cls = InformixTypeCompiler
    preparer = InformixIdentifierPreparer  # type: ignore[assignment]  # SQLAlchemy's own dialects do the same
    execution_ctx_cls = InformixExecutionContext

    max_identifier_length = 128
    supports_native_boolean = True
    supports_native_decimal = True
    supports_native_enum = False
    supports_native_uuid = False
    supports_sequences = True
    sequences_optional = True
    postfetch_lastrowid = True
    insert_returning = False
    update_returning = False
    delete_returning = False
    supports_multivalues_insert = False
    use_insertmanyvalues = False
    supports_empty_insert = False
    supports_default_values = True  # written as SERIAL key = 0, see InformixCompiler.visit_insert
    supports_default_metavalue = False
    supports_comments = False
    supports_server_side_cursors = True
    supports_sane_rowcount = True
    supports_sane_multi_rowcount = True
    supports_simple_order_by_label = True
    supports_identity_columns = False
    requires_name_normalize = False
    div_is_floordiv = False  # INTEGER / INTEGER is a DECIMAL quotient
    tuple_in_values = False
    default_paramstyle = "qmark"

    colspecs = {
        sqltypes.Interval: ifx.INFORMIX_INTERVAL,
        sqltypes.Numeric: ifx.ScaledNumeric,
        sqltypes.Float: sqltypes.Float,  # a Numeric subclass that keeps its own behaviour
    }
    ischema_names: dict = {}  # reflection decodes syscolumns codes instead

    _isolation_lookup = set(ISOLATION_LEVELS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._isolation_by_connection = weakref.WeakKeyDictionary()

    def initialize(self, connection):
        super().initialize(connection)
        self.default_schema_name = self._get_default_schema_name(connection)

    def _get_default_schema_name(self, connection):
        """The login user: Informix resolves unqualified names against it (as USER does)."""
        return connection.connection.dbapi_connection.user.lower()

    def _get_server_version_info(self, connection):
        version = connection.connection.dbapi_connection.server_version
        numbers = re.findall(r"\d+", version.rsplit("Version", 1)[-1])
        return tuple(int(n) for n in numbers[:4])

    # -- isolation -----------------------------------------------------------------------

    def get_isolation_level_values(self, dbapi_connection):
        return ["AUTOCOMMIT", *ISOLATION_LEVELS]

    def set_isolation_level(self, dbapi_connection, level):
        if level == "AUTOCOMMIT":
            self._set_autocommit(dbapi_connection, True)
            return
        self._set_autocommit(dbapi_connection, False)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SET ISOLATION TO %s" % ISOLATION_LEVELS[level])
        finally:
            cursor.close()
        self._isolation_by_connection[self.get_driver_connection(dbapi_connection)] = level

    def _set_autocommit(self, dbapi_connection, value: bool) -> None:
        dbapi_connection.autocommit = value

    def get_isolation_level(self, dbapi_connection):
        if dbapi_connection.autocommit:
            return "AUTOCOMMIT"
        return self._isolation_by_connection.get(self.get_driver_connection(dbapi_connection), DEFAULT_ISOLATION)

    # -- connection health ------------------------------------------------------------------

    def do_ping(self, dbapi_connection):
        dbapi_connection.ping()
        return True

    def is_disconnect(self, e, connection, cursor):
        from informix_db import InterfaceError, OperationalError, ProtocolError

        if isinstance(e, ProtocolError):
            return True
        if isinstance(e, InterfaceError):
            return "closed" in str(e)
        if isinstance(e, OperationalError):
            return e.sqlcode is None or e.sqlcode in DISCONNECT_SQLCODES
        return getattr(e, "sqlcode", None) in DISCONNECT_SQLCODES

    # -- SAVEPOINT / two-phase: Informix 11.50+ has savepoints -------------------------------

    def do_savepoint(self, connection, name):
        connection.exec_driver_sql("SAVEPOINT %s" % name)

    def do_release_savepoint(self, connection, name):
        connection.exec_driver_sql("RELEASE SAVEPOINT %s" % name)

    def do_rollback_to_savepoint(self, connection, name):
        connection.exec_driver_sql("ROLLBACK TO SAVEPOINT %s" % name)


def matches(expression, pattern):
    """``expression MATCHES pattern``, Informix's glob match (``*``, ``?``, ``[...]``)."""
    return coercions.expect(roles.ExpressionElementRole, expression).op("MATCHES", is_comparison=True)(pattern)
