"""SPL statement blocks parsed into nodes (IBM Informix Guide to SQL: Syntax, "SPL statements").

Expressions and SQL statements stay source text: the interpreter runs them through the
engine's own SQL path. Statements the engine does not run (SYSTEM, GOTO and labels, CASE,
DEFINE GLOBAL, collections) are refused here with -999 naming them, when the routine is created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import sqltext
from ..errors import E_NOT_IMPLEMENTED, SqlError

# Words that begin a statement: where an expression written without a closing keyword ends
# (the condition of WHILE, the bounds of FOR, the SELECT of FOREACH).
_STATEMENT_WORDS = frozenset({
    "LET", "IF", "FOR", "FOREACH", "WHILE", "LOOP", "RETURN", "RAISE", "CALL", "EXIT", "CONTINUE",
    "BEGIN", "DEFINE", "ON", "SYSTEM", "TRACE", "END", "EXECUTE", "INSERT", "UPDATE", "DELETE",
    "SELECT", "CREATE", "DROP", "ALTER", "LOCK", "UNLOCK", "SET", "COMMIT", "ROLLBACK", "TRUNCATE",
    "ELIF", "ELSE", "GOTO", "CASE",
})
_SET_OPERATORS = frozenset({"UNION", "ALL", "INTERSECT", "EXCEPT", "MINUS", "(", "DISTINCT"})
_LOOP_KINDS = ("FOR", "WHILE", "FOREACH", "LOOP")
CURRENT_OF = re.compile(r"\bWHERE\s+CURRENT\s+OF\s+(\w+)\s*$", re.I)
_REFUSED = {"SYSTEM": "SYSTEM", "GOTO": "GOTO", "<<": "label", "CASE": "CASE"}


# ---- nodes ---------------------------------------------------------------------------------------------
@dataclass
class Define:
    names: list[str]
    type_text: str | None  # Informix type, or None for LIKE
    like: tuple[str, str] | None = None  # (table, column)
    default: str | None = None


@dataclass
class Let:
    targets: list[str]
    exprs: list[str] = field(default_factory=list)
    query: str | None = None  # LET a, b = (SELECT ...)


@dataclass
class Block:
    statements: list = field(default_factory=list)


@dataclass
class If:
    branches: list[tuple[str, Block]]
    otherwise: Block | None


@dataclass
class ForLoop:
    variable: str
    items: list[tuple[str, str | None, str | None]]  # (value or start, end, step)
    body: Block


@dataclass
class While:
    condition: str | None  # None: LOOP, until EXIT
    body: Block
    kind: str = "WHILE"


@dataclass
class Call:
    name: str
    args: list[str]
    into: list[str] = field(default_factory=list)


@dataclass
class Foreach:
    query: str | None  # the SELECT without its INTO clause
    into: list[str]
    call: Call | None
    body: Block
    cursor: str | None = None
    positioned: bool = False  # the body updates or deletes WHERE CURRENT OF the cursor


@dataclass
class Jump:
    """EXIT or CONTINUE of the innermost loop of ``kind`` (None: any), WHEN ``condition``."""

    verb: str
    kind: str | None
    condition: str | None = None


@dataclass
class Return:
    exprs: list[str]
    resume: bool


@dataclass
class Raise:
    exprs: list[str]  # sqlcode[, isamcode[, text]]


@dataclass
class Handler:
    """ON EXCEPTION [IN (codes)] [SET vars] ... END EXCEPTION [WITH RESUME]."""

    codes: list[int] | None
    set_vars: list[str]
    body: Block
    resume: bool


@dataclass
class Sql:
    text: str
    into: list[str] = field(default_factory=list)  # SELECT ... INTO variables


@dataclass
class NoOp:
    """TRACE: its output goes to a file on the database server; nothing to do here."""


_DISPATCH = {
    "DEFINE": "_define", "LET": "_let", "IF": "_if", "FOR": "_for", "WHILE": "_while", "LOOP": "_loop",
    "FOREACH": "_foreach", "EXIT": "_exit", "CONTINUE": "_continue", "RETURN": "_return", "RAISE": "_raise",
    "CALL": "_call", "EXECUTE": "_execute", "BEGIN": "_begin", "TRACE": "_trace",
}


# ---- the parser ----------------------------------------------------------------------------------------
class Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = sqltext.tokens(text)
        self.i = 0
        self.positioned: set[str] = set()  # cursors named by WHERE CURRENT OF

    # tokens
    def word(self, k: int = 0) -> str:
        at = self.i + k
        return self.toks[at].text.upper() if at < len(self.toks) else ""

    def take(self) -> str:
        if self.i >= len(self.toks):
            raise SqlError(-201, near="END")
        self.i += 1
        return self.toks[self.i - 1].text

    def error(self) -> SqlError:
        """-201 at the current token."""
        return sqltext.syntax_error(self.toks[self.i] if self.i < len(self.toks) else None)

    def expect(self, *words: str) -> None:
        for word in words:
            if self.word() != word:
                raise self.error()
            self.i += 1

    def accept(self, *words: str) -> bool:
        if all(self.word(k) == w for k, w in enumerate(words)):
            self.i += len(words)
            return True
        return False

    def name(self) -> str:
        text = self.take()
        if not (text[0].isalpha() or text[0] == "_"):
            raise sqltext.syntax_error(self.toks[self.i - 1])
        return text.lower()

    def source(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (exclusive), as written."""
        if end <= start:
            raise sqltext.syntax_error(self.toks[start] if start < len(self.toks) else None)
        first, last = self.toks[start], self.toks[end - 1]
        return self.text[first.offset - 1 : last.offset - 1 + len(last.text)]

    def scan(self, stop) -> int:
        """The index of the first token at nesting depth 0 for which ``stop(index)`` holds
        (parentheses, brackets and CASE ... END nest), or the end of the tokens."""
        opened: list[str] = []
        at = self.i
        while at < len(self.toks):
            word = self.toks[at].text.upper()
            if not opened and stop(at):
                return at
            if word in ("(", "[", "CASE"):
                opened.append(word)
            elif word in (")", "]") and opened:
                opened.pop()
            elif word == "END" and opened and opened[-1] == "CASE":
                opened.pop()
            at += 1
        return at

    def upto(self, *words: str) -> str:
        """The text up to the next of ``words`` at depth 0; the parser stops at that word."""
        end = self.scan(lambda at: self.toks[at].text.upper() in words)
        text = self.source(self.i, end)
        self.i = end
        return text

    def until_statement(self) -> str:
        """An expression or query that ends where the next statement begins (or at ';')."""
        end = self.scan(self._statement_starts)
        text = self.source(self.i, end)
        self.i = end
        self.accept(";")
        return text

    def _statement_starts(self, at: int) -> bool:
        word = self.toks[at].text.upper()
        if word == ";":
            return True
        if word not in _STATEMENT_WORDS or at == self.i:
            return False
        before = self.toks[at - 1].text.upper()
        after = self.toks[at + 1].text.upper() if at + 1 < len(self.toks) else ""
        if word == "SELECT" and before in _SET_OPERATORS:
            return False
        if word == "UPDATE" and before == "FOR":
            return False
        if word == "FOR" and after in ("UPDATE", "READ"):
            return False
        if word == "ON" and after != "EXCEPTION":
            return False
        return True

    def items(self, text: str) -> list[str]:
        return split_items(text)

    def names(self, text: str) -> list[str]:
        found = [n.lower() for n in self.items(text)]
        for n in found:
            if not (n[0].isalpha() or n[0] == "_") or not n.replace("_", "a").isalnum():
                raise SqlError(-201, near=n)
        return found

    # blocks and statements
    def block(self, *ends: str) -> Block:
        """Statements up to one of ``ends`` (END, ELIF, ELSE) or the end of the text."""
        block = Block()
        while self.i < len(self.toks) and self.word() not in ends:
            if self.accept(";"):
                continue
            block.statements.append(self.statement())
        return block

    def end(self, *words: str) -> None:
        self.expect("END", *words)
        self.accept(";")

    def statement(self):
        word = self.word()
        if word in _REFUSED or self.toks[self.i].text == "<":
            raise SqlError(E_NOT_IMPLEMENTED, near=_REFUSED.get(word, "label"))
        method = _DISPATCH.get(word)
        if method is not None and not (word == "BEGIN" and self.word(1) == "WORK"):
            self.i += 1
            return getattr(self, method)()
        if word == "ON" and self.word(1) == "EXCEPTION":
            self.i += 2
            return self._on_exception()
        return self._sql()

    def _define(self) -> Define:
        if self.word() == "GLOBAL":
            raise SqlError(E_NOT_IMPLEMENTED, near="DEFINE GLOBAL")
        names = [self.name()]
        while self.accept(","):
            names.append(self.name())
        if self.accept("LIKE"):
            table = self.name()
            self.expect(".")
            define = Define(names, None, (table, self.name()))
            self.expect(";")
            return define
        if self.word() in ("REFERENCES", "LIST", "SET", "MULTISET", "ROW"):
            raise SqlError(E_NOT_IMPLEMENTED, near=f"DEFINE {self.word()}")
        declared = self.upto(";", "DEFAULT")
        default = None
        if self.accept("DEFAULT"):
            default = self.upto(";")
        self.expect(";")
        return Define(names, declared, default=default)

    def _let(self) -> Let:
        targets = self.names(self.upto("="))
        self.expect("=")
        rest = self.upto(";", "END")
        self.accept(";")
        inner = rest.strip()
        if inner.startswith("(") and inner.endswith(")") and inner[1:].lstrip()[:6].upper() == "SELECT":
            if len(self.items(inner)) == 1 and _closes_at_end(inner):
                return Let(targets, query=inner[1:-1])
        return Let(targets, self.items(rest))

    def _if(self) -> If:
        branches = []
        condition = self.upto("THEN")
        self.expect("THEN")
        branches.append((condition, self.block("END", "ELIF", "ELSE")))
        otherwise = None
        while self.word() in ("ELIF", "ELSE"):
            if self.accept("ELSE"):
                otherwise = self.block("END")
                break
            self.expect("ELIF")
            condition = self.upto("THEN")
            self.expect("THEN")
            branches.append((condition, self.block("END", "ELIF", "ELSE")))
        self.end("IF")
        return If(branches, otherwise)

    def _for(self) -> ForLoop:
        variable = self.name()
        items: list[tuple[str, str | None, str | None]] = []
        if self.accept("IN"):
            self.expect("(")
            inside = self.upto(")")
            self.expect(")")
            for item in self.items(inside):
                items.append(_range_item(item))
        else:
            self.expect("=")
            start = self.upto("TO")
            self.expect("TO")
            end = self.scan(lambda at: self.toks[at].text.upper() == "STEP" or self._statement_starts(at))
            bound = self.source(self.i, end)
            self.i = end
            step = self.until_statement() if self.accept("STEP") else None
            items.append((start, bound, step))
        body = self.block("END")
        self.end("FOR")
        return ForLoop(variable, items, body)

    def _while(self) -> While:
        condition = self.until_statement()
        body = self.block("END")
        self.end("WHILE")
        return While(condition, body)

    def _loop(self) -> While:
        body = self.block("END")
        self.end("LOOP")
        return While(None, body, "LOOP")

    def _foreach(self) -> Foreach:
        cursor = None
        if self.word() not in ("SELECT", "EXECUTE", "WITH", "("):
            cursor = self.name()
            self.accept("WITH", "HOLD")
            self.expect("FOR")
        if self.accept("EXECUTE"):
            call = self._execute()
            if not isinstance(call, Call):
                raise SqlError(-201, near="FOREACH")
            body = self.block("END")
            self.end("FOREACH")
            return Foreach(None, call.into, call, body, cursor)
        query, into = _split_into(self.until_statement())
        body = self.block("END")
        self.end("FOREACH")
        return Foreach(query, into, None, body, cursor, cursor in self.positioned)

    def _jump(self, verb: str) -> Jump:
        kind = self.take().upper() if self.word() in _LOOP_KINDS else None
        condition = None
        if self.accept("WHEN"):
            condition = self.upto(";", "END")
        self.accept(";")
        return Jump(verb, kind, condition)

    def _exit(self) -> Jump:
        return self._jump("EXIT")

    def _continue(self) -> Jump:
        return self._jump("CONTINUE")

    def _return(self) -> Return:
        if self.accept(";") or self.word() == "END":
            return Return([], False)
        end = self.scan(lambda at: self.toks[at].text == ";" or (
            self.toks[at].text.upper() == "WITH" and at + 1 < len(self.toks) and self.toks[at + 1].text.upper() == "RESUME"
        ))
        exprs = self.items(self.source(self.i, end))
        self.i = end
        resume = self.accept("WITH", "RESUME")
        self.accept(";")
        return Return(exprs, resume)

    def _raise(self) -> Raise:
        self.expect("EXCEPTION")
        exprs = self.items(self.upto(";", "END"))
        self.accept(";")
        if not 1 <= len(exprs) <= 3:
            raise SqlError(-201, near="RAISE")
        return Raise(exprs)

    def _on_exception(self) -> Handler:
        codes = None
        if self.accept("IN"):
            self.expect("(")
            codes = [int(c) for c in self.items(self.upto(")"))]
            self.expect(")")
        set_vars = self.names_to_statement() if self.accept("SET") else []
        self.accept(";")
        body = self.block("END")
        self.expect("END", "EXCEPTION")
        resume = self.accept("WITH", "RESUME")
        self.accept(";")
        return Handler(codes, set_vars, body, resume)

    def _call(self) -> Call:
        return self._routine_call("RETURNING")

    def _execute(self) -> Call | Sql:
        if self.word() not in ("PROCEDURE", "FUNCTION"):
            return self._sql_from(self.i - 1)
        self.i += 1
        return self._routine_call("INTO")

    def _routine_call(self, results_word: str) -> Call:
        """``name(args) [RETURNING|INTO variables]`` of CALL and EXECUTE PROCEDURE/FUNCTION."""
        name = self.name()
        self.expect("(")
        args = self.upto(")") if self.word() != ")" else ""
        self.expect(")")
        into = self.names_to_statement() if self.accept(results_word) else []
        self.accept(";")
        return Call(name, self.items(args), into)

    def names_to_statement(self) -> list[str]:
        """A list of variable names ending where the next statement begins."""
        end = self.scan(self._statement_starts)
        names = self.names(self.source(self.i, end))
        self.i = end
        return names

    def _begin(self) -> Block:
        block = self.block("END")
        self.expect("END")
        self.accept(";")
        return block

    def _trace(self) -> NoOp:
        self.upto(";")
        self.accept(";")
        return NoOp()

    def _sql(self) -> Sql:
        return self._sql_from(self.i)

    def _sql_from(self, start: int) -> Sql:
        self.i = start
        text = self.upto(";", "END")
        self.accept(";")
        positioned = CURRENT_OF.search(text)
        if positioned:
            self.positioned.add(positioned.group(1).lower())
        if text.lstrip()[:6].upper() == "SELECT":
            query, into = _split_into(text)
            return Sql(query, into)
        return Sql(text)


def split_items(text: str) -> list[str]:
    """``text`` split at commas outside parentheses and quotes (none for a blank text)."""
    if not text.strip():
        return []
    parts, start, depth = [], 0, 0
    for tok in sqltext.tokens(text):
        if tok.text in ("(", "["):
            depth += 1
        elif tok.text in (")", "]"):
            depth -= 1
        elif tok.text == "," and depth == 0:
            parts.append(text[start : tok.offset - 1].strip())
            start = tok.offset
    parts.append(text[start:].strip())
    if any(not p for p in parts):
        raise SqlError(-201)
    return parts


def _closes_at_end(text: str) -> bool:
    """Whether the parenthesis opening ``text`` is the one closing it."""
    depth = 0
    for tok in sqltext.tokens(text):
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
        if depth == 0:
            return tok.offset == len(text)
    return False


def _range_item(item: str) -> tuple[str, str | None, str | None]:
    """``a TO b [STEP s]`` of FOR ... IN (...), or a single value (``end`` None)."""
    parser = Parser(item)
    start = parser.upto("TO")
    if not parser.accept("TO"):
        return item, None, None
    end = parser.upto("STEP")
    step = parser.upto() if parser.accept("STEP") and parser.i < len(parser.toks) else None
    return start, end, step


def _split_into(query: str) -> tuple[str, list[str]]:
    """A SELECT without its ``INTO variables`` clause, and those variables (INTO TEMP stays)."""
    parser = Parser(query)
    at = parser.scan(lambda k: parser.toks[k].text.upper() == "INTO"
                     and (k + 1 >= len(parser.toks) or parser.toks[k + 1].text.upper() not in ("TEMP", "SCRATCH", "EXTERNAL")))
    if at >= len(parser.toks):
        return query, []
    parser.i = at + 1
    end = parser.scan(lambda k: parser.toks[k].text.upper() in ("FROM", "WHERE", "GROUP", "ORDER", "UNION", ";"))
    names = parser.names(parser.source(at + 1, end))
    into = parser.toks[at]
    rest = query[parser.toks[end].offset - 1 :] if end < len(parser.toks) else ""
    return (query[: into.offset - 1] + " " + rest).strip(), names


def parse_body(text: str) -> Block:
    """The statement block of a routine body (the text between its header and END)."""
    parser = Parser(text)
    block = parser.block()
    if parser.i < len(parser.toks):
        raise sqltext.syntax_error(parser.toks[parser.i])
    return block
