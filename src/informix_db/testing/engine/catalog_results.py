"""Results of catalog reads kept until the catalog changes.

A query of the system catalog views (``SELECT 1 FROM systables WHERE tabid = 1``, the usual
ping, and the lookups of ORMs and pools) costs DuckDB a join per run, yet its result only
changes with DDL. Such a query's rows are kept per parameter values and served again while no
catalog change has committed anywhere since they were read: exactly what a fresh read would
give under Informix's committed read.

Every catalog change passes through ``EngineSession.write`` (which notes it) and lands with a
commit announced by ``CatalogEpoch.change``. A result is kept only when no change landed
between the start of the read (or of its transaction, whose snapshot is no older) and its end,
and served only while the epoch is where it was and the reading session has no uncommitted
catalog change of its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlglot import exp

# The catalog views whose rows change with DDL only (no counters, no session state).
CATALOG_VIEWS = frozenset((
    "systables", "syscolumns", "sysindexes", "sysindices", "sysconstraints", "sysdefaults",
    "sysreferences", "syschecks", "sysviews", "syssyntable", "syssequences",
))
# Expression nodes whose value depends on their operands only.
_PURE_NODES = (
    exp.Select, exp.From, exp.Where, exp.Join, exp.Table, exp.TableAlias, exp.Identifier,
    exp.Column, exp.Star, exp.Literal, exp.Alias, exp.Null, exp.Boolean, exp.Placeholder,
    exp.Paren, exp.Not, exp.Neg, exp.And, exp.Or, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT,
    exp.LTE, exp.Is, exp.In, exp.Between, exp.Like, exp.ILike, exp.Order, exp.Ordered,
    exp.Limit, exp.Offset, exp.Distinct, exp.Group, exp.Having, exp.Count, exp.Max, exp.Min,
    exp.Sum, exp.Avg, exp.Cast, exp.DataType, exp.DataTypeParam, exp.Tuple, exp.Add, exp.Sub,
    exp.Mul, exp.Div, exp.Case, exp.If, exp.Coalesce, exp.Lower, exp.Upper, exp.Trim,
    exp.Length, exp.Substring, exp.Subquery, exp.Dot, exp.DPipe, exp.Concat,
)
_PURE_FUNCTIONS = frozenset(("rtrim", "ltrim", "trim", "lower", "upper", "length", "substr", "abs", "nullif"))
# DuckDB statements that change what the catalog views show.
_DDL = re.compile(r"\s*(?:CREATE|DROP|ALTER)\b", re.I)
KEPT_RESULTS = 64  # parameter sets kept per statement


def changes_catalog(duck_sql: str) -> bool:
    """Whether a DuckDB write statement changes the catalog (DDL, or the engine's own tables)."""
    return ".main._ifx_" in duck_sql or _DDL.match(duck_sql) is not None


def reads_only_catalog(tree: exp.Expr, temp_tables) -> bool:
    """Whether ``tree`` (a translated query) reads nothing but the current database's catalog
    views, through expressions of their operands only."""
    for node in tree.walk():
        if isinstance(node, exp.Anonymous):
            if node.name.lower() not in _PURE_FUNCTIONS:
                return False
        elif not isinstance(node, _PURE_NODES):
            return False
        if isinstance(node, exp.Table):
            name = node.name.lower()
            if node.args.get("db") or node.args.get("catalog") or name not in CATALOG_VIEWS or name in temp_tables:
                return False
    return True


class CatalogEpoch:
    """The engine's count of committed catalog changes; ``committing``: how many are landing."""

    def __init__(self) -> None:
        self.value = 0
        self.committing = 0
        self._lock = threading.Lock()

    @contextmanager
    def change(self) -> Iterator[None]:
        """Around the commit of a catalog change: kept results stop serving from its start."""
        with self._lock:
            self.committing += 1
        try:
            yield
        finally:
            with self._lock:
                self.value += 1
                self.committing -= 1


def _state(session) -> tuple | None:
    """What a kept result of ``session`` depends on; None while it may not be used."""
    epoch = session.engine.catalog_epoch
    if epoch.committing or session.catalog_written:
        return None
    return epoch.value, session.database


class CatalogResults:
    """The kept results of one catalog query, by parameter values."""

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[tuple, list]] = {}

    def rows(self, session, values: list, read: Callable[[], object]):
        """The query's rows for ``values``: kept ones, or ``read()``'s (kept when they may be)."""
        state = _state(session)
        try:
            key = tuple((type(value), value) for value in values)  # 1, 1.0 and True are equal keys
            entry = self._kept.get(key)
        except TypeError:  # an unhashable value: read every time
            return read()
        if entry is not None and state is not None and entry[0] == state:
            return entry[1]
        # A transaction's snapshot is taken at its first read, after it began: its reads show the
        # committed catalog if no change has landed since then.
        may_keep = state is not None and (not session.in_transaction or session.catalog_epoch_at_begin == state[0])
        result = read()
        if may_keep and isinstance(result, list) and _state(session) == state:
            if len(self._kept) >= KEPT_RESULTS:
                del self._kept[next(iter(self._kept))]
            self._kept[key] = (state, result)
        return result
