"""Triggers (IBM Informix Guide to SQL: Syntax, "CREATE TRIGGER"): their definitions, the
catalog rows that record them (systriggers, systrigbody) and their firing around INSERT,
UPDATE and DELETE.

BEFORE actions run before the triggering statement, FOR EACH ROW actions once per row it
changed (with the REFERENCING correlation names bound to the row's old and new values), AFTER
actions after it, all inside the triggering statement: if an action fails, the statement fails
and its changes are undone. A triggered statement may not change the triggering table (-747),
except an UPDATE of columns the triggering UPDATE does not set ("Re-entrant triggers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import catalog
from .base import Statement
from .errors import E_NOT_IMPLEMENTED, ISAM_NO_SUCH_FILE, SqlError
from .spl import binding
from .spl.parser import Parser, split_items

E_TRIGGER_TABLE = -747  # a triggered statement acts on the triggering table (or its updated columns)
E_TRIGGER_STATEMENT = -744  # BEGIN/COMMIT/ROLLBACK WORK, SET CONSTRAINTS as a triggered action
E_OBJECT_EXISTS = -743  # a trigger of that name already exists
E_NO_TRIGGER = -634  # "Object does not exist.": DROP TRIGGER of a trigger the database has not
STMT_CREATE_TRIGGER = 70  # sqlstype.h SQ_CRETRIG
STMT_DROP_TRIGGER = 71  # sqlstype.h SQ_DRPTRIG
_EVENTS = {"INSERT": "I", "UPDATE": "U", "DELETE": "D"}
_ACTIONS = ("INSERT", "UPDATE", "DELETE", "EXECUTE")
_CREATE = re.compile(r"CREATE\s+TRIGGER\b", re.I)
_DROP = re.compile(r"DROP\s+TRIGGER\s+(IF\s+EXISTS\s+)?(?:\w+\.)?(\w+)", re.I)
_NOT_ACTIONS = re.compile(r"(?:BEGIN|COMMIT|ROLLBACK)(?:\s+WORK)?|SET\s+CONSTRAINTS\b.*", re.I | re.S)


@dataclass
class Section:
    """``[WHEN (condition)] (action, ...)``."""

    when: str | None
    actions: list[str]


@dataclass
class Trigger:
    name: str
    table: str
    event: str  # I, U or D, as systriggers.event
    columns: list[str] = field(default_factory=list)  # UPDATE OF columns
    old: str | None = None
    new: str | None = None
    before: list[Section] = field(default_factory=list)
    row: list[Section] = field(default_factory=list)
    after: list[Section] = field(default_factory=list)
    header: str = ""  # the text before the triggered actions (systrigbody 'D')
    body: str = ""  # the triggered actions' text (systrigbody 'A')


# ---- definitions ------------------------------------------------------------------------------------------
def is_create(text: str) -> bool:
    return bool(_CREATE.match(text))


def parse_drop(text: str) -> tuple[str, bool] | None:
    found = _DROP.fullmatch(text)
    return (found.group(2).lower(), bool(found.group(1))) if found else None


def parse_create(text: str) -> tuple[Trigger, bool]:
    """The trigger a CREATE TRIGGER text defines, and whether IF NOT EXISTS was given."""
    p = Parser(text)
    p.expect("CREATE", "TRIGGER")
    if_not_exists = p.accept("IF", "NOT", "EXISTS")
    name = p.name().split(".")[-1]
    if p.accept("."):
        name = p.name()
    if p.word() == "INSTEAD":
        raise SqlError(E_NOT_IMPLEMENTED, near="INSTEAD OF trigger")
    if p.word() == "SELECT":
        raise SqlError(E_NOT_IMPLEMENTED, near="SELECT trigger")
    event = _EVENTS.get(p.word())
    if event is None:
        raise p.error()
    p.i += 1
    columns: list[str] = []
    if event == "U" and p.accept("OF"):
        columns = p.names(p.upto("ON"))
    p.expect("ON")
    table = p.name()
    if p.accept("."):
        table = p.name()
    trigger = Trigger(name, table, event, columns)
    if p.accept("REFERENCING"):
        while p.word() in ("OLD", "NEW"):
            which = p.take().lower()
            p.accept("AS")
            setattr(trigger, which, p.name())
    start = p.i
    if p.accept("BEFORE"):
        trigger.before = _sections(p)
    if p.accept("FOR", "EACH", "ROW"):
        trigger.row = _sections(p)
    if p.accept("AFTER"):
        trigger.after = _sections(p)
    p.accept("ENABLED") or p.accept("DISABLED")
    if p.i < len(p.toks) or p.i == start:
        raise p.error()
    trigger.header = p.source(0, start)
    trigger.body = p.source(start, len(p.toks))
    return trigger, if_not_exists


def _sections(p: Parser) -> list[Section]:
    sections = []
    while p.word() in ("WHEN", "("):
        when = None
        if p.accept("WHEN"):
            p.expect("(")
            when = p.upto(")")
            p.expect(")")
        p.expect("(")
        actions = split_items(p.upto(")")) if p.word() != ")" else []
        p.expect(")")
        for action in actions:
            _check_action(action)
        sections.append(Section(when, actions))
    if not sections:
        raise p.error()
    return sections


def _check_action(action: str) -> None:
    """Triggered actions are INSERT, UPDATE, DELETE and EXECUTE PROCEDURE/FUNCTION."""
    if _NOT_ACTIONS.fullmatch(action):
        raise SqlError(E_TRIGGER_STATEMENT, near=action.split()[0].upper())
    head = action.split()[0].upper()
    if head not in _ACTIONS:
        raise SqlError(-201, near=action.split()[0])
    if head == "EXECUTE" and re.search(r"\)\s*INTO\b", action, re.I):
        raise SqlError(E_NOT_IMPLEMENTED, near="EXECUTE ... INTO in a trigger")


# ---- storage ----------------------------------------------------------------------------------------------
def _table(session) -> str:
    return f"{session.require_database().catalog}.main._ifx_triggers"


def exists(session, name: str) -> bool:
    return session.conn.execute(f"SELECT 1 FROM {_table(session)} WHERE trigname = ?", [name]).fetchone() is not None


def store(session, trigger: Trigger, tabid: int) -> None:
    table = _table(session)
    trigid = session.read(f"SELECT coalesce(max(trigid), 0) + 1 FROM {table}").fetchone()[0]
    session.write(
        f"INSERT INTO {table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [trigid, trigger.name, tabid, trigger.event, trigger.old, trigger.new, trigger.header, trigger.body],
    )


def remove(session, name: str) -> int:
    return session.write(f"DELETE FROM {_table(session)} WHERE trigname = $1", [name]).fetchone()[0]


def on_table(session, table) -> list[Trigger]:
    """The triggers of ``table`` (a TableInfo), cached like table descriptions."""
    if not table.tabid or session.db is None:
        return []
    return session.cached(("triggers", table.name), lambda: _load(session, table))


def _load(session, table) -> list[Trigger]:
    rows = session.conn.execute(
        f"SELECT header, body FROM {_table(session)} WHERE tabid = ? ORDER BY trigid", [table.tabid]
    ).fetchall()
    return [parse_create(f"{header} {body}")[0] for header, body in rows]


# ---- firing -----------------------------------------------------------------------------------------------
class Firing:
    """The triggers one execution of an INSERT, UPDATE or DELETE sets off. Made at the start of
    every such execution: inside triggered actions it refuses statements on a triggering table."""

    def __init__(self, session, table, event: str, columns: frozenset[str] = frozenset(), fire: bool = True):
        for name, running_event, running_columns in session.triggering:
            if name == table.name and not (event == running_event == "U" and not columns & running_columns):
                raise SqlError(E_TRIGGER_TABLE, near=table.name)
        self.session = session
        self.table = table
        self.event = event
        self.columns = columns
        self.triggers = [
            t for t in (on_table(session, table) if fire else ())
            if t.event == event and (not t.columns or not columns or columns.intersection(t.columns))
        ]
        self.per_row = any(t.row for t in self.triggers)

    def before(self) -> None:
        for trigger in self.triggers:
            self._run(trigger, trigger.before, None, None)

    def after(self) -> None:
        for trigger in self.triggers:
            self._run(trigger, trigger.after, None, None)

    def each_row(self, old_rows: list[dict] | None, new_rows: list[dict] | None) -> None:
        count = len(old_rows if old_rows is not None else new_rows or [])
        for i in range(count):
            old = old_rows[i] if old_rows is not None else None
            new = new_rows[i] if new_rows is not None else None
            for trigger in self.triggers:
                self._run(trigger, trigger.row, old, new)

    # rows as correlation names see them
    def read(self, rowids: list[int]) -> list[dict] | None:
        """The rows ``rowids`` of the table as client values, when FOR EACH ROW actions need them."""
        if not self.per_row:
            return None
        names = ", ".join(f'"{col.name}"' for col in self.table.columns)
        found = {
            row[0]: row[1:] for row in self.session.read(
                f"SELECT rowid, {names} FROM {self.table.duck_name} WHERE list_contains($1, rowid)", [rowids]
            ).fetchall()
        }
        return [self._values(found[r]) for r in rowids if r in found]

    def inserted(self, names: list[str], rows: list[list]) -> list[dict] | None:
        """The new rows of an INSERT (columns it did not name get their defaults) as client values."""
        if not self.per_row:
            return None
        missing = [col for col in self.table.columns if col.name not in names]
        defaults: list = []
        if missing:
            exprs = ", ".join(self.table.defaults.get(col.name) or "NULL" for col in missing)
            defaults = list(self.session.read(f"SELECT {exprs}").fetchone())
        out = []
        for row in rows:
            given = dict(zip(names, row))
            given.update(zip((col.name for col in missing), defaults))
            out.append(self._values(tuple(given[col.name] for col in self.table.columns)))
        return out

    def _values(self, stored: tuple) -> dict:
        return {col.name: col.ifx.to_python(v) for col, v in zip(self.table.columns, stored)}

    # actions
    def _run(self, trigger: Trigger, sections: list[Section], old: dict | None, new: dict | None) -> None:
        if not sections:
            return
        types = {col.name: binding.variable_type(col.ifx) for col in self.table.columns}
        correlations: dict[str, dict[str, str]] = {}
        values: dict[str, object] = {}
        for name, row in ((trigger.old, old), (trigger.new, new)):
            if name:
                correlations[name] = types
                values.update((f"{name}.{col}", (row or {}).get(col)) for col in types)
        session = self.session
        session.triggering.append((self.table.name, self.event, self.columns))
        try:
            for section in sections:
                if section.when is not None:
                    text, names = binding.bind(f"SELECT CASE WHEN ({section.when}) THEN 1 ELSE 0 END", {}, correlations)
                    if session.prepare(text, len(names)).open([values[n] for n in names]).fetch(1) != [(1,)]:
                        continue
                for action in section.actions:
                    text, names = binding.bind(action, {}, correlations)
                    session.prepare(text, len(names)).execute([values[n] for n in names])
        finally:
            session.triggering.pop()


# ---- statements -------------------------------------------------------------------------------------------
class CreateTrigger(Statement):
    stmt_type = STMT_CREATE_TRIGGER

    def __init__(self, session, text: str):
        super().__init__(session)
        session.require_database()
        self.trigger, self.if_not_exists = parse_create(text)

    def execute(self, params=()) -> tuple[int, int]:
        session, trigger = self.session, self.trigger
        info = session.table(trigger.table)
        if info is None or info.name != trigger.table:
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=trigger.table)
        if not info.tabid or info.kind != "T" or info.tabid < catalog.FIRST_USER_TABID:
            raise SqlError(E_NOT_IMPLEMENTED, near="trigger on a temporary table, view or catalog table")
        for column in trigger.columns:
            if info.column(column) is None:
                raise SqlError(-217, near=column)
        if exists(session, trigger.name):
            if self.if_not_exists:
                return 0, 0
            raise SqlError(E_OBJECT_EXISTS, near=trigger.name)

        def create() -> None:
            store(session, trigger, info.tabid)
            session.forget_tables()

        session.run(create, verb="create")
        session.engine.schema_changed()
        return 0, 0


class DropTrigger(Statement):
    stmt_type = STMT_DROP_TRIGGER

    def __init__(self, session, name: str, if_exists: bool):
        super().__init__(session)
        session.require_database()
        self.name, self.if_exists = name, if_exists

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session

        def drop() -> int:
            count = remove(session, self.name)
            session.forget_tables()
            return count

        if not session.run(drop, verb="drop") and not self.if_exists:
            raise SqlError(E_NO_TRIGGER, near=self.name)
        session.engine.schema_changed()
        return 0, 0
