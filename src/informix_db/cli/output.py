"""Result sets on a terminal or in a pipe: aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence

from ..transfer.jsonlines import object_maker
from ..transfer.textvalues import Column, TextStyle, display_formatter

OUTPUT_FORMATS = ("table", "csv", "json")


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as an aligned text table, NULL shown as ``NULL``."""
    cells = [["NULL" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [rule, "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |", rule]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.append(rule)
    return "\n".join(lines)


def write_result(out, description, rows: Sequence[Sequence[object]], fmt: str) -> None:
    """Write one result set in ``fmt``, values in their Informix text form (DATE ISO, MONEY
    with its scale, INTERVAL as ``5 10:20:30``); the table form ends with its row count."""
    columns = Column.from_description(description)
    headers = [col.name for col in columns]
    if fmt == "json":
        make = object_maker(columns)
        json.dump([make(row) for row in rows], out, ensure_ascii=False)
        out.write("\n")
        return
    iso = TextStyle.iso()
    render = [display_formatter(col, iso) for col in columns]
    cells = [[None if v is None else f(v) for v, f in zip(row, render)] for row in rows]
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(cells)
    else:
        out.write(format_table(headers, cells) + "\n")
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def run_statement(cur, statement: str, out, fmt: str) -> None:
    """Execute one statement and write its rows, or how many rows it changed."""
    cur.execute(statement)
    if cur.description:
        write_result(out, cur.description, cur.fetchall(), fmt)
    elif fmt == "table":
        out.write(f"OK, {cur.rowcount} row(s) affected\n")
