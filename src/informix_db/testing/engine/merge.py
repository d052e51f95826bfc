"""MERGE: update or delete the target rows a source matches, insert the source rows it does not.

Informix Guide to SQL: Syntax, "MERGE statement": ``MERGE INTO target [[AS] alias] USING
{table | view | (query)} [[AS] alias [(columns)]] ON condition`` and then, each at most once,
an Update clause (``WHEN MATCHED THEN UPDATE SET ...``) or a Delete clause (``WHEN MATCHED THEN
DELETE``), and an Insert clause (``WHEN NOT MATCHED THEN INSERT [(columns)] VALUES (...)``); the
source and target aliases must differ. Which source rows match is decided before any row
changes; the statement's row count is the number of rows merged.

The engine carries it out with its own statements, so constraints, SERIAL values and locks
apply as for UPDATE, DELETE and INSERT: the source rows to insert are read first, then the
matched target rows are updated (each SET value a subquery of the matching source row: a target
row matching several source rows is -284) or deleted, then the rows are inserted, all or nothing.
A SET of a column the ON condition reads is refused (-999): which rows match would then depend
on the order of the changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import sqltext
from .base import Statement
from .errors import E_NOT_IMPLEMENTED, SqlError
from .session import EngineSession

STMT_MERGE = 128  # sqlstype.h SQ_MERGE (120 is SQ_ALTERBT, ALTER TYPE)
_SAVEPOINT = "_ifx_merge"
_HEAD = re.compile(r"MERGE\s+(?:\{[^}]*\}\s*)?INTO\s+", re.I)
_NAME = r'(?:"(?:[^"]|"")*"|[\w.:@])+'
_TABLE = re.compile(rf"({_NAME})(?:\s+(?:AS\s+)?(?!USING\b)(\w+))?\s*", re.I)
_CLAUSE = re.compile(r"WHEN\s+(NOT\s+)?MATCHED\s+THEN\s+", re.I)


@dataclass
class Piece:
    """A part of the statement's text and the numbers (0-based) of the ``?`` in it, in order."""

    text: str
    params: list[int]


@dataclass
class MergeParts:
    """A MERGE statement taken apart."""

    target: Piece
    alias: str  # the target's alias ("" if none)
    source: Piece  # table, view or (query), with its alias
    on: Piece
    update: list[tuple[str, Piece]]  # SET column = value; empty without an Update clause
    delete: bool
    insert_columns: list[str] | None
    insert_values: Piece | None  # None without an Insert clause


def parse_parts(text: str) -> MergeParts:
    """The parts of a MERGE statement's text (-201 for one Informix does not accept)."""
    head = _HEAD.match(text)
    if head is None:
        raise SqlError(-201, near="MERGE")
    marks = [t.offset - 1 for t in sqltext.tokens(text) if t.text == "?"]

    def piece(start: int, end: int) -> Piece:
        return Piece(text[start:end].strip(), [i for i, at in enumerate(marks) if start <= at < end])

    target = _TABLE.match(text, head.end())
    if target is None or not re.match(r"USING\b", text[target.end():], re.I):
        raise SqlError(-201, near="USING")
    source_start = target.end() + len("USING")
    on = _top_level(text, r"ON", source_start)
    if on is None:
        raise SqlError(-201, near="ON")
    clauses = [m for m in _CLAUSE.finditer(text, on) if _depth(text, m.start()) == 0]
    if not clauses:
        raise SqlError(-201, near="MERGE")
    update: list[tuple[str, Piece]] = []
    delete = False
    insert_columns: list[str] | None = None
    insert_values: Piece | None = None
    seen: set[bool] = set()
    for i, clause in enumerate(clauses):
        not_matched = bool(clause.group(1))
        if not_matched in seen:
            raise SqlError(-201, near="WHEN")  # each kind of clause at most once
        seen.add(not_matched)
        end = clauses[i + 1].start() if i + 1 < len(clauses) else len(text)
        body = text[clause.end():end]
        if not_matched:
            insert_columns, insert_values = _insert(body, clause.end(), piece)
        elif re.fullmatch(r"\s*DELETE\s*", body, re.I):
            delete = True
        else:
            update = _update(body, clause.end(), piece)
    return MergeParts(piece(target.start(1), target.end(1)), target.group(2) or "", piece(source_start, on),
                      piece(on + 2, clauses[0].start()), update, delete, insert_columns, insert_values)


def _depth(text: str, at: int) -> int:
    depth = 0
    for tok in sqltext.tokens(text[:at]):
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
    return depth


def _top_level(text: str, word: str, start: int) -> int | None:
    """Offset of the first ``word`` token at parenthesis depth 0 from ``start``."""
    depth = 0
    for tok in sqltext.tokens(text[start:]):
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
        if depth == 0 and tok.text.upper() == word:
            return start + tok.offset - 1
    return None


def _items(text: str, start: int, piece) -> list[Piece]:
    """The top-level comma-separated items of ``text`` (found at ``start`` of the statement)."""
    items, depth, begin = [], 0, 0
    for tok in sqltext.tokens(text):
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
        if tok.text == "," and depth == 0:
            items.append(piece(start + begin, start + tok.offset - 1))
            begin = tok.offset
    items.append(piece(start + begin, start + len(text)))
    if any(not item.text for item in items):
        raise SqlError(-201, near=",")
    return items


def _parenthesised(text: str, start: int) -> tuple[int, int]:
    """The offsets just inside the parentheses ``text`` starts with (after blanks)."""
    depth, opened = 0, None
    for tok in sqltext.tokens(text):
        if tok.text == "(":
            depth += 1
            opened = tok.offset if opened is None else opened
        elif tok.text == ")":
            depth -= 1
            if depth == 0 and opened is not None:
                return start + opened, start + tok.offset - 1
        elif opened is None:
            break
    raise SqlError(-201, near="(")


def _update(body: str, start: int, piece) -> list[tuple[str, Piece]]:
    found = re.match(r"\s*UPDATE\s+SET\s+", body, re.I)
    if found is None:
        raise SqlError(-201, near=body.split()[0] if body.split() else "THEN")
    rest, at = body[found.end():], start + found.end()
    if rest.lstrip().startswith("("):  # SET (a, b) = (x, y)
        names_from, names_to = _parenthesised(rest, at)
        equals = re.match(r"\s*=\s*", body[names_to + 1 - start:])
        if equals is None:
            raise SqlError(-201, near="SET")
        values_at = names_to + 1 + equals.end()
        values_from, values_to = _parenthesised(body[values_at - start:], values_at)
        names = [p.text for p in _items(body[names_from - start:names_to - start], names_from, piece)]
        values = _items(body[values_from - start:values_to - start], values_from, piece)
        if len(names) != len(values):
            raise SqlError(-201, near="SET")
        return list(zip(names, values))
    assignments = []
    for item in _items(rest, at, piece):
        name, equals, _ = item.text.partition("=")
        if not equals:
            raise SqlError(-201, near=item.text.split()[0])
        offset = item.text.index("=") + 1
        value = Piece(item.text[offset:].strip(), item.params)
        assignments.append((name.strip(), value))
    return assignments


def _insert(body: str, start: int, piece) -> tuple[list[str] | None, Piece]:
    found = re.match(r"\s*INSERT\s*", body, re.I)
    if found is None:
        raise SqlError(-201, near=body.split()[0] if body.split() else "THEN")
    at = start + found.end()
    columns = None
    rest = body[found.end():]
    if rest.startswith("("):
        inner_from, inner_to = _parenthesised(rest, at)
        columns = [p.text for p in _items(body[inner_from - start:inner_to - start], inner_from, piece)]
        at = inner_to + 1
    values = re.match(r"\s*VALUES\s*", body[at - start:], re.I)
    if values is None:
        raise SqlError(-201, near="VALUES")
    at += values.end()
    inner_from, inner_to = _parenthesised(body[at - start:], at)
    if body[inner_to + 1 - start:].strip():
        raise SqlError(-201, near=body[inner_to + 1 - start:].split()[0])
    return columns, piece(inner_from, inner_to)


def _join(*parts: Piece | str) -> tuple[str, list[int]]:
    """SQL text made of literal strings and pieces, with the parameter numbers it takes, in order."""
    text, params = [], []
    for part in parts:
        if isinstance(part, Piece):
            text.append(part.text)
            params.extend(part.params)
        else:
            text.append(part)
    return "".join(text), params


class MergeStatement(Statement):
    stmt_type = STMT_MERGE

    def __init__(self, session: EngineSession, text: str):
        super().__init__(session)
        session.require_database()
        parts = parse_parts(text)
        target, alias, source, on, update = parts.target, parts.alias, parts.source, parts.on, parts.update
        if alias and source.text.split()[-1].lower() == alias.lower():
            raise SqlError(-201, near=alias)  # the source and target aliases must differ
        written = {name.split(".")[-1].strip('"').lower() for name, _ in update}
        read = {t.text.strip('"').lower() for t in sqltext.tokens(on.text)}
        if written & read:
            raise SqlError(E_NOT_IMPLEMENTED, near="MERGE SET of an ON column")
        named = f" {alias}" if alias else ""
        matches = ("EXISTS (SELECT 1 FROM ", source, " WHERE ", on, ")")
        prepare = session.engine.prepare_statement
        self._steps: list[tuple[Statement, list[int]]] = []
        if update:
            sets: list[Piece | str] = []
            for i, (name, value) in enumerate(update):
                column = name.split(".")[-1]  # SET target.column = ...: the target's column
                sets.extend([", " if i else "", f"{column} = (SELECT ", value, " FROM ", source, " WHERE ", on, ")"])
            sql, params = _join(f"UPDATE {target.text}{named} SET ", *sets, " WHERE ", *matches)
            self._steps.append((prepare(session, sql, len(params)), params))
        if parts.delete:
            sql, params = _join(f"DELETE FROM {target.text}{named} WHERE ", *matches)
            self._steps.append((prepare(session, sql, len(params)), params))
        self._new_rows: tuple[Statement, list[int]] | None = None
        if parts.insert_values is not None:
            sql, params = _join("SELECT ", parts.insert_values, " FROM ", source, f" WHERE NOT EXISTS (SELECT 1 FROM {target.text}{named}"
                                " WHERE ", on, ")")
            query = prepare(session, sql, len(params))
            self._new_rows = (query, params)
            width = len(query.columns)
            listed = f" ({', '.join(parts.insert_columns)})" if parts.insert_columns else ""
            self._insert = prepare(session, f"INSERT INTO {target.text}{listed} VALUES ({', '.join(['?'] * width)})", width)

    def execute(self, params=()) -> tuple[int, int]:
        session = self.session
        params = list(params)
        own = session.logged and not session.in_transaction and not session.ansi
        if own or (session.ansi and not session.in_transaction):
            session.begin()
        if session.in_transaction:
            session.savepoint(_SAVEPOINT)  # the whole MERGE is undone if a part of it fails
        try:
            count = self._merge(params)
        except BaseException:
            if own:
                session.rollback()
            elif session.in_transaction:
                session.rollback_to_savepoint(_SAVEPOINT)
                session.release_savepoint(_SAVEPOINT)
            raise
        if own:
            session.commit()
        elif session.in_transaction:
            session.release_savepoint(_SAVEPOINT)
        session.last_rowcount = count
        return count, 0

    def _merge(self, params: list) -> int:
        rows: list[tuple] = []
        if self._new_rows is not None:
            query, taken = self._new_rows
            rows = query.open([params[i] for i in taken]).fetch(1 << 62)
        count = 0
        for statement, taken in self._steps:
            count += statement.execute([params[i] for i in taken])[0]
        for row in rows:
            count += self._insert.execute(list(row))[0]
        return count


def is_merge(text: str) -> bool:
    return bool(_HEAD.match(text))
