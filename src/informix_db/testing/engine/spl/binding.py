"""SPL variables and trigger correlation names put into SQL text as typed parameters.

IBM's rule (Guide to SQL: Syntax, "DEFINE", Variables and column names): where an SPL variable
has the name of a column, the name means the variable; a column is then written qualified by
its table. So every unqualified name that is a variable becomes ``CAST(? AS type)``, except
where only a column or a table can stand: INSERT's column list, the left side of UPDATE's SET,
the name after FROM/JOIN/INTO/UPDATE/TABLE, and an alias after AS.
"""

from __future__ import annotations

from functools import lru_cache

from .. import sqltext
from ..errors import SqlError

_TABLE_BEFORE = frozenset({"FROM", "JOIN", "INTO", "UPDATE", "TABLE", "AS"})
_SERIAL_VALUES = {"SERIAL": "INTEGER", "SERIAL8": "INT8", "BIGSERIAL": "BIGINT"}
Types = tuple[tuple[str, str], ...]  # (name, Informix type text), sorted


def bind(text: str, variables: dict[str, str], correlations: dict[str, dict[str, str]] | None = None
         ) -> tuple[str, list[str]]:
    """``text`` with its variables (name -> type) and correlation references (``n.col``, for
    correlation name -> column -> type) made parameters, and the name of each parameter in
    order (``n.col`` for a correlation reference)."""
    corr = tuple(sorted((k, tuple(sorted(v.items()))) for k, v in (correlations or {}).items()))
    return _bind(text, tuple(sorted(variables.items())), corr)


@lru_cache(maxsize=4096)
def _bind(text: str, variables: Types, correlations: tuple[tuple[str, Types], ...]) -> tuple[str, list[str]]:
    types = dict(variables)
    corr = {name: dict(cols) for name, cols in correlations}
    toks = sqltext.tokens(text)
    words = [t.text.upper() for t in toks]
    skip = _column_positions(words)
    pieces: list[str] = []
    names: list[str] = []
    done = 0  # text consumed up to this index
    k = 0
    while k < len(toks):
        tok, word = toks[k], words[k]
        name = tok.text.lower()
        before = words[k - 1] if k else ""
        after = words[k + 1] if k + 1 < len(toks) else ""
        if name in corr and after == "." and k + 2 < len(toks) and before != ".":
            column = toks[k + 2].text.lower()
            if column not in corr[name]:
                raise SqlError(-217, near=column)
            pieces.append(text[done : tok.offset - 1] + f"CAST(? AS {corr[name][column]})")
            names.append(f"{name}.{column}")
            done = toks[k + 2].offset - 1 + len(toks[k + 2].text)
            k += 3
            continue
        if (name in types and k not in skip and before not in _TABLE_BEFORE and before != "."
                and after not in (".", "(") and word.isidentifier()):
            pieces.append(text[done : tok.offset - 1] + f"CAST(? AS {types[name]})")
            names.append(name)
            done = tok.offset - 1 + len(tok.text)
        k += 1
    pieces.append(text[done:])
    return "".join(pieces), names


def _column_positions(words: list[str]) -> set[int]:
    """Token positions where a name can only be a column: INSERT's column list and the
    assigned columns of UPDATE ... SET."""
    skip: set[int] = set()
    if words[:1] == ["INSERT"] and "INTO" in words:
        at = words.index("INTO") + 2
        if at < len(words) and words[at] == "(":
            end = words.index(")", at)
            skip.update(range(at, end))
    if words[:1] == ["UPDATE"] and "SET" in words:
        at = words.index("SET") + 1
        if at < len(words) and words[at] == "(":
            skip.update(range(at, words.index(")", at)))
        depth = 0
        for k in range(at, len(words)):
            if words[k] == "(":
                depth += 1
            elif words[k] == ")":
                depth -= 1
            elif depth == 0 and words[k] == "WHERE":
                break
            elif depth == 0 and words[k - 1] in ("SET", ",") and k + 1 < len(words) and words[k + 1] == "=":
                skip.add(k)
    return skip


def variable_type(ifx) -> str:
    """The type of a variable holding a value of a column of type ``ifx`` (a SERIAL's integer type)."""
    return _SERIAL_VALUES.get(ifx.sql(), ifx.sql())
