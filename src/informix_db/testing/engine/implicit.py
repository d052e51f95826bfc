"""Informix's implicit conversion of character values in arithmetic.

Informix converts a character operand of ``+ - * /`` to a number (``'12' + 1`` is 13) and
fails with -1213 when the text is not a number; DuckDB refuses to add text to a number.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlglot import exp

from .errors import error_marker

E_NOT_A_NUMBER = -1213
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div)


def apply(tree: exp.Expr, column_type) -> None:
    """Make the character operands of ``tree``'s arithmetic numbers."""
    for node in list(tree.find_all(*_ARITHMETIC)):
        for key in ("this", "expression"):
            operand = node.args.get(key)
            converted = _as_number(operand, column_type)
            if converted is not None:
                node.set(key, converted)


def _as_number(node: exp.Expr | None, column_type) -> exp.Expr | None:
    if isinstance(node, exp.Literal) and node.is_string:
        try:
            number = Decimal(node.this.strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            # Fails when evaluated (typed, or DuckDB folds NULL arithmetic before calling it).
            fail = exp.Anonymous(this="error", expressions=[exp.Literal.string(error_marker(E_NOT_A_NUMBER))])
            return exp.Cast(this=fail, to=exp.DataType.build("DOUBLE"))
        return exp.Literal.number(str(number))
    if isinstance(node, exp.Column):
        ifx = column_type(node)
        if ifx is not None and ifx.is_text:
            return exp.Cast(this=node.copy(), to=exp.DataType.build("DOUBLE"))
    return None
