"""User routines (SPL functions and procedures): their definitions, storage and inlining.

A routine is stored in the database's ``_ifx_routines`` table. ``EXECUTE FUNCTION`` and
``EXECUTE PROCEDURE`` run it (``spl.interpreter``); a routine whose body only computes values
(DEFINE, LET, one RETURN) is also inlined where a query calls it, so ``SELECT f(tabid) FROM
systables`` becomes a plain expression for DuckDB. Calling a routine with control flow inside
a query other than through SPL is refused (-999 naming it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property

from sqlglot import exp

from . import ifxtypes, sqltext
from .errors import E_NOT_IMPLEMENTED, SqlError
from .spl.parser import Block, Define, Let, Return, parse_body, split_items
from .translate import IFX_META, IFX_NAME, parse

E_ROUTINE_NOT_FOUND = -674
E_ROUTINE_EXISTS = -673  # "Another routine (%s) with same signature already exists in database."
MAX_INLINE_DEPTH = 16

_HEAD = re.compile(r"CREATE\s+(?:DBA\s+)?(FUNCTION|PROCEDURE)\s+(IF\s+NOT\s+EXISTS\s+)?([\w.]+)\s*\(", re.I)
_TAIL = re.compile(r"END\s+(FUNCTION|PROCEDURE)\b.*", re.I | re.S)
_DROP = re.compile(r"DROP\s+(FUNCTION|PROCEDURE|ROUTINE)\s+(IF\s+EXISTS\s+)?([\w.]+)\s*(\([^)]*\))?", re.I)
_RETURNING = re.compile(r"(?:RETURNING|RETURNS)\b(.*?);", re.I | re.S)
_PARAMETER = re.compile(r"(?:OUT\s+|INOUT\s+)?([A-Za-z_]\w*)\s+(.+?)(?:\s+DEFAULT\s+(.+))?", re.I | re.S)


@dataclass
class Routine:
    """A stored routine: typed parameters (with their DEFAULT text), typed results, its body."""

    name: str
    kind: str  # "function" or "procedure"
    params: list[tuple[str, str, str | None]]  # (name, Informix type text, DEFAULT text)
    returns: list[tuple[str, str]]  # (column name or "", Informix type text)
    body_text: str

    @cached_property
    def body(self) -> Block:
        return parse_body(self.body_text)

    @cached_property
    def inlinable(self) -> bool:
        """Whether the body only computes values: DEFINEs, single LETs of expressions, one final RETURN."""
        statements = self.body.statements
        if not statements or not isinstance(statements[-1], Return) or statements[-1].resume:
            return not self.returns and all(isinstance(s, Define) for s in statements)
        return all(
            (isinstance(s, Define) and s.like is None and s.default is None)
            or (isinstance(s, Let) and s.query is None and len(s.targets) == len(s.exprs) == 1)
            for s in statements[:-1]
        )

    def dump(self) -> str:
        return json.dumps([self.kind, self.params, self.returns, self.body_text])

    @classmethod
    def load(cls, name: str, text: str) -> Routine:
        stored = json.loads(text)
        if len(stored) == 5:  # kept by an earlier version: the LETs and results of a value-only body
            kind, params, returns, lets, results = stored
            params = [(*p, None) for p in params]
            lines = [f"LET {target} = {value};" for target, value in lets]
            body_text = " ".join([*lines, f"RETURN {', '.join(results)};"] if results else lines)
        else:
            kind, params, returns, body_text = stored
        return cls(name, kind, [tuple(p) for p in params], [tuple(r) for r in returns], body_text)


def _closing_paren(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    raise SqlError(-201)


def _typed(item: str) -> tuple[str, str, str | None]:
    """``[OUT] name TYPE [DEFAULT value]`` of a parameter, checked by parsing the type."""
    found = _PARAMETER.fullmatch(item.strip())
    if found is None:
        raise SqlError(-201, near=item.split()[0] if item.split() else "")
    ifxtypes.parse_type(found.group(2))
    return found.group(1).lower(), found.group(2).strip(), found.group(3)


def _returned(item: str) -> tuple[str, str]:
    """``TYPE [AS name]`` of a RETURNING clause item."""
    found = re.fullmatch(r"(.+?)(?:\s+AS\s+(\w+))?", item.strip(), re.I | re.S)
    if found is None:
        raise SqlError(-201)
    ifxtypes.parse_type(found.group(1))
    return (found.group(2) or "").lower(), found.group(1)


def is_create(text: str) -> bool:
    return bool(_HEAD.match(text))


def parse_create(text: str) -> tuple[Routine, bool]:
    """The routine a CREATE FUNCTION/PROCEDURE text defines, and whether IF NOT EXISTS was given.
    The body is parsed now, so SPL the engine cannot run is refused when the routine is created."""
    head = _HEAD.match(text)
    if head is None:
        raise SqlError(-201)
    open_paren = head.end() - 1
    close_paren = _closing_paren(text, open_paren)
    params = [_typed(p) for p in split_items(text[open_paren + 1 : close_paren])]
    rest = text[close_paren + 1 :].strip()
    tail = _TAIL.search(rest)
    if tail is None:
        raise SqlError(-201)
    body = rest[: tail.start()]
    returns: list[tuple[str, str]] = []
    returning = _RETURNING.match(body)
    if returning:
        returns = [_returned(r) for r in split_items(returning.group(1))]
        body = body[returning.end() :]
    if re.match(r"\s*REFERENCING\b", body, re.I):
        raise SqlError(E_NOT_IMPLEMENTED, near="trigger routine REFERENCING")
    routine = Routine(head.group(3).split(".")[-1].lower(), head.group(1).lower(), params, returns, body.strip())
    routine.body  # noqa: B018 (parsed now: errors belong to CREATE)
    return routine, bool(head.group(2))


def parse_drop(text: str) -> tuple[str, bool] | None:
    """(routine name, IF EXISTS) of a DROP FUNCTION/PROCEDURE/ROUTINE text, or None."""
    found = _DROP.fullmatch(text)
    if not found:
        return None
    return found.group(3).split(".")[-1].lower(), bool(found.group(2))


# ---- storage -------------------------------------------------------------------------------------
def _table(session) -> str:
    return f"{session.require_database().catalog}.main._ifx_routines"


def find(session, name: str) -> Routine | None:
    """The routine called ``name`` in the current database, or None."""
    if session.db is None:
        return None
    row = session.conn.execute(f"SELECT definition FROM {_table(session)} WHERE name = ?", [name]).fetchone()
    return Routine.load(name, row[0]) if row else None


def store(session, routine: Routine) -> None:
    session.write(f"INSERT INTO {_table(session)} VALUES ($1, $2)", [routine.name, routine.dump()])


def remove(session, name: str) -> int:
    return session.write(f"DELETE FROM {_table(session)} WHERE name = $1", [name]).fetchone()[0]


# ---- inlining ------------------------------------------------------------------------------------
def inline(routine: Routine, args: list[exp.Expr], translate, depth: int = 0) -> list[exp.Expr]:
    """The routine's result expressions with its parameters bound to ``args`` (translated)."""
    if not routine.inlinable:
        raise SqlError(E_NOT_IMPLEMENTED, near=f"SPL routine {routine.name} with control flow in a query")
    if len(args) != len(routine.params) or depth > MAX_INLINE_DEPTH:
        raise SqlError(E_ROUTINE_NOT_FOUND, near=routine.name)
    bound: dict[str, exp.Expr] = {}
    for (name, declared, _), arg in zip(routine.params, args):
        bound[name] = _cast(arg, ifxtypes.parse_type(declared))
    statements = routine.body.statements
    for let in statements[:-1]:
        if isinstance(let, Let):
            bound[let.targets[0]] = _substitute(_expression(let.exprs[0], translate), bound)
    returned = statements[-1].exprs if statements and isinstance(statements[-1], Return) else []
    results = []
    for text, (alias, declared) in zip(returned, routine.returns):
        value = _cast(_substitute(_expression(text, translate), bound), ifxtypes.parse_type(declared))
        value.meta[IFX_NAME] = alias or "(expression)"
        results.append(value)
    return results


def _expression(text: str, translate) -> exp.Expr:
    lexed = sqltext.lex(f"SELECT {text}")
    if lexed.placeholders:
        raise SqlError(-201)
    select = translate(parse(lexed.text))
    if len(select.expressions) != 1:
        raise SqlError(-201)
    return select.expressions[0]


def _substitute(node: exp.Expr, bound: dict[str, exp.Expr]) -> exp.Expr:
    def replace(found: exp.Expr) -> exp.Expr:
        if isinstance(found, exp.Column) and not found.table and found.name.lower() in bound:
            return exp.Paren(this=bound[found.name.lower()].copy())
        return found

    return node.transform(replace)


def _cast(value: exp.Expr, ifx: ifxtypes.IfxType) -> exp.Expr:
    cast = exp.Cast(this=value, to=exp.DataType.build(ifx.duck(), dialect="duckdb"))
    cast.meta[IFX_META] = ifx
    return cast
