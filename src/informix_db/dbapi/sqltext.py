"""Placeholder scanning: ``?`` and ``:N`` outside literals, comments and ``::`` casts.

Informix lexing rules (PROTOCOL.md §5.9 and the peer's measurements): quotes are escaped
only by doubling (a backslash escapes nothing), ``--`` runs to end of line, ``/* */`` and
``{ }`` are comments, ``::`` is the cast operator. An unterminated quote or comment
swallows the rest of the text, leaving the server to reject it.
"""

from __future__ import annotations

from functools import lru_cache

from ..exceptions import NotSupportedError, ProgrammingError


def _skip_quoted(sql: str, i: int, quote: str) -> int:
    n = len(sql)
    j = i + 1
    while j < n:
        if sql[j] == quote:
            if j + 1 < n and sql[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return n


def _skip_until(sql: str, i: int, terminator: str, keep_terminator: bool) -> int:
    j = sql.find(terminator, i)
    if j < 0:
        return len(sql)
    return j if keep_terminator else j + len(terminator)


def skip_literal_or_comment(sql: str, i: int) -> int:
    """Index just past the string literal or comment starting at ``i``; ``i`` if none does."""
    ch = sql[i]
    if ch == "'" or ch == '"':
        return _skip_quoted(sql, i, ch)
    if ch == "-" and sql.startswith("--", i):
        return _skip_until(sql, i, "\n", keep_terminator=True)
    if ch == "/" and sql.startswith("/*", i):
        return _skip_until(sql, i + 2, "*/", keep_terminator=False)
    if ch == "{":
        return _skip_until(sql, i, "}", keep_terminator=False)
    return i


def split_statements(script: str) -> list[str]:
    """The statements of ``script``, split on ``;`` outside literals and comments."""
    statements, start, i, n = [], 0, 0, len(script)
    while i < n:
        end = skip_literal_or_comment(script, i)
        if end != i:
            i = end
        elif script[i] == ";":
            statements.append(script[start:i])
            start = i = i + 1
        else:
            i += 1
    statements.append(script[start:])
    return [s.strip() for s in statements if s.strip()]


def _continues_token(ch: str) -> bool:
    """A ``:N`` placeholder never directly follows a digit or identifier character."""
    return ch.isalnum() or ch in "_$"


@lru_cache(maxsize=512)
def scan_placeholders(sql: str) -> tuple[str, tuple[int, ...] | None, int]:
    """Rewrite ``:N`` to ``?`` (cached per SQL text: executemany and repeated statements
    scan once).

    Returns ``(wire_sql, order, count)``: ``order`` lists the 0-based parameter index of
    every placeholder when numeric style is used (None for pure ``?`` style), ``count`` is
    the number of placeholders found. Mixing both styles is a ProgrammingError.
    """
    out: list[str] = []
    order: list[int] = []
    qmarks = 0
    i = 0
    n = len(sql)
    start = 0  # beginning of the text not yet copied to ``out``
    while i < n:
        skipped = skip_literal_or_comment(sql, i)
        if skipped != i:
            i = skipped
            continue
        ch = sql[i]
        if ch == "?":
            qmarks += 1
            i += 1
        elif ch == ":":
            if sql.startswith("::", i):
                i += 2
                continue
            if i and _continues_token(sql[i - 1]):
                i += 1  # 12:34:56, DATETIME(12:30), INTERVAL(1:30): not a placeholder
                continue
            j = i + 1
            while j < n and "0" <= sql[j] <= "9":
                j += 1
            if j > i + 1:
                number = int(sql[i + 1:j])
                if number < 1:
                    raise ProgrammingError(f"placeholder :{number} is invalid; numbering starts at :1")
                order.append(number - 1)
                out.append(sql[start:i])
                out.append("?")
                start = j
            i = j
        else:
            i += 1
    if order and qmarks:
        raise ProgrammingError("do not mix '?' and ':N' placeholders in one statement")
    if not order:
        return sql, None, qmarks
    out.append(sql[start:])
    return "".join(out), tuple(order), len(order)


def arrange_parameters(sql: str, params) -> tuple[str, tuple]:
    """Check ``params`` against the placeholders of ``sql``; returns wire SQL and values in order."""
    if params is None:
        params = ()
    elif hasattr(params, "keys"):
        raise NotSupportedError("named (dict) parameters are not supported; pass the values as a "
                                "positional sequence for ? or :1, :2 ... placeholders")
    elif isinstance(params, (str, bytes, bytearray)) or not hasattr(params, "__len__") \
            or not hasattr(params, "__getitem__"):
        raise ProgrammingError(
            f"parameters must be a sequence (tuple or list), not {type(params).__name__}")
    wire_sql, order, count = scan_placeholders(sql)
    if order is None:
        if count != len(params):
            raise ProgrammingError(
                f"the statement has {count} placeholder(s) but {len(params)} parameter(s) were given")
        return wire_sql, tuple(params)
    if set(order) != set(range(len(params))):
        raise ProgrammingError(
            f"numeric placeholders reference :{min(order) + 1}..:{max(order) + 1} but "
            f"{len(params)} parameter(s) were given")
    return wire_sql, tuple(params[k] for k in order)
