"""Statement recognition: which kind of statement an Informix SQL text is, and its preparation."""

from __future__ import annotations

import re

from sqlglot import exp

from informix_db.protocol import constants as c

from . import ddl, isolation, lobs, merge, outerjoin, routines, schema, sqltext, triggers
from .base import ActionStatement, ResultCursor, Statement
from .dml import DmlStatement, InsertStatement, QueryStatement
from .errors import E_NOT_IMPLEMENTED, SqlError
from .locks import EXCLUSIVE, SHARED
from .session import EngineSession
from .spl.execute import ExecuteRoutine
from .translate import parse

__all__ = ["ResultCursor", "Statement", "prepare"]

# sqlstype.h numbers the protocol constants do not name.
STMT_LOCK_TABLE = 10
STMT_UNLOCK_TABLE = 11
STMT_GRANT = 18
STMT_REVOKE = 19
STMT_UPDATE_STATISTICS = 30
STMT_SET_LOCK_MODE = 46
STMT_SET_ISOLATION = 48
STMT_SET_EXPLAIN = 50
STMT_SET_OPTIMIZATION = 52
STMT_SET_OTHER = 55
# Numbers for statements newer than the sqlstype.h list this module knows [?: unconfirmed].
STMT_SAVEPOINT = 118
STMT_RELEASE_SAVEPOINT = 119


# ---- recognition ---------------------------------------------------------------------------------------
_BEGIN = re.compile(r"BEGIN(\s+WORK)?", re.I)
_COMMIT = re.compile(r"COMMIT(\s+WORK)?", re.I)
_ROLLBACK = re.compile(r"ROLLBACK(\s+WORK)?", re.I)
_CREATE_DB = re.compile(
    r"CREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)(?:@\w+)?(?:\s+IN\s+\w+)?"
    r"(\s+WITH\s+(?:BUFFERED\s+)?LOG(\s+MODE\s+ANSI)?)?(?:\s+NLSCASE\s+\w+)?",
    re.I,
)
_DROP_DB = re.compile(r"DROP\s+DATABASE\s+(?:IF\s+EXISTS\s+)?(\w+)", re.I)
_DATABASE = re.compile(r"DATABASE\s+(\w+)(?:@\w+)?(\s+EXCLUSIVE)?", re.I)
_CLOSE_DB = re.compile(r"CLOSE\s+DATABASE", re.I)
_NAME = r'(?:"(?:[^"]|"")*"|[\w.])+'  # a name, owner-qualified or not; parts may be delimited
_DROP_TABLE = re.compile(rf"DROP\s+TABLE\s+(IF\s+EXISTS\s+)?({_NAME})(\s+(?:CASCADE|RESTRICT))?", re.I)
_DROP_INDEX = re.compile(rf"DROP\s+INDEX\s+(IF\s+EXISTS\s+)?({_NAME})", re.I)
_EXECUTE_ROUTINE = re.compile(r"EXECUTE\s+(FUNCTION|PROCEDURE)\s+([\w.]+)\s*(\(.*\))", re.I | re.S)
_ALTER_TABLE = re.compile(r"ALTER\s+TABLE\s+.*", re.I | re.S)
_RENAME_TABLE = re.compile(rf"RENAME\s+TABLE\s+({_NAME})\s+TO\s+({_NAME})", re.I)
_RENAME_COLUMN = re.compile(r'RENAME\s+COLUMN\s+((?:(?:"(?:[^"]|"")*"|\w+)\.)?\w+)\.(\w+)\s+TO\s+(\w+)', re.I)
_CREATE_VIEW = re.compile(
    rf"CREATE\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?({_NAME})\s*(?:\(([^)]*)\))?\s+AS\s+(.*?)(?:\s+WITH\s+CHECK\s+OPTION)?",
    re.I | re.S,
)
_DROP_VIEW = re.compile(rf"DROP\s+VIEW\s+(IF\s+EXISTS\s+)?({_NAME})", re.I)
_TRUNCATE = re.compile(rf"TRUNCATE\s+(?:TABLE\s+)?({_NAME})(?:\s+(?:REUSE|DROP)\s+STORAGE)?", re.I)
_INTO_TEMP = re.compile(r"(SELECT\b.*?)\s+INTO\s+(?:TEMP|SCRATCH)\s+(\w+)(?:\s+WITH\s+NO\s+LOG)?", re.I | re.S)
_OWNER_PREFIX = re.compile(r"'((?:[^']|'')*)'\s*\.\s*(?=[A-Za-z_])")  # 'informix'.t: a quoted owner
_CREATE_SEQUENCE = re.compile(rf"CREATE\s+SEQUENCE\s+(IF\s+NOT\s+EXISTS\s+)?({_NAME})(\s.*|$)", re.I | re.S)
_DROP_SEQUENCE = re.compile(r"DROP\s+SEQUENCE\s+(IF\s+EXISTS\s+)?(?:\w+\.)?(\w+)", re.I)
_SAVEPOINT = re.compile(r"SAVEPOINT\s+(\w+)(\s+UNIQUE)?", re.I)
_ROLLBACK_TO = re.compile(r"ROLLBACK(?:\s+WORK)?\s+TO\s+SAVEPOINT(?:\s+(\w+))?", re.I)
_RELEASE = re.compile(r"RELEASE\s+SAVEPOINT\s+(\w+)", re.I)
_LOCK_MODE = re.compile(r"ALTER\s+TABLE\s+(\S+)\s+LOCK\s+MODE\s*\(?\s*(?:ROW|PAGE|TABLE)\s*\)?", re.I)
# Valid Informix SQL the engine does not carry out: refused with -999 naming the feature.
_NOT_IMPLEMENTED = [
    (re.compile(r"(?:ALTER|RENAME)\s+SEQUENCE\b.*", re.I | re.S), "ALTER SEQUENCE"),
    (re.compile(r"(?:CREATE|DROP)\s+(?:ROW\s+|DISTINCT\s+|OPAQUE\s+)?TYPE\b.*", re.I | re.S), "TYPE"),
    (re.compile(r"(?:CREATE|DROP)\s+(?:ROLE|CAST|AGGREGATE|OPCLASS|ACCESS_METHOD|XADATASOURCE)\b.*", re.I | re.S), "CREATE"),
    (re.compile(r"CALL\b.*", re.I | re.S), "CALL"),
]
_CREATE_SYNONYM = re.compile(
    r"CREATE\s+(?:PUBLIC\s+|PRIVATE\s+)?SYNONYM\s+(IF\s+NOT\s+EXISTS\s+)?(\S+)\s+FOR\s+(\S+)", re.I
)
_DROP_SYNONYM = re.compile(r"DROP\s+SYNONYM\s+(IF\s+EXISTS\s+)?(\S+)", re.I)
_OUTER_JOIN = re.compile(r",\s*OUTER\b", re.I)
_SET_LOCK_MODE = re.compile(r"SET\s+LOCK\s+MODE\s+TO\s+(NOT\s+WAIT|WAIT(?:\s+(\d+))?)", re.I)
_LOCK_TABLE = re.compile(r"LOCK\s+TABLE\s+(\S+)\s+IN\s+(SHARE|EXCLUSIVE)\s+MODE", re.I)
_UNLOCK_TABLE = re.compile(r"UNLOCK\s+TABLE\s+(\S+)", re.I)
_NO_OPS = [
    (re.compile(r"SET\s+OPTIMIZATION\b.*", re.I | re.S), STMT_SET_OPTIMIZATION),
    (re.compile(r"SET\s+EXPLAIN\b.*", re.I | re.S), STMT_SET_EXPLAIN),
    (re.compile(r"SET\s+\w+.*", re.I | re.S), STMT_SET_OTHER),
    (re.compile(r"UPDATE\s+STATISTICS\b.*", re.I | re.S), STMT_UPDATE_STATISTICS),
    (re.compile(r"GRANT\b.*", re.I | re.S), STMT_GRANT),
    (re.compile(r"REVOKE\b.*", re.I | re.S), STMT_REVOKE),
]


def prepare(session: EngineSession, sql: str, nparams: int = 0) -> Statement:
    """Recognise ``sql`` and prepare it (PREPARE + DESCRIBE semantics)."""
    text = sqltext.strip_comments(sql)
    if not text:
        raise SqlError(-201)
    sqltext.check_lists(sql)
    text = _OWNER_PREFIX.sub(lambda m: sqltext.quote_ident(m.group(1).replace("''", "'")) + ".", text)
    for pattern, feature in _NOT_IMPLEMENTED:
        if pattern.fullmatch(text):
            raise SqlError(E_NOT_IMPLEMENTED, near=feature)
    if merge.is_merge(text):
        return merge.MergeStatement(session, text)
    found = _ROLLBACK_TO.fullmatch(text)
    if found:
        return ActionStatement(session, c.STMT_ROLLBACK, lambda: session.rollback_to_savepoint(found.group(1)))
    found = _SAVEPOINT.fullmatch(text)
    if found:
        return ActionStatement(session, STMT_SAVEPOINT, lambda: session.savepoint(found.group(1).lower(), bool(found.group(2))))
    found = _RELEASE.fullmatch(text)
    if found:
        return ActionStatement(session, STMT_RELEASE_SAVEPOINT, lambda: session.release_savepoint(found.group(1).lower()))
    found = _CREATE_SEQUENCE.fullmatch(text)
    if found:
        return schema.CreateSequence(session, ddl.table_name(found.group(2)), found.group(3), bool(found.group(1)),
                                     ddl.owner_of(found.group(2)))
    found = _DROP_SEQUENCE.fullmatch(text)
    if found:
        return schema.DropSequence(session, found.group(2).lower(), bool(found.group(1)))
    found = _CREATE_SYNONYM.fullmatch(text)
    if found:
        return schema.CreateSynonym(
            session, ddl.table_name(found.group(2)), ddl.table_name(found.group(3)), bool(found.group(1)),
            ddl.owner_of(found.group(2)), ddl.owner_of(found.group(3)),
        )
    found = _DROP_SYNONYM.fullmatch(text)
    if found:
        return schema.DropSynonym(session, ddl.table_name(found.group(2)), bool(found.group(1)))
    found = _SET_LOCK_MODE.fullmatch(text)
    if found:
        wait = 0 if found.group(1).upper().startswith("NOT") else (int(found.group(2)) if found.group(2) else None)
        return ActionStatement(session, STMT_SET_LOCK_MODE, lambda: session.set_lock_wait(wait))
    found = _LOCK_TABLE.fullmatch(text) or _UNLOCK_TABLE.fullmatch(text)
    if found:
        name, owner = ddl.table_name(found.group(1)), ddl.owner_of(found.group(1))
        if text[:6].upper() == "UNLOCK":
            return ActionStatement(
                session, STMT_UNLOCK_TABLE, lambda: session.unlock_table(schema.existing_table(session, name, owner))
            )
        mode = SHARED if found.group(2).upper() == "SHARE" else EXCLUSIVE
        return ActionStatement(
            session, STMT_LOCK_TABLE, lambda: session.lock_table(schema.existing_table(session, name, owner), mode)
        )
    chosen = isolation.setting(session, text)
    if chosen is not None:
        return ActionStatement(session, STMT_SET_ISOLATION, chosen)
    found = _LOCK_MODE.fullmatch(text)
    if found:
        name, owner = ddl.table_name(found.group(1)), ddl.owner_of(found.group(1))
        return ActionStatement(session, c.STMT_ALTER_TABLE, lambda: schema.existing_table(session, name, owner))
    if _BEGIN.fullmatch(text):
        return ActionStatement(session, c.STMT_BEGIN, session.begin)
    if _COMMIT.fullmatch(text):
        return ActionStatement(session, c.STMT_COMMIT, session.commit)
    if _ROLLBACK.fullmatch(text):
        return ActionStatement(session, c.STMT_ROLLBACK, session.rollback)
    found = _CREATE_DB.fullmatch(text)
    if found:
        return schema.create_database(session, found.group(1), bool(found.group(2)), bool(found.group(3)))
    found = _DROP_DB.fullmatch(text)
    if found:
        return ActionStatement(session, c.STMT_DROP_DATABASE, lambda: schema.drop_database(session, found.group(1)))
    found = _DATABASE.fullmatch(text)
    if found:
        return ActionStatement(session, c.STMT_DATABASE, lambda: schema.switch_database(session, found.group(1)))
    if _CLOSE_DB.fullmatch(text):
        return ActionStatement(session, c.STMT_CLOSE_DATABASE, session.close_database)
    for pattern, stmt_type in _NO_OPS:
        if pattern.fullmatch(text):
            return ActionStatement(session, stmt_type)
    found = _RENAME_TABLE.fullmatch(text)
    if found:
        return schema.RenameTable(session, ddl.table_name(found.group(1)), ddl.identifier(found.group(2)),
                                  ddl.owner_of(found.group(1)))
    found = _RENAME_COLUMN.fullmatch(text)
    if found:
        table, old, new = found.groups()
        return schema.RenameColumn(session, ddl.table_name(table), old.lower(), new.lower(), ddl.owner_of(table))
    found = _DROP_VIEW.fullmatch(text)
    if found:
        return schema.DropView(session, ddl.table_name(found.group(2)), bool(found.group(1)), ddl.owner_of(found.group(2)))
    found = _TRUNCATE.fullmatch(text)
    if found:
        truncate = _query_or_dml(session, f"DELETE FROM {found.group(1)}")
        truncate.fires_triggers = False  # TRUNCATE activates no DELETE trigger
        return truncate
    found = _CREATE_VIEW.fullmatch(text)
    if found:
        session.require_database()
        names = [ddl.identifier(n.strip()) for n in found.group(3).split(",")] if found.group(3) else None
        query = _query_or_dml(session, found.group(4))
        if not isinstance(query, QueryStatement):
            raise SqlError(-201)
        return schema.CreateView(session, ddl.table_name(found.group(2)), names, query, bool(found.group(1)), text,
                                 ddl.owner_of(found.group(2)))
    found = _INTO_TEMP.fullmatch(text)
    if found:
        query = _query_or_dml(session, found.group(1))
        if not isinstance(query, QueryStatement):
            raise SqlError(-201)
        return schema.SelectIntoTemp(session, query, found.group(2).lower())
    if triggers.is_create(text):
        return triggers.CreateTrigger(session, text)
    dropped_trigger = triggers.parse_drop(text)
    if dropped_trigger:
        return triggers.DropTrigger(session, *dropped_trigger)
    if routines.is_create(text):
        return schema.CreateRoutine(session, text)
    dropped = routines.parse_drop(text)
    if dropped:
        return schema.DropRoutine(session, *dropped)
    found = _EXECUTE_ROUTINE.fullmatch(text)
    if found:
        return _execute_routine(session, found.group(2).split(".")[-1].lower(), found.group(3), nparams)
    if _ALTER_TABLE.fullmatch(text):
        toks = ddl.tokens(text)[2:]
        return schema.AlterTable(session, *ddl.parse_alter_table(toks), ddl.owner_of(toks[0]) if toks else None)
    toks = ddl.tokens(text)
    head = toks[0].upper()
    if head == "CREATE" and len(toks) > 2:
        words = [t.upper() for t in toks[1:4]]
        if "TABLE" in words:
            return schema.CreateTable(session, ddl.parse_create_table(toks[1:]))
        if "INDEX" in words:
            return schema.CreateIndex(session, ddl.parse_create_index(toks[1:]))
    found = _DROP_TABLE.fullmatch(text)
    if found:
        return schema.DropTable(session, ddl.table_name(found.group(2)), bool(found.group(1)), ddl.owner_of(found.group(2)))
    found = _DROP_INDEX.fullmatch(text)
    if found:
        return schema.DropIndex(session, ddl.index_name(found.group(2)), bool(found.group(1)))
    if head in ("SELECT", "WITH", "(", "INSERT", "UPDATE", "DELETE"):
        return _query_or_dml(session, sql)
    raise sqltext.syntax_error(sqltext.tokens(sql)[0])




def reusable(statement: Statement, sql: str) -> bool:
    """Whether a prepared statement may serve later PREPAREs of the same text: translated
    queries and DML, unless they hold values fixed at prepare time (DBINFO) or exchange files."""
    return (
        isinstance(statement, (QueryStatement, InsertStatement, DmlStatement))
        and not statement.client_file_reads
        and not statement.deferred_columns
        and "dbinfo" not in sql.lower()
    )


def _query_or_dml(session: EngineSession, sql: str) -> Statement:
    """Prepare a SELECT, INSERT, UPDATE or DELETE through the sqlglot translation."""
    session.require_database()
    lexed = sqltext.lex(sql)
    if _OUTER_JOIN.search(lexed.text):  # Informix's own outer joins, as ANSI left joins
        text, scopes = outerjoin.rewrite(lexed.text)
        tree = parse(text)
        outerjoin.place_conditions(
            tree, scopes, lambda name: [c.name for c in session.resolve_columns(None, name) or []] if name else None
        )
    else:
        tree = parse(lexed.text)
    if tree.args.get("returning") is not None:  # Informix has no INSERT/UPDATE/DELETE ... RETURNING
        raise sqltext.syntax_error(next((t for t in sqltext.tokens(sql) if t.text.upper() == "RETURNING"), None))
    if isinstance(tree, (exp.Insert, exp.Update)):
        reads = lobs.extract_client_file_reads(tree, lexed.placeholders)
        nparams = lexed.placeholders + len(reads)
        statement = (InsertStatement if isinstance(tree, exp.Insert) else DmlStatement)(session, tree, nparams)
        statement.client_file_reads = reads
        return statement
    if isinstance(tree, exp.Delete):
        return DmlStatement(session, tree, lexed.placeholders)
    if isinstance(tree, exp.Query):
        query = QueryStatement(session, tree, lexed.placeholders)
        query.for_update = lexed.for_update
        return query
    raise SqlError(-201)


def _execute_routine(session: EngineSession, name: str, arguments: str, nparams: int) -> Statement:
    """EXECUTE FUNCTION/PROCEDURE: the routine run by the SPL interpreter (type 56)."""
    session.require_database()
    routine = session.routine(name)
    if routine is None:
        raise SqlError(routines.E_ROUTINE_NOT_FOUND, near=name)
    return ExecuteRoutine(session, routine, arguments.strip()[1:-1], nparams)
