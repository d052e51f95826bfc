"""Lexical pass over Informix SQL before sqlglot parses it.

Informix has constructs no sqlglot dialect knows (``{}`` comments, ``DATETIME(...) YEAR TO
SECOND`` literals, qualifier type names, ``CURRENT``/``TODAY``, ``db:table``). This pass
rewrites them into ordinary function calls and type names that :mod:`translate` resolves.
"""

from __future__ import annotations

import itertools
import re
from contextvars import ContextVar
from dataclasses import dataclass

from . import ifxtypes
from .errors import SqlError

_QUAL = (
    r"(?:YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|FRACTION)(?:\s*\(\s*\d+\s*\))?"
    r"(?:\s+TO\s+(?:YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|FRACTION)(?:\s*\(\s*\d+\s*\))?)?"
)
_LITERAL = re.compile(rf"\b(DATETIME|INTERVAL)\s*\(([^()]*)\)\s*({_QUAL})", re.IGNORECASE)
_TYPE_PHRASE = re.compile(rf"\b(DATETIME|INTERVAL)\s+({_QUAL})", re.IGNORECASE)
_CURRENT = re.compile(rf"\bCURRENT\b(?!\s+(?:OF|ROW)\b)(\s+{_QUAL})?", re.IGNORECASE)
_TODAY = re.compile(r"\bTODAY\b", re.IGNORECASE)
_DB_PREFIX = re.compile(r"\b([A-Za-z_]\w*)(?:@\w+)?\s*:(?!:)\s*(?=[A-Za-z_\"])")

_TYPE_NAMES = (
    r"INTEGER|INT8|INT|SMALLINT|BIGINT|SERIAL8|SERIAL|BIGSERIAL|SMALLFLOAT|FLOAT|REAL"
    r"|DOUBLE\s+PRECISION|DECIMAL|DEC|NUMERIC|MONEY|NCHAR|NVARCHAR|LVARCHAR|VARCHAR"
    r"|CHARACTER\s+VARYING|CHARACTER|CHAR|DATE|BOOLEAN|TEXT|BYTE"
)
_CAST_TYPE = re.compile(
    rf"(::\s*|\bAS\s+)({_TYPE_NAMES})\b(\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"\?")
_COLLECTION_BEFORE_BRACE = re.compile(r"(?<!\w)(SET|MULTISET|LIST)\s*$", re.IGNORECASE)
_COMPOSITE_CAST = re.compile(r"(::\s*|\bAS\s+)(ROW|SET|MULTISET|LIST)\s*\(", re.IGNORECASE)
_CURSOR_MODE = re.compile(r"\s+FOR\s+(?:(UPDATE)(?:\s+OF\s+[\w\s,]+)?|READ\s+ONLY)\s*$", re.IGNORECASE)

_QUALIFIER_ARG = re.compile(
    r",\s*((?:YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|FRACTION)(?:\s*\(\s*\d+\s*\))?\s+TO\s+"
    r"(?:YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|FRACTION)(?:\s*\(\s*\d+\s*\))?)\s*\)",
    re.IGNORECASE,
)
_SUBSCRIPT = re.compile(r"(\b[A-Za-z_][\w.]*)\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]")
_SELECT_UNIQUE = re.compile(r"\bSELECT(\s+(?:SKIP\s+\S+\s+)?(?:FIRST\s+\S+\s+)?)UNIQUE\b", re.IGNORECASE)
_MOD = re.compile(r"\bMOD\b(?!\s*\()", re.IGNORECASE)
_MATCHES = re.compile(r"\bMATCHES\b", re.IGNORECASE)
_UNITS = re.compile(r"\bUNITS\s+(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)\b", re.IGNORECASE)
_MINUS = re.compile(r"\bMINUS\b", re.IGNORECASE)
_SERVER_NAME = re.compile(r"\b(?:DBSERVERNAME|SITENAME)\b(?!\s*\()", re.IGNORECASE)
_SEQUENCE_VALUE = re.compile(r"\b([A-Za-z_]\w*)\s*\.\s*(NEXTVAL|CURRVAL)\b", re.IGNORECASE)

# DELIMIDENT set in the login environment: a double-quoted token is a delimited identifier, not a
# string (set per session, as DBDATE is).
delimident: ContextVar[bool] = ContextVar("delimident", default=False)

DB_CATALOG_PREFIX = "ifxdb__"
QUALIFIER_ARG = "ifxqual="
TYPE_PREFIX = "ifxtype_"
COMPOSITE_PREFIX = "ifxcomposite_"


@dataclass
class Lexed:
    """The rewritten text plus facts the lexical pass noticed."""

    text: str
    placeholders: int
    for_update: bool = False


def type_token(ifx: ifxtypes.IfxType) -> str:
    """An identifier standing for ``ifx`` in a cast (sqlglot sees a user-defined type)."""
    if ifx.is_composite:
        return f"{COMPOSITE_PREFIX}{ifx.schema.encode('utf-8').hex()}"
    return f"{TYPE_PREFIX}{ifx.code}_{ifx.length}"


def type_from_token(token: str) -> ifxtypes.IfxType | None:
    """Inverse of :func:`type_token`."""
    if token.lower().startswith(COMPOSITE_PREFIX):
        return ifxtypes.parse_type(bytes.fromhex(token[len(COMPOSITE_PREFIX) :]).decode("utf-8"))
    if not token.lower().startswith(TYPE_PREFIX):
        return None
    code, length = (int(x) for x in token[len(TYPE_PREFIX) :].split("_"))
    return ifxtypes.IfxType(code, length)


def _split(sql: str) -> list[tuple[str, str]]:
    """Segments of ``sql``: ("code", text), ("str", value) and, under DELIMIDENT, ("ident", name);
    comments dropped."""
    identifiers = delimident.get()
    segments: list[tuple[str, str]] = []
    code: list[str] = []
    open_collections = 0
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            j = i + 1
            value: list[str] = []
            while True:
                if j >= n:
                    raise SqlError(-282)
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        value.append(ch)
                        j += 2
                        continue
                    break
                value.append(sql[j])
                j += 1
            segments.append(("code", "".join(code)))
            code = []
            segments.append(("ident" if ch == '"' and identifiers else "str", "".join(value)))
            i = j + 1
        elif ch == "{" and _COLLECTION_BEFORE_BRACE.search("".join(code)):
            # SET{...}, MULTISET{...}, LIST{...}: a collection literal, not a comment.
            text = "".join(code)
            keyword = _COLLECTION_BEFORE_BRACE.search(text)
            code = list(text[: keyword.start(1)] + f"ifx_collection('{keyword.group(1).upper()}', list_value(")
            open_collections += 1
            i += 1
        elif ch == "}" and open_collections:
            code.extend("))")
            open_collections -= 1
            i += 1
        elif ch == "{":
            end = sql.find("}", i)
            if end < 0:
                raise SqlError(-201)
            code.append(" ")
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            code.append(" ")
            i = n if end < 0 else end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end < 0:
                raise SqlError(-201)
            code.append(" ")
            i = end + 2
        else:
            code.append(ch)
            i += 1
    if open_collections:
        raise SqlError(-201)
    segments.append(("code", "".join(code)))
    return segments


def quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _segment_text(kind: str, text: str) -> str:
    """A string or delimited-identifier segment as the lexed text spells it."""
    return quote(text) if kind == "str" else quote_ident(text)


def _rewrite_code(code: str) -> str:
    def literal(m: re.Match) -> str:
        func = "ifx_datetime" if m.group(1).upper() == "DATETIME" else "ifx_interval"
        return f"{func}({quote(m.group(2).strip())}, {quote(_norm(m.group(3)))})"

    def type_phrase(m: re.Match) -> str:
        return type_token(ifxtypes.parse_type(f"{m.group(1)} {m.group(2)}"))

    def cast_type(m: re.Match) -> str:
        if m.group(1).upper().startswith("AS") and not _closes_cast(code, m.end()):
            return m.group(0)
        return m.group(1) + type_token(ifxtypes.parse_type(m.group(2) + (m.group(3) or "")))

    def current(m: re.Match) -> str:
        qualifier = _norm(m.group(1)) if m.group(1) else "YEAR TO FRACTION(3)"
        return f"ifx_current({quote(qualifier)})"

    def subscript(m: re.Match) -> str:
        first, last = int(m.group(2)), int(m.group(3))
        return f"substr({m.group(1)}, {first}, {max(0, last - first + 1)})"

    code = _DB_PREFIX.sub(lambda m: f"{DB_CATALOG_PREFIX}{m.group(1).lower()}.", code)
    code = _LITERAL.sub(literal, code)
    code = _composite_casts(code)
    code = _QUALIFIER_ARG.sub(lambda m: f", {quote(QUALIFIER_ARG + _norm(m.group(1)))})", code)
    code = _TYPE_PHRASE.sub(type_phrase, code)
    code = _CAST_TYPE.sub(cast_type, code)
    code = _CURRENT.sub(current, code)
    code = _TODAY.sub("ifx_today()", code)
    code = _SUBSCRIPT.sub(subscript, code)
    code = _MOD.sub("%", code)
    code = _SELECT_UNIQUE.sub(lambda m: f"SELECT{m.group(1)}DISTINCT", code)
    code = _MATCHES.sub("GLOB", code)
    code = _MINUS.sub("EXCEPT", code)
    code = _SERVER_NAME.sub("ifx_dbservername()", code)
    code = _SEQUENCE_VALUE.sub(lambda m: f"{m.group(2).lower()}('{m.group(1).lower()}')", code)
    return _UNITS.sub(lambda m: f"* (INTERVAL '1 {m.group(1).upper()}')", code)


def _composite_casts(code: str) -> str:
    """``::ROW(...)`` and ``AS SET(...)`` casts name their type with one token."""
    out, pos = [], 0
    for found in _COMPOSITE_CAST.finditer(code):
        if found.start() < pos:
            continue
        depth, end = 0, found.end() - 1
        for end in range(found.end() - 1, len(code)):
            depth += {"(": 1, ")": -1}.get(code[end], 0)
            if depth == 0:
                break
        if depth:
            raise SqlError(-201)
        declared = code[found.start(2) : end + 1]
        out.append(code[pos : found.start()] + found.group(1) + type_token(ifxtypes.parse_type(declared)))
        pos = end + 1
    return "".join(out) + code[pos:]


def _closes_cast(code: str, pos: int) -> bool:
    """Whether ``AS <type>`` ending at ``pos`` is the end of a CAST(... AS type)."""
    return code[pos:].lstrip().startswith(")")


def _norm(text: str) -> str:
    return " ".join(text.upper().split())


def lex(sql: str) -> Lexed:
    """Rewrite ``sql`` for sqlglot; ``?`` placeholders become ``$1``, ``$2``... in text order."""
    parts: list[str] = []
    placeholders = 0

    def number(_match: re.Match) -> str:
        nonlocal placeholders
        placeholders += 1
        return f" ${placeholders} "

    for kind, text in _split(sql):
        if kind != "code":
            parts.append(_segment_text(kind, text))
        else:
            parts.append(_PLACEHOLDER.sub(number, _rewrite_code(text)))
    text = _expand_multi_set("".join(parts).strip().rstrip(";").strip())
    mode = _CURSOR_MODE.search(text)
    if mode:
        text = text[: mode.start()]
    return Lexed(text, placeholders, bool(mode and mode.group(1)))


# ---- Informix tokens with their positions (for syntax checks and error offsets) ----------------------
_SCAN = re.compile(
    r"\s+|--[^\n]*|\{[^}]*\}|/\*.*?\*/"  # blanks and comments: skipped
    r"|(?P<tok>'(?:[^']|'')*'?|\"(?:[^\"]|\"\")*\"?|[A-Za-z_][\w$]*|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+"
    r"|<=|>=|<>|!=|\|\||::|\S)",
    re.S,
)
# Words that may not follow a comma: a list ends with an item, never with a comma.
_CLAUSE_AFTER_LIST = {
    "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "INTERSECT", "EXCEPT", "MINUS", "INTO",
}


@dataclass(frozen=True)
class Token:
    text: str
    offset: int  # 1-based position in the statement text, as Informix reports error offsets


def tokens(sql: str) -> list[Token]:
    """The statement's tokens (strings whole, comments dropped) with their positions."""
    return [Token(m.group("tok"), m.start("tok") + 1) for m in _SCAN.finditer(sql) if m.group("tok")]


def syntax_error(token: Token | None) -> SqlError:
    """-201 pointing at ``token`` (offset and near-token, as sqlca.sqlerrd[4] and sqlerrm)."""
    if token is None:
        return SqlError(-201)
    return SqlError(-201, offset=token.offset, near=token.text)


def check_lists(sql: str) -> None:
    """Informix refuses a list ending in a comma (``SELECT a, FROM t``, ``f(a,)``), which
    sqlglot forgives; -201 at the token after the comma."""
    toks = tokens(sql)
    for comma, after in itertools.pairwise(toks):
        if comma.text == "," and (after.text == ")" or after.text.upper() in _CLAUSE_AFTER_LIST):
            raise syntax_error(after)


def locate(sql: str, error: SqlError) -> SqlError:
    """``error`` (a -201 naming its near-token but no offset) with the token's offset in ``sql``:
    the token's ``occurrence``-th appearance (the parser saw the text after lexical rewriting)."""
    if error.offset or not error.near:
        return error
    wanted = error.near.upper()
    found = [t for t in tokens(sql) if t.text.upper() == wanted]
    if not found:
        return error
    occurrence = min(getattr(error, "occurrence", 0), len(found) - 1)
    error.offset = found[occurrence].offset
    return error


_MULTI_SET = re.compile(r"\bSET\s*\(", re.IGNORECASE)


def _expand_multi_set(text: str) -> str:
    """``UPDATE t SET (a, b) = (x, y)`` as ``UPDATE t SET a = x, b = y`` (lexed text)."""
    found = _MULTI_SET.search(text)
    if not found or not re.match(r"UPDATE\b", text, re.IGNORECASE):
        return text
    names_open = found.end() - 1
    names_close = _closing_paren(text, names_open)
    equals = re.match(r"\s*=\s*\(", text[names_close + 1 :])
    if equals is None:
        raise syntax_error(Token("SET", found.start() + 1))
    values_open = names_close + equals.end()
    values_close = _closing_paren(text, values_open)
    names = _top_level_items(text[names_open + 1 : names_close])
    values = _top_level_items(text[values_open + 1 : values_close])
    if values and re.match(r"\(?\s*SELECT\b", values[0], re.IGNORECASE):
        raise SqlError(-999, near="SET (...) = (SELECT ...)")
    if len(names) != len(values):
        raise SqlError(-201, near="SET")
    assignments = ", ".join(f"{n} = {v}" for n, v in zip(names, values))
    return f"{text[: found.start()]}SET {assignments}{text[values_close + 1 :]}"


def _closing_paren(text: str, start: int) -> int:
    """Index of the parenthesis closing the one at ``start`` (quoted text skipped)."""
    depth, quoted = 0, False
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
            if depth == 0:
                return i
    raise SqlError(-201)


def _top_level_items(text: str) -> list[str]:
    items, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
        elif not quoted and ch == "," and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    items.append(text[start:].strip())
    return items


def strip_comments(sql: str) -> str:
    """``sql`` without comments, strings kept (for keyword-level statement recognition)."""
    return "".join(t if k == "code" else _segment_text(k, t) for k, t in _split(sql)).strip().rstrip(";")
