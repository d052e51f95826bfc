"""Running SPL routines: statement nodes executed one by one, each SQL statement and each
expression sent through the engine's statement path with the variables bound as parameters.

Variables hold values as a client would bind and receive them. Outside a transaction each SQL
statement of a routine commits on its own, as Informix runs a routine called outside one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from informix_db.protocol import constants as c
from informix_db.types import typecodes as tc

from .. import ifxtypes, sqltext
from ..errors import E_NOT_IMPLEMENTED, E_SUBQUERY_ROWS, SqlError
from . import binding
from .parser import (
    CURRENT_OF,
    Block,
    Call,
    Define,
    Foreach,
    ForLoop,
    Handler,
    If,
    Jump,
    Let,
    NoOp,
    Raise,
    Return,
    Sql,
    While,
    split_items,
)

E_ROUTINE_NOT_FOUND = -674
E_MANY_ROWS_RETURNED = -686  # a function returning several rows (WITH RESUME) used as one value
E_UNDEFINED_VARIABLE = -201  # a name assigned to that no DEFINE or parameter declares [?: Informix's code]
E_BAD_RANGE = -201  # FOR over a NULL bound, a STEP of 0 or NULL, a variable not INT [?: Informix's code]
E_CURSOR_NOT_OPEN = -259  # WHERE CURRENT OF a cursor no FOREACH has open
MAX_CALL_DEPTH = 64
_SELECT_HEAD = re.compile(r"\s*SELECT\s+(?:(?:FIRST|SKIP|LIMIT)\s+\S+\s+|(?:DISTINCT|UNIQUE|ALL)\s+)*", re.I)
_INT_CODES = frozenset((tc.SMALLINT, tc.INTEGER, tc.INT8, tc.BIGINT))
_NUMBER = re.compile(r"-?\d+")
_COMPARE = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}
_ARITHMETIC = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
_MISSING = object()


@dataclass
class Variable:
    type_sql: str
    ifx: ifxtypes.IfxType
    value: object = None


class _Jump(Exception):
    """EXIT or CONTINUE leaving the statements of a loop (control flow, not an error)."""

    def __init__(self, verb: str, kind: str | None):
        super().__init__(verb)
        self.verb = verb
        self.kind = kind


class _Return(Exception):
    """RETURN without WITH RESUME: the routine ends."""


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in sqltext.tokens(text))


def run(session, routine, args: list, depth: int = 0) -> list[tuple]:
    """The rows ``routine`` returns (RETURN, RETURN ... WITH RESUME) for argument values ``args``."""
    if depth > MAX_CALL_DEPTH:
        raise SqlError(E_NOT_IMPLEMENTED, near=f"SPL calls nested deeper than {MAX_CALL_DEPTH}")
    return Interpreter(session, routine, depth).call(args)


def arguments(session, routine, texts: list[str], params: list, nparams: int) -> list:
    """The values of a call's argument expressions ``texts`` (client parameters ``params``),
    cast to the routine's parameter types."""
    check_arity(routine, len(texts))
    if not texts:
        return []
    casts = ", ".join(f"CAST(({text}) AS {declared})" for text, (_, declared, _) in zip(texts, routine.params))
    return _one_row(session, session.prepare(f"SELECT {casts}", nparams), params)


def check_arity(routine, count: int) -> None:
    """-674 unless ``count`` arguments match the routine's parameters (defaults filling the rest)."""
    if count > len(routine.params) or any(default is None for _, _, default in routine.params[count:]):
        raise SqlError(E_ROUTINE_NOT_FOUND, near=routine.name)


def _one_row(session, statement, params: list) -> list:
    """The single row of a query statement; sqlca's counts stay those of the last SQL statement."""
    rowcount, serial = session.last_rowcount, session.last_serial
    try:
        rows = statement.open(params).fetch(2)
    finally:
        session.last_rowcount, session.last_serial = rowcount, serial
    if len(rows) > 1:
        raise SqlError(E_SUBQUERY_ROWS)
    return list(rows[0]) if rows else [None] * len(statement.columns)


class Interpreter:
    def __init__(self, session, routine, depth: int):
        self.session = session
        self.routine = routine
        self.depth = depth
        self.scopes: list[dict[str, Variable]] = []
        self.rows: list[tuple] = []

    # ---- entry ------------------------------------------------------------------------------------
    def call(self, args: list) -> list[tuple]:
        params: dict[str, Variable] = {}
        self.scopes.append(params)
        for index, (name, declared, default) in enumerate(self.routine.params):
            params[name] = variable = Variable(declared, ifxtypes.parse_type(declared))
            variable.value = args[index] if index < len(args) else self.values([default], [declared])[0]
        try:
            self.block(self.routine.body)
        except _Return:
            pass
        except _Jump as jump:
            raise SqlError(-201, near=jump.verb) from None
        return self.rows

    # ---- variables --------------------------------------------------------------------------------
    def lookup(self, name: str) -> Variable:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        raise SqlError(E_UNDEFINED_VARIABLE, near=name)

    def visible(self) -> dict[str, str]:
        types: dict[str, str] = {}
        for scope in self.scopes:
            types.update((name, v.type_sql) for name, v in scope.items())
        return types

    def assign(self, names: list[str], values: list) -> None:
        """Store ``values`` (client values of any type) in variables ``names``, converted to their types."""
        if len(names) != len(values):
            raise SqlError(-201, near=names[0] if names else "")
        targets = [self.lookup(n) for n in names]
        pending = []
        for i, (target, value) in enumerate(zip(targets, values)):
            fast = _fast_cast(value, target.ifx)
            if fast is _MISSING:
                pending.append(i)
            else:
                target.value = fast
        if pending:
            casts = ", ".join(f"CAST(? AS {targets[i].type_sql})" for i in pending)
            row = _one_row(self.session, self.session.prepare(f"SELECT {casts}", len(pending)),
                           [values[i] for i in pending])
            for i, value in zip(pending, row):
                targets[i].value = value

    # ---- expressions ------------------------------------------------------------------------------
    def values(self, exprs: list[str], types: list[str | None]) -> list:
        """The values of SPL expressions, each cast to its type (None: as it comes)."""
        fast = [self._fast(e, t) for e, t in zip(exprs, types)]
        if all(v is not _MISSING for v in fast):
            return fast
        items = ", ".join(f"CAST(({e}) AS {t})" if t else f"({e})" for e, t in zip(exprs, types))
        return self.query_row(f"SELECT {items}")

    def condition(self, text: str) -> bool:
        words = _words(text)
        if len(words) == 3 and words[1] in _COMPARE:
            left, right = self._operand(words[0]), self._operand(words[2])
            if isinstance(left, int) and isinstance(right, int):
                return _COMPARE[words[1]](left, right)
        return self.query_row(f"SELECT CASE WHEN ({text}) THEN 1 ELSE 0 END")[0] == 1

    def _operand(self, word: str):
        if _NUMBER.fullmatch(word):
            return int(word)
        for scope in reversed(self.scopes):
            found = scope.get(word.lower())
            if found is not None:
                return found.value if found.ifx.code in _INT_CODES else _MISSING
        return _MISSING

    def _fast(self, text: str, type_sql: str | None):
        """An integer expression of at most one operator, or a lone variable, worked out here."""
        words = _words(text)
        if len(words) == 1:
            value = self._operand(words[0])
        elif len(words) == 3 and words[1] in _ARITHMETIC:
            left, right = self._operand(words[0]), self._operand(words[2])
            if not (isinstance(left, int) and isinstance(right, int)):
                return _MISSING
            value = _ARITHMETIC[words[1]](left, right)
        else:
            return _MISSING
        if value is _MISSING or type_sql is None:
            return value
        return _fast_cast(value, ifxtypes.parse_type(type_sql))

    def query_row(self, sql: str) -> list:
        text, values = self.bound(sql)
        return _one_row(self.session, self.session.prepare(text, len(values)), values)

    def bound(self, sql: str) -> tuple[str, list]:
        """``sql`` with variables as parameters (and calls of SPL routines worked out first)."""
        extra: dict[str, Variable] = {}
        if "(" in sql:
            sql = self._calls_done(sql, extra)
        self.scopes.append(extra)
        try:
            text, names = binding.bind(sql, self.visible())
            return text, [self.lookup(n).value for n in names]
        finally:
            self.scopes.pop()

    def _calls_done(self, sql: str, results: dict[str, Variable]) -> str:
        """``sql`` with each call of a user routine that cannot be inlined (it has control flow)
        replaced by a variable holding its one result."""
        toks = sqltext.tokens(sql)
        out, done = [], 0
        k = 0
        while k < len(toks) - 1:
            if toks[k + 1].text != "(" or not toks[k].text.isidentifier() or (k and toks[k - 1].text == "."):
                k += 1
                continue
            routine = self.session.routine(toks[k].text.lower())
            if routine is None or routine.inlinable:
                k += 1
                continue
            close = _matching(toks, k + 1)
            inner = sql[toks[k + 1].offset : toks[close].offset - 1]
            rows = self.invoke(Call(routine.name, split_items(inner)))
            if len(rows) > 1:
                raise SqlError(E_MANY_ROWS_RETURNED, near=routine.name)
            if len(routine.returns) != 1:
                raise SqlError(E_ROUTINE_NOT_FOUND, near=routine.name)
            name = f"_spl_result_{len(results)}"
            declared = routine.returns[0][1]
            results[name] = Variable(declared, ifxtypes.parse_type(declared), rows[0][0] if rows else None)
            out.append(sql[done : toks[k].offset - 1] + name)
            done = toks[close].offset
            k = close + 1
        out.append(sql[done:])
        return "".join(out)

    # ---- statements -------------------------------------------------------------------------------
    def block(self, block: Block) -> None:
        """Run a statement block: its DEFINEs scoped to it, its ON EXCEPTION handlers
        catching errors of the statements after them (IBM: "ON EXCEPTION")."""
        self.scopes.append({})
        handlers: list[Handler] = []
        try:
            for statement in block.statements:
                if isinstance(statement, Handler):
                    handlers.insert(0, statement)
                    continue
                try:
                    self.statement(statement)
                except SqlError as exc:
                    handler = next((h for h in handlers if h.codes is None or exc.sqlcode in h.codes), None)
                    if handler is None:
                        raise
                    if handler.set_vars:
                        self.assign(handler.set_vars, [exc.sqlcode, exc.isamcode, exc.near][: len(handler.set_vars)])
                    self.block(handler.body)
                    if not handler.resume:
                        return
        finally:
            self.scopes.pop()

    def statement(self, node) -> None:
        kind = type(node)
        if kind is Let:
            self._let(node)
        elif kind is Sql:
            self._sql(node)
        elif kind is If:
            for condition, branch in node.branches:
                if self.condition(condition):
                    self.block(branch)
                    return
            if node.otherwise is not None:
                self.block(node.otherwise)
        elif kind is ForLoop:
            self._for(node)
        elif kind is While:
            while node.condition is None or self.condition(node.condition):
                if self._loop_body(node.body, node.kind):
                    break
        elif kind is Foreach:
            self._foreach(node)
        elif kind is Define:
            self._define(node)
        elif kind is Return:
            self._return(node)
        elif kind is Jump:
            if node.condition is None or self.condition(node.condition):
                raise _Jump(node.verb, node.kind)
        elif kind is Raise:
            self._raise(node)
        elif kind is Call:
            rows = self.invoke(node)
            if node.into:
                self.assign(node.into, list(rows[0]) if rows else [None] * len(node.into))
        elif kind is Block:
            self.block(node)
        elif kind is not NoOp:
            raise SqlError(E_NOT_IMPLEMENTED, near=kind.__name__)

    def _define(self, node: Define) -> None:
        if node.like is not None:
            table = self.session.table(node.like[0])
            column = table.column(node.like[1]) if table is not None else None
            if column is None:
                raise SqlError(-217 if table is not None else -206, near=node.like[1 if table else 0])
            declared = binding.variable_type(column.ifx)
        else:
            declared = node.type_text or ""
        value = self.values([node.default], [declared])[0] if node.default is not None else None
        scope = self.scopes[-1]
        for name in node.names:
            scope[name] = Variable(declared, ifxtypes.parse_type(declared), value)

    def _let(self, node: Let) -> None:
        if node.query is not None:
            self.assign(node.targets, self._rows(node.query, single=True))
            return
        if len(node.exprs) == 1 and len(node.targets) > 1:
            call = _as_call(node.exprs[0])
            if call is None:
                raise SqlError(-201, near=node.targets[0])
            rows = self.invoke(call)
            self.assign(node.targets, list(rows[0]) if rows else [None] * len(node.targets))
            return
        targets = [self.lookup(n) for n in node.targets]
        if len(targets) != len(node.exprs):
            raise SqlError(-201, near=node.targets[0])
        for target, value in zip(targets, self.values(node.exprs, [t.type_sql for t in targets])):
            target.value = value

    def _rows(self, query: str, single: bool = False) -> list:
        text, values = self.bound(query)
        statement = self.session.prepare(text, len(values))
        if single:
            rows = statement.open(values).fetch(2)
            if len(rows) > 1:
                raise SqlError(E_SUBQUERY_ROWS)
            return list(rows[0]) if rows else [None] * len(statement.columns)
        return statement.open(values).fetch(1 << 62)

    def _sql(self, node: Sql) -> None:
        positioned = CURRENT_OF.search(node.text)
        if positioned:  # the row the FOREACH cursor stands on
            name = positioned.group(1).lower()
            if not any(_cursor_variable(name) in scope for scope in self.scopes):
                raise SqlError(E_CURSOR_NOT_OPEN, near=name)
            node = Sql(f"{node.text[: positioned.start()]}WHERE rowid = {_cursor_variable(name)}")
        if node.into:
            self.assign(node.into, self._rows(node.text, single=True))
            return
        text, values = self.bound(node.text)
        statement = self.session.prepare(text, len(values))
        if statement.stmt_type == c.STMT_SELECT:
            statement.open(values).fetch(1 << 62)
        else:
            statement.execute(values)

    def _for(self, node: ForLoop) -> None:
        variable = self.lookup(node.variable)
        sequence: list = []
        for start, end, step in node.items:
            if end is None:
                sequence.append(self.values([start], [variable.type_sql])[0])
                continue
            if variable.ifx.code not in _INT_CODES:
                raise SqlError(E_BAD_RANGE, near=node.variable)  # a TO range needs an INT or SMALLINT
            low, high = self.values([start, end], [variable.type_sql] * 2)
            by = self.values([step], ["INTEGER"])[0] if step is not None else (1 if (high or 0) >= (low or 0) else -1)
            if low is None or high is None or not by:
                raise SqlError(E_BAD_RANGE, near="STEP" if low is not None and high is not None else "TO")
            sequence.append(range(low, high + (1 if by > 0 else -1), by))
        for item in sequence:
            for value in item if isinstance(item, range) else (item,):
                variable.value = value
                if self._loop_body(node.body, "FOR"):
                    return

    def _loop_body(self, body: Block, kind: str) -> bool:
        """Run one pass of a loop; True when EXIT ends the loop."""
        try:
            self.block(body)
        except _Jump as jump:
            if jump.kind not in (None, kind):
                raise
            return jump.verb == "EXIT"
        return False

    def _foreach(self, node: Foreach) -> None:
        if node.positioned and node.query is not None and node.cursor is not None:
            self._positioned_foreach(node, node.query, node.cursor)
            return
        rows = self.invoke(node.call) if node.call is not None else self._rows(node.query or "")
        for row in rows:
            if node.into:
                self.assign(node.into, list(row))
            if self._loop_body(node.body, "FOREACH"):
                return

    def _positioned_foreach(self, node: Foreach, query: str, cursor: str) -> None:
        """FOREACH whose body changes the current row (WHERE CURRENT OF): the query also
        reads each row's rowid, which a variable named after the cursor holds."""
        head = _SELECT_HEAD.match(query)
        if head is None:
            raise SqlError(-201, near=cursor)
        rows = self._rows(f"{query[: head.end()]}rowid, {query[head.end():]}")
        position = Variable("INT8", ifxtypes.parse_type("INT8"))
        self.scopes.append({_cursor_variable(cursor): position})
        try:
            for row in rows:
                position.value = row[0]
                if node.into:
                    self.assign(node.into, list(row[1:]))
                if self._loop_body(node.body, "FOREACH"):
                    return
        finally:
            self.scopes.pop()

    def _return(self, node: Return) -> None:
        returns = self.routine.returns
        if len(node.exprs) != len(returns):
            raise SqlError(-201, near="RETURN")
        if returns:
            self.rows.append(tuple(self.values(node.exprs, [declared for _, declared in returns])))
        if not node.resume:
            raise _Return

    def _raise(self, node: Raise) -> None:
        values = self.values(node.exprs, ["INTEGER", "INTEGER", "VARCHAR(255)"][: len(node.exprs)])
        sqlcode, isamcode, text = (*values, 0, "")[:3]
        raise SqlError(int(sqlcode or 0), int(isamcode or 0), near=(text or "").rstrip())

    def invoke(self, call: Call) -> list[tuple]:
        routine = self.session.routine(call.name)
        if routine is None:
            raise SqlError(E_ROUTINE_NOT_FOUND, near=call.name)
        check_arity(routine, len(call.args))
        args = self.values(call.args, [declared for _, declared, _ in routine.params[: len(call.args)]])
        return run(self.session, routine, args, self.depth + 1)


def _cursor_variable(cursor: str) -> str:
    return f"_spl_cursor_{cursor}"


def _fast_cast(value, ifx: ifxtypes.IfxType):
    """``value`` in type ``ifx`` when no conversion is needed (or an integer's range check)."""
    if value is None:
        return None
    if ifx.code in _INT_CODES and type(value) is int:
        return ifx.coerce(value)
    if ifx.code in ifxtypes.VARCHAR_CODES and type(value) is str and len(value) <= ifx.length:
        return value
    return _MISSING


def _matching(toks: list, opening: int) -> int:
    depth = 0
    for k in range(opening, len(toks)):
        depth += {"(": 1, ")": -1}.get(toks[k].text, 0)
        if depth == 0:
            return k
    raise SqlError(-201)


def _as_call(text: str) -> Call | None:
    words = _words(text)
    if len(words) >= 3 and words[0].isidentifier() and words[1] == "(" and words[-1] == ")":
        toks = sqltext.tokens(text)
        if _matching(toks, 1) == len(toks) - 1:
            return Call(words[0].lower(), split_items(text[toks[1].offset : toks[-1].offset - 1]))
    return None
