"""Informix's trailing-blank rules for CHAR and VARCHAR, applied to a translated statement.

Informix stores CHAR(n) padded with blanks to n bytes and VARCHAR as given; comparisons of
character values ignore trailing blanks, LENGTH excludes them and OCTET_LENGTH counts the
stored bytes (pad included). The engine stores CHAR without its pad (so comparisons with
CHAR columns stay plain DuckDB comparisons) and puts the pad back where it shows:
concatenation, OCTET_LENGTH and substrings.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from informix_db.types import typecodes as tc

from .ifxtypes import CHAR_CODES, IfxType
from .translate import IFX_META, IFX_NAME

ColumnType = Callable[[exp.Column], "IfxType | None"]

_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
_PADDED_USES = (exp.DPipe, exp.Concat, exp.Substring)


def apply(tree: exp.Expr, column_type: ColumnType) -> None:
    """Rewrite ``tree`` in place (its column references resolved by ``column_type``)."""
    for node in list(tree.find_all(*_COMPARISONS, exp.In, exp.Between)):
        if not isinstance(node.parent, exp.Update):  # UPDATE's SET a = b is an assignment
            _compare_without_blanks(node, column_type)
    for node in list(tree.find_all(exp.Length)):
        node.set("this", _rtrim(exp.Cast(this=node.this, to=exp.DataType.build("VARCHAR"))))
    for node in list(tree.find_all(exp.Anonymous)):
        if node.name.lower() == "octet_length" and len(node.expressions) == 1:
            text = exp.Cast(this=_padded(node.expressions[0], column_type), to=exp.DataType.build("VARCHAR"))
            octets = exp.Anonymous(this="strlen", expressions=[text])
            octets.meta.update(node.meta)
            node.replace(octets)
    for node in list(tree.find_all(exp.Column)):
        if isinstance(node.parent, _PADDED_USES) and node.arg_key in ("this", "expression", "expressions"):
            padded = _padded(node, column_type)
            if padded is not node:
                node.replace(padded)


def _text_type(node: exp.Expr, column_type: ColumnType) -> IfxType | None:
    if isinstance(node, exp.Column):
        ifx = column_type(node)
        return ifx if ifx is not None and ifx.is_text and ifx.code != tc.TEXT else None
    return None


def _compare_without_blanks(node: exp.Expr, column_type: ColumnType) -> None:
    if isinstance(node, exp.In):
        operands = [node.this, *node.expressions]
    elif isinstance(node, exp.Between):
        operands = [node.this, node.args.get("low"), node.args.get("high")]
    else:
        operands = [node.this, node.expression]
    types = [_text_type(o, column_type) for o in operands]
    if not any(types):
        return
    for operand, ifx in zip(operands, types):
        if isinstance(operand, exp.Literal) and operand.is_string:
            operand.replace(exp.Literal.string(operand.this.rstrip(" ")))
        elif ifx is not None and ifx.code not in CHAR_CODES:
            operand.replace(_rtrim(operand.copy()))


def _rtrim(node: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this="rtrim", expressions=[node, exp.Literal.string(" ")])


def _padded(node: exp.Expr, column_type: ColumnType) -> exp.Expr:
    """A CHAR(n) column as Informix stores it (blank-padded to n); anything else unchanged."""
    ifx = _text_type(node, column_type)
    if ifx is None or ifx.code not in CHAR_CODES:
        return node
    padded = exp.Anonymous(this="rpad", expressions=[node.copy(), exp.Literal.number(ifx.length), exp.Literal.string(" ")])
    padded.meta[IFX_META] = ifx
    padded.meta[IFX_NAME] = node.name.lower()
    return padded
