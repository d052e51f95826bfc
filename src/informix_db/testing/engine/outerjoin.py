"""Informix's own outer joins (``FROM a, OUTER b``, ``OUTER (b, OUTER c)``) as ANSI left joins.

Informix Guide to SQL: Syntax, "Informix-extension outer joins", and Tutorial, "Outer joins":
the tables after OUTER are subordinate to the other tables of the FROM list (the dominant ones);
the join conditions are in the WHERE clause, and a condition on a subordinate table is applied
to it before the join (a join filter), so a dominant row without a match keeps NULLs. A
parenthesised list after OUTER joins its tables among themselves first and is subordinate as a
whole; a nested OUTER in it is subordinate to the tables before it in that list.

The lexed text gets each such FROM list written as joins whose ON condition is a marker
(``ifx_outer_on(n)``); once parsed, :func:`place_conditions` moves each WHERE condition that
names a subordinate table into the ON condition of the innermost outer join it names. Errors as
Informix reports them: -393 for a condition relating two subordinate tables that are not nested
(a two-sided outer join), -395 for a subordinate table that no condition joins to the tables it
is subordinate to (an outer Cartesian product), -396 for a condition joining a nested
subordinate table to a table outside its parentheses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlglot import exp

from . import sqltext
from .errors import E_NOT_IMPLEMENTED, SqlError

MARKER = "ifx_outer_on"
E_TWO_SIDED = -393  # a condition in the WHERE clause results in a two-sided outer join
E_OUTER_CARTESIAN = -395  # the WHERE clause contains an outer Cartesian product
E_NESTED_TO_PRESERVED = -396  # illegal join between a nested outer table and a preserved table

_LIST_END = {
    "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "INTERSECT", "EXCEPT", "INTO", "LIMIT", "OFFSET", "FOR",
    ")", ";",
}


@dataclass
class Group:
    """One OUTER item: its tables' aliases, the aliases its join condition may also name (the
    dominant items before it in its list) and the group holding it (None: the FROM list)."""

    number: int
    parent: Group | None
    aliases: set[str] = field(default_factory=set)
    visible: set[str] = field(default_factory=set)
    conditions: list[exp.Expr] = field(default_factory=list)
    joined: bool = False  # a condition relates it to the tables it is subordinate to

    def within(self, other: Group | None) -> bool:
        """Whether this group is ``other`` or nested in it (every group is within None)."""
        group: Group | None = self
        while group is not None:
            if group is other:
                return True
            group = group.parent
        return other is None


@dataclass
class Scope:
    """The tables of one rewritten FROM list: alias -> (table name, innermost group or None)."""

    tables: dict[str, tuple[str, Group | None]] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)


def rewrite(text: str) -> tuple[str, list[Scope]]:
    """``text`` with every FROM list holding OUTER items written as joins, and their scopes."""
    scopes: list[Scope] = []
    numbers = itertools.count(1)  # the outer joins' marker numbers, unique in the statement
    while True:
        span = _next_outer_list(text)
        if span is None:
            return text, scopes
        start, end, items = span
        scope = Scope()
        rendered = _render(text, items, None, scope, numbers)
        scopes.append(scope)
        text = text[:start] + rendered + text[end:]


def _next_outer_list(text: str) -> tuple[int, int, list[list[sqltext.Token]]] | None:
    """The first FROM list with an OUTER item: its start and end offsets and its items' tokens."""
    toks = sqltext.tokens(text)
    for i, tok in enumerate(toks):
        if tok.text.upper() != "FROM":
            continue
        items, depth, j = [[]], 0, i + 1
        while j < len(toks) and not (depth == 0 and toks[j].text.upper() in _LIST_END):
            depth += {"(": 1, ")": -1}.get(toks[j].text, 0)
            if toks[j].text == "," and depth == 0:
                items.append([])
            else:
                items[-1].append(toks[j])
            j += 1
        if any(item and item[0].text.upper() == "OUTER" for item in items[1:]):
            if not all(items):
                raise sqltext.syntax_error(toks[j] if j < len(toks) else None)
            last = items[-1][-1]
            return items[0][0].offset - 1, last.offset - 1 + len(last.text), items
    return None


def _split(toks: list[sqltext.Token]) -> list[list[sqltext.Token]]:
    """The comma-separated items of a parenthesised list's tokens (parentheses excluded)."""
    items: list[list[sqltext.Token]] = [[]]
    depth = 0
    for tok in toks:
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
        if tok.text == "," and depth == 0:
            items.append([])
        else:
            items[-1].append(tok)
    if not all(items):
        raise SqlError(-201, near=",")
    return items


def _render(text: str, items: list[list[sqltext.Token]], parent: Group | None, scope: Scope,
            numbers: Iterator[int]) -> str:
    """One FROM list (or an OUTER's parenthesised list) as ANSI joins, recording its tables."""
    parts: list[str] = []
    dominant: set[str] = set()
    for position, item in enumerate(items):
        if item[0].text.upper() != "OUTER":
            alias = _table(item, parent, scope)
            dominant.add(alias)
            source = text[item[0].offset - 1 : item[-1].offset - 1 + len(item[-1].text)]
            parts.append(source if position == 0 else f" CROSS JOIN {source}")
            continue
        if position == 0:
            raise sqltext.syntax_error(item[0])  # the first table of a list is a dominant one
        group = Group(next(numbers), parent, visible=set(dominant))
        scope.groups[group.number] = group
        inner = item[1:]
        if not inner:
            raise sqltext.syntax_error(item[0])
        if inner[0].text == "(" and inner[-1].text == ")" and _is_list(inner):
            joined = "(" + _render(text, _split(inner[1:-1]), group, scope, numbers) + ")"
        else:
            _table(inner, group, scope)
            joined = text[inner[0].offset - 1 : inner[-1].offset - 1 + len(inner[-1].text)]
        for alias, (_, holder) in scope.tables.items():
            if holder is not None and holder.within(group):
                group.aliases.add(alias)
        parts.append(f" LEFT JOIN {joined} ON {MARKER}({group.number})")
    return "".join(parts)


def _is_list(toks: list[sqltext.Token]) -> bool:
    """Whether ``( ... )`` holds a list of tables rather than a derived table's query."""
    return len(toks) > 2 and toks[1].text.upper() not in ("SELECT", "WITH", "(")


def _table(item: list[sqltext.Token], group: Group | None, scope: Scope) -> str:
    """Record ``[owner.]table [[AS] alias]`` (or a derived table with its alias); its alias."""
    words = [t.text for t in item]
    if any(w.upper() in ("JOIN", "ON") for w in words):
        raise SqlError(E_NOT_IMPLEMENTED, near="OUTER")  # ANSI joins mixed into an Informix outer join
    if words[0] == "(":
        name, alias = "", words[-1]
    else:
        end = 1
        while end + 1 < len(words) and words[end] == ".":
            end += 2
        name = _unquote(words[end - 1])
        rest = [w for w in words[end:] if w.upper() != "AS"]
        alias = rest[-1] if rest else name
    alias = _unquote(alias)
    scope.tables[alias] = (name, group)
    return alias


def _unquote(word: str) -> str:
    if len(word) > 1 and word[0] == word[-1] == '"':
        return word[1:-1].replace('""', '"').lower()
    return word.lower()


def place_conditions(tree: exp.Expr, scopes: list[Scope], columns_of: Callable[[str], list[str] | None]) -> None:
    """Move each WHERE condition naming a subordinate table into its outer join's ON condition
    (see the module docstring); ``columns_of`` gives a table's column names (for unqualified ones)."""
    for scope in scopes:
        markers = {
            int(node.expressions[0].this): node
            for node in tree.find_all(exp.Anonymous)
            if node.name.lower() == MARKER and int(node.expressions[0].this) in scope.groups
        }
        select = next(iter(markers.values())).find_ancestor(exp.Select)
        where = select.args.get("where") if select is not None else None
        kept: list[exp.Expr] = []
        for condition in list(where.this.flatten()) if where is not None and isinstance(where.this, exp.And) else (
            [where.this] if where is not None else []
        ):
            if not _place(condition, scope, columns_of):
                kept.append(condition)
        for number, group in scope.groups.items():
            if not group.joined:
                raise SqlError(E_OUTER_CARTESIAN)
            on = exp.and_(*(c.copy() for c in group.conditions))
            markers[number].replace(on)
        if select is not None:
            select.set("where", exp.Where(this=exp.and_(*kept)) if kept else None)


def _place(condition: exp.Expr, scope: Scope, columns_of) -> bool:
    """Give ``condition`` to the innermost outer join it names; False when it names none."""
    names = _aliases(condition, scope, columns_of)
    holders = [scope.tables[a][1] for a in names]
    groups = [g for g in holders if g is not None]
    if not groups:
        return False
    target = max(groups, key=_depth)
    for alias, holder in zip(names, holders):
        if alias in target.aliases or alias in target.visible:
            continue
        if holder is not None and not target.within(holder):
            raise SqlError(E_TWO_SIDED)
        raise SqlError(E_NESTED_TO_PRESERVED)
    target.conditions.append(condition)
    target.joined = target.joined or any(a not in target.aliases for a in names)
    return True


def _depth(group: Group) -> int:
    depth = 0
    parent = group.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


def _aliases(condition: exp.Expr, scope: Scope, columns_of) -> list[str]:
    """The scope's tables a condition names: by qualifier, or by an unqualified column that only
    one of them has."""
    found: list[str] = []
    for column in condition.find_all(exp.Column):
        qualifier = column.table.lower()
        if qualifier:
            names = [qualifier] if qualifier in scope.tables else []
        else:
            name = column.name.lower()
            names = [a for a, (table, _) in scope.tables.items() if name in (columns_of(table) or [])]
            names = names if len(names) == 1 else []
        found.extend(n for n in names if n not in found)
    return found
