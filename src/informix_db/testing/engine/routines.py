"""User routines (SPL functions and procedures) whose bodies compute values: DEFINE, LET, RETURN.

Such a routine is stored in the database's ``_ifx_routines`` table and inlined wherever it
is called, so ``EXECUTE FUNCTION f(1)`` and ``SELECT f(tabid) FROM systables`` both become
plain expressions for DuckDB. Bodies with other SPL statements are refused (-999, near-token
naming the statement).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlglot import exp

from . import ifxtypes, sqltext
from .errors import E_NOT_IMPLEMENTED, SqlError
from .translate import IFX_META, IFX_NAME, parse

E_ROUTINE_NOT_FOUND = -674
E_ROUTINE_EXISTS = -9700
MAX_INLINE_DEPTH = 16

_HEAD = re.compile(r"CREATE\s+(?:DBA\s+)?(FUNCTION|PROCEDURE)\s+(IF\s+NOT\s+EXISTS\s+)?([\w.]+)\s*\(", re.I)
_TAIL = re.compile(r"END\s+(FUNCTION|PROCEDURE)\b.*", re.I | re.S)
_DROP = re.compile(r"DROP\s+(FUNCTION|PROCEDURE|ROUTINE)\s+(IF\s+EXISTS\s+)?([\w.]+)\s*(\([^)]*\))?", re.I)
_LET = re.compile(r"LET\s+(\w+)\s*=\s*(.+)", re.I | re.S)
_RETURN = re.compile(r"RETURN(?:\s+(.+?))?(?:\s+WITH\s+RESUME)?", re.I | re.S)


@dataclass
class Routine:
    """A stored routine: typed parameters, typed results and the expressions that make them."""

    name: str
    kind: str  # "function" or "procedure"
    params: list[tuple[str, str]]  # (name, Informix type text)
    returns: list[tuple[str, str]]  # (column name or "", Informix type text)
    lets: list[tuple[str, str]]  # LET variable = expression text, in order
    results: list[str]  # RETURN expression texts

    def dump(self) -> str:
        return json.dumps([self.kind, self.params, self.returns, self.lets, self.results])

    @classmethod
    def load(cls, name: str, text: str) -> Routine:
        kind, params, returns, lets, results = json.loads(text)
        return cls(name, kind, [tuple(p) for p in params], [tuple(r) for r in returns],
                   [tuple(v) for v in lets], results)


def _split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside parentheses and quotes."""
    parts, current, depth, quoted = [], [], 0, False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        if ch == separator and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _closing_paren(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    raise SqlError(-201)


def _typed(item: str) -> tuple[str, str]:
    """``name TYPE`` of a parameter, checked by parsing the type."""
    name, _, declared = item.partition(" ")
    declared = re.sub(r"\s+DEFAULT\s+.*$", "", declared.strip(), flags=re.I | re.S)
    if not re.fullmatch(r"[A-Za-z_]\w*", name) or not declared:
        raise SqlError(-201)
    ifxtypes.parse_type(declared)
    return name.lower(), declared


def _returned(item: str) -> tuple[str, str]:
    """``TYPE [AS name]`` of a RETURNING clause item."""
    found = re.fullmatch(r"(.+?)(?:\s+AS\s+(\w+))?", item.strip(), re.I | re.S)
    ifxtypes.parse_type(found.group(1))
    return (found.group(2) or "").lower(), found.group(1)


def is_create(text: str) -> bool:
    return bool(_HEAD.match(text))


def parse_create(text: str) -> tuple[Routine, bool]:
    """The routine a CREATE FUNCTION/PROCEDURE text defines, and whether IF NOT EXISTS was given."""
    head = _HEAD.match(text)
    open_paren = head.end() - 1
    close_paren = _closing_paren(text, open_paren)
    params = [_typed(p) for p in _split_top_level(text[open_paren + 1 : close_paren], ",")]
    rest = text[close_paren + 1 :].strip()
    tail = _TAIL.search(rest)
    if tail is None:
        raise SqlError(-201)
    statements = _split_top_level(rest[: tail.start()], ";")
    returns: list[tuple[str, str]] = []
    if statements and statements[0].upper().startswith("RETURNING"):
        returns = [_returned(r) for r in _split_top_level(statements.pop(0)[len("RETURNING") :], ",")]
    lets, results = [], []
    for statement in statements:
        if statement.upper().startswith("DEFINE "):
            continue
        let = _LET.fullmatch(statement)
        if let and not results:
            lets.append((let.group(1).lower(), let.group(2).strip()))
            continue
        returned = _RETURN.fullmatch(statement)
        if returned and not results:
            results = _split_top_level(returned.group(1) or "", ",")
            continue
        # SPL beyond DEFINE/LET/RETURN (IF, FOR, FOREACH, WHILE, CALL, ON EXCEPTION ...) is not supported.
        raise SqlError(E_NOT_IMPLEMENTED, near=statement.split()[0].upper() if statement.split() else "")
    if len(results) != len(returns):
        raise SqlError(-201)
    routine = Routine(head.group(3).split(".")[-1].lower(), head.group(1).lower(), params, returns, lets, results)
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
    if len(args) != len(routine.params) or depth > MAX_INLINE_DEPTH:
        raise SqlError(E_ROUTINE_NOT_FOUND, near=routine.name)
    bound: dict[str, exp.Expr] = {}
    for (name, declared), arg in zip(routine.params, args):
        bound[name] = _cast(arg, ifxtypes.parse_type(declared))
    for name, text in routine.lets:
        bound[name] = _substitute(_expression(text, translate), bound)
    results = []
    for text, (alias, declared) in zip(routine.results, routine.returns):
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
