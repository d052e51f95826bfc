"""The interactive SQL shell of ``ifx sql``: statements end with ``;`` and may span lines.

Backslash commands: ``\\d`` lists tables, ``\\d NAME`` describes one, ``\\timing`` toggles
timing, ``\\format table|csv|json`` chooses the output, ``\\q`` quits. Input history is kept
in ``$IFX_HISTFILE`` (default ``~/.ifx_history``) through readline where it exists.
"""

from __future__ import annotations

import os
import sys
import time

from ..dbapi.sqltext import skip_literal_or_comment, split_statements
from ..exceptions import Error
from ..transfer.load import table_description
from ..types import typecodes as tc
from ..types.qualifier import format_qualifier
from .output import OUTPUT_FORMATS, format_table, run_statement

HELP = """\
  statements end with ;  (they may span lines)
  \\d            list the tables of the database
  \\d NAME       describe table NAME
  \\timing       show each statement's elapsed time (on/off)
  \\format F     print results as table, csv or json
  \\q            quit (so does Ctrl-D)"""

_TYPE_NAMES = {
    tc.CHAR: "CHAR", tc.SMALLINT: "SMALLINT", tc.INTEGER: "INTEGER", tc.FLOAT: "FLOAT",
    tc.SMALLFLOAT: "SMALLFLOAT", tc.DECIMAL: "DECIMAL", tc.SERIAL: "SERIAL", tc.DATE: "DATE",
    tc.MONEY: "MONEY", tc.DATETIME: "DATETIME", tc.BYTE: "BYTE", tc.TEXT: "TEXT", tc.VARCHAR: "VARCHAR",
    tc.INTERVAL: "INTERVAL", tc.NCHAR: "NCHAR", tc.NVARCHAR: "NVARCHAR", tc.INT8: "INT8", tc.SERIAL8: "SERIAL8",
    tc.UDTVAR: "LVARCHAR", tc.LVARCHAR: "LVARCHAR", tc.BIGINT: "BIGINT", tc.BIGSERIAL: "BIGSERIAL",
}
_SIZED = frozenset({tc.CHAR, tc.VARCHAR, tc.NCHAR, tc.NVARCHAR, tc.UDTVAR, tc.LVARCHAR})


def statement_complete(text: str) -> bool:
    """True once ``text`` ends with a ``;`` outside literals and comments."""
    last, i, n = "", 0, len(text)
    while i < n:
        end = skip_literal_or_comment(text, i)
        if end != i:
            if text[i] in "'\"":
                last = text[i]
            i = end
            continue
        if not text[i].isspace():
            last = text[i]
        i += 1
    return last == ";"


def type_name(description: tuple) -> str:
    """The SQL type of a cursor description entry, e.g. ``DECIMAL(8,2)``, ``DATETIME YEAR TO SECOND``."""
    code, length = description[1], description[3]
    if code == tc.UDTFIXED and length == 1:
        return "BOOLEAN"
    name = _TYPE_NAMES.get(code, f"type {code}")
    if code in _SIZED:
        return f"{name}({length})"
    if code in (tc.DECIMAL, tc.MONEY):
        scale = length & 0xFF
        return f"{name}({length >> 8})" if scale == 0xFF else f"{name}({length >> 8},{scale})"
    if code in (tc.DATETIME, tc.INTERVAL):
        return f"{name} {format_qualifier(length, interval=code == tc.INTERVAL)}"
    return name


class Shell:
    def __init__(self, conn, fmt: str = "table", timing: bool = False, stdout=None):
        self.conn = conn
        self.fmt = fmt
        self.timing = timing
        self.out = stdout or sys.stdout

    def run(self) -> int:
        history = self._start_history()
        database = self.conn.database or "(no database)"
        self.out.write(f"connected to {database}; end statements with ;, \\? for help, \\q to quit\n")
        buffer: list[str] = []
        try:
            while True:
                try:
                    line = input("...> " if buffer else "ifx> ")
                except EOFError:
                    self.out.write("\n")
                    return 0
                except KeyboardInterrupt:
                    self.out.write("\n")
                    buffer = []
                    continue
                if not buffer and line.strip().startswith("\\"):
                    if self._command(line.strip()) is False:
                        return 0
                    continue
                buffer.append(line)
                text = "\n".join(buffer)
                if statement_complete(text):
                    buffer = []
                    for statement in split_statements(text):
                        self._execute(statement)
        finally:
            if history is not None:
                history()

    def _execute(self, statement: str) -> None:
        started = time.perf_counter()
        try:
            run_statement(self.conn.cursor(), statement, self.out, self.fmt)
        except Error as exc:
            self.out.write(f"error: {exc}\n")
        if self.timing:
            self.out.write(f"Time: {(time.perf_counter() - started) * 1000:.1f} ms\n")

    def _command(self, line: str) -> bool | None:
        name, _, argument = line.partition(" ")
        argument = argument.strip()
        if name in ("\\q", "\\quit"):
            return False
        if name == "\\d":
            self._describe(argument) if argument else self._list_tables()
        elif name == "\\timing":
            self.timing = not self.timing if not argument else argument.lower() == "on"
            self.out.write(f"timing is {'on' if self.timing else 'off'}\n")
        elif name == "\\format" and argument in OUTPUT_FORMATS:
            self.fmt = argument
            self.out.write(f"output format is {argument}\n")
        elif name in ("\\?", "\\help"):
            self.out.write(HELP + "\n")
        else:
            self.out.write(f"unknown command {line}; \\? lists the commands\n")
        return None

    def _list_tables(self) -> None:
        self._execute("SELECT tabname, tabtype FROM systables WHERE tabid >= 100 ORDER BY tabname")

    def _describe(self, table: str) -> None:
        try:
            columns = table_description(self.conn, table)
        except (Error, ValueError) as exc:
            self.out.write(f"error: {exc}\n")
            return
        rows = [(d[0], type_name(d), "yes" if d[6] else "no") for d in columns]
        self.out.write(format_table(["column", "type", "nullable"], rows) + "\n")

    def _start_history(self):
        """Load the history file; a function that saves it, or None without readline."""
        try:
            import readline
        except ImportError:
            return None
        path = os.environ.get("IFX_HISTFILE") or os.path.join(os.path.expanduser("~"), ".ifx_history")
        try:
            readline.read_history_file(path)
        except OSError:
            pass
        readline.set_history_length(1000)

        def save() -> None:
            try:
                readline.write_history_file(path)
            except OSError:
                pass
        return save
