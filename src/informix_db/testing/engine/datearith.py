"""Informix date arithmetic rules DuckDB does not share.

- Adding or subtracting months (``+ 1 UNITS MONTH``, ``+ INTERVAL(1) MONTH TO MONTH``) that
  lands on a day the month lacks (January 31 + 1 month) is an error in Informix, where DuckDB
  quietly answers the month's last day.
- ``ADD_MONTHS(date, n)`` is a DATE when its first argument is one (a DATETIME otherwise).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from informix_db.types import typecodes as tc

from . import ifxtypes
from .errors import error_marker
from .ifxtypes import IfxType
from .translate import IFX_META

E_DATETIME_FIELD = -1263  # a field in a datetime or interval value is out of range or incorrect

ColumnType = Callable[[exp.Column], "IfxType | None"]
_MONTH_UNITS = ("MONTH", "MONTHS", "YEAR", "YEARS")


def apply(tree: exp.Expr, column_type: ColumnType) -> exp.Expr:
    """Rewrite ``tree`` (translated already); returns the new root if the root changed."""
    for node in reversed(list(tree.find_all(exp.Add, exp.Sub))):  # inner sums first
        base = _month_step_base(node, column_type)
        if base is not None:
            checked = _checked(node, base)
            if node is tree:
                tree = checked
            else:
                node.replace(checked)
    for node in list(tree.find_all(exp.AddMonths)):
        ifx = _type_of(node.this, column_type)
        if ifx is not None and ifx.code == tc.DATE:
            result = exp.Cast(this=node.copy(), to=exp.DataType.build("DATE"))
            result.meta[IFX_META] = ifxtypes.DATE
            node.replace(result)
    return tree


def _type_of(node: exp.Expr, column_type: ColumnType) -> IfxType | None:
    if node.meta and node.meta.get(IFX_META) is not None:
        return node.meta[IFX_META]
    if isinstance(node, exp.Column):
        return column_type(node)
    if isinstance(node, exp.Cast) and node.args.get("to") is not None and node.args["to"].this == exp.DType.DATE:
        return ifxtypes.DATE
    return None


def _is_month_step(node: exp.Expr, column_type: ColumnType) -> bool:
    while isinstance(node, (exp.Paren, exp.Neg)):
        node = node.this
    if isinstance(node, exp.Mul):
        return _is_month_step(node.this, column_type) or _is_month_step(node.expression, column_type)
    if isinstance(node, exp.Interval):
        return str(node.args.get("unit") or "").upper() in _MONTH_UNITS
    ifx = _type_of(node, column_type)
    return ifx is not None and ifx.is_year_month


def _month_step_base(node: exp.Expr, column_type: ColumnType) -> exp.Expr | None:
    """The date operand of ``date ± months``, or None for any other sum."""
    if _is_month_step(node.expression, column_type):
        return node.this
    if isinstance(node, exp.Add) and _is_month_step(node.this, column_type):
        return node.expression
    return None


def _checked(step: exp.Expr, base: exp.Expr) -> exp.Expr:
    """``step`` failing with -1263 when its day of the month differs from ``base``'s (clamped)."""
    day = lambda value: exp.Anonymous(this="day", expressions=[value])  # noqa: E731
    fail = exp.Anonymous(this="error", expressions=[exp.Literal.string(error_marker(E_DATETIME_FIELD))])
    result = exp.Case(
        ifs=[exp.If(this=exp.NEQ(this=day(step.copy()), expression=day(base.copy())), true=fail)],
        default=step.copy(),
    )
    if step.meta:
        result.meta.update(step.meta)
    return result
