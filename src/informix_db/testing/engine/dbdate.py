"""DBDATE: the text form of DATE values a connection reads and writes.

DBDATE names the order of month, day and year, the year's digits and the separator
(``MDY4/`` is 01/31/2024, ``DMY4.`` 31.01.2024, ``Y4MD-`` 2024-01-31, ``0`` for none). The
server sessions run one connection per thread, so the format of the connection a thread
serves is kept in a context variable that value conversion consults.
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass

from sqlglot import exp

from informix_db.types import typecodes as tc

from .errors import SqlError

E_BAD_DATE = -1218

_SPEC = re.compile(r"([MDY]4?|Y2)([MDY]4?|Y2)([MDY]4?|Y2)([-/.0]?)", re.IGNORECASE)


@dataclass(frozen=True)
class DateFormat:
    order: tuple[str, str, str]  # "M", "D", "Y" in the order written
    year_digits: int
    separator: str

    def parse(self, text: str) -> dt.date:
        widths = {"M": r"\d{1,2}", "D": r"\d{1,2}", "Y": rf"\d{{{self.year_digits}}}"}
        if self.separator:
            pattern = re.escape(self.separator).join(f"({widths[f]})" for f in self.order)
        else:
            pattern = "".join(f"(\\d{{{self.year_digits if f == 'Y' else 2}}})" for f in self.order)
        found = re.fullmatch(pattern, text.strip())
        if not found:
            raise SqlError(E_BAD_DATE)
        fields = dict(zip(self.order, (int(g) for g in found.groups())))
        year = fields["Y"] + (2000 if self.year_digits == 2 else 0)  # DBCENTURY's default: this century
        try:
            return dt.date(year, fields["M"], fields["D"])
        except ValueError:
            raise SqlError(E_BAD_DATE) from None

    @property
    def strftime(self) -> str:
        codes = {"M": "%m", "D": "%d", "Y": "%Y" if self.year_digits == 4 else "%y"}
        return self.separator.join(codes[f] for f in self.order)


def parse_spec(spec: str) -> DateFormat | None:
    """The format a DBDATE value names; None for one that names none (the default applies)."""
    found = _SPEC.fullmatch(spec.strip())
    if not found:
        return None
    fields = [f.upper() for f in found.groups()[:3]]
    letters = [f[0] for f in fields]
    if sorted(letters) != ["D", "M", "Y"]:
        return None
    year = next(f for f in fields if f[0] == "Y")
    separator = found.group(4)
    return DateFormat(tuple(letters), 2 if year == "Y2" else 4, "" if separator in ("", "0") else separator)


# The format of the connection this thread serves; None: ISO and MDY4/ text both read.
current: ContextVar[DateFormat | None] = ContextVar("dbdate", default=None)


def parse(text: str) -> dt.date | None:
    """``text`` read with the current DBDATE; None when the connection set none."""
    fmt = current.get()
    return fmt.parse(text) if fmt is not None else None


def apply(tree: exp.Expr, column_type) -> None:
    """Read the date strings of ``tree`` with DBDATE: ``DATE('31/01/2024')`` and strings
    compared with DATE columns become DATE literals (DuckDB reads ISO text only)."""
    fmt = current.get()
    if fmt is None:
        return
    for cast in list(tree.find_all(exp.Cast, exp.Date)):
        is_date = isinstance(cast, exp.Date) or _is_date(cast.args.get("to"))
        if is_date and isinstance(cast.this, exp.Literal) and cast.this.is_string and not cast.expressions:
            cast.set("this", exp.Literal.string(fmt.parse(cast.this.this).isoformat()))
    for node in list(tree.find_all(exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)):
        for mine, other in ((node.this, node.expression), (node.expression, node.this)):
            ifx = column_type(other) if isinstance(other, exp.Column) else None
            if ifx is not None and ifx.code == tc.DATE and isinstance(mine, exp.Literal) and mine.is_string:
                mine.replace(exp.Cast(this=exp.Literal.string(fmt.parse(mine.this).isoformat()),
                                      to=exp.DataType.build("DATE")))


def _is_date(to) -> bool:
    return isinstance(to, exp.DataType) and to.this == exp.DType.DATE
