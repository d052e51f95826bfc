"""``load --create``: a CREATE TABLE whose column types fit every value in the file.

Names come from a CSV header (``col1``, ``col2`` ... for UNL). Each column takes the
narrowest type all its non-NULL values parse as: INTEGER, BIGINT, DECIMAL(p,s), FLOAT,
DATE (in the file's DBDATE form), DATETIME YEAR TO SECOND/FRACTION(n), BOOLEAN (``t``/``f``),
else VARCHAR(n) up to 255 characters and LVARCHAR(n) beyond.
"""

from __future__ import annotations

import re

from ..exceptions import ProgrammingError
from ..types import typecodes as tc
from .load import check_table_name, table_description
from .textvalues import Column, ValueFormatError, parser

_NO_SUCH_TABLE = -206
_INTEGER = re.compile(r"[-+]?\d+")
_DECIMAL = re.compile(r"[-+]?(\d*)\.?(\d*)")
_FLOAT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|[-+]?(inf|nan)", re.IGNORECASE)
_DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.(\d{1,5}))?")
_MAX_DECIMAL_DIGITS = 32


def table_exists(conn, table: str) -> bool:
    try:
        table_description(conn, table)
    except ProgrammingError as exc:
        if getattr(exc, "sqlcode", None) == _NO_SUCH_TABLE:
            return False
        raise
    return True


class _ColumnGuess:
    """What one column's values seen so far allow."""

    def __init__(self, parse_date):
        self.kinds = {"integer", "decimal", "float", "date", "datetime", "boolean"}
        self.parse_date = parse_date
        self.longest = 0
        self.whole_digits = self.scale = self.fraction = 0
        self.largest = 0

    def see(self, text: str) -> None:
        self.longest = max(self.longest, len(text))
        kinds = self.kinds
        if "integer" in kinds:
            if _INTEGER.fullmatch(text):
                self.largest = max(self.largest, abs(int(text)))
            else:
                kinds.discard("integer")
        if "decimal" in kinds:
            match = _DECIMAL.fullmatch(text)
            if match and (match.group(1) or match.group(2)):
                self.whole_digits = max(self.whole_digits, len(match.group(1).lstrip("0")))
                self.scale = max(self.scale, len(match.group(2)))
            else:
                kinds.discard("decimal")
        if "float" in kinds and not _FLOAT.fullmatch(text):
            kinds.discard("float")
        if "date" in kinds:
            try:
                self.parse_date(text)
            except ValueFormatError:
                kinds.discard("date")
        if "datetime" in kinds:
            match = _DATETIME.fullmatch(text)
            if match:
                self.fraction = max(self.fraction, len(match.group(1) or ""))
            else:
                kinds.discard("datetime")
        if "boolean" in kinds and text not in ("t", "f"):
            kinds.discard("boolean")

    def sql_type(self) -> str:
        kinds = self.kinds
        if self.longest == 0:
            return "VARCHAR(255)"  # only NULLs: nothing to go by
        if "boolean" in kinds:
            return "BOOLEAN"
        if "integer" in kinds and self.largest < 2**31:
            return "INTEGER"
        if "integer" in kinds and self.largest < 2**63:
            return "BIGINT"
        if "decimal" in kinds and self.whole_digits + self.scale <= _MAX_DECIMAL_DIGITS:
            return f"DECIMAL({max(1, self.whole_digits + self.scale)},{self.scale})"
        if "float" in kinds:
            return "FLOAT"
        if "date" in kinds:
            return "DATE"
        if "datetime" in kinds:
            return f"DATETIME YEAR TO FRACTION({self.fraction})" if self.fraction else "DATETIME YEAR TO SECOND"
        return f"VARCHAR({self.longest})" if self.longest <= 255 else f"LVARCHAR({self.longest})"


def create_table_sql(table: str, reader) -> str:
    """Read every record of ``reader`` and return the CREATE TABLE its values fit."""
    parse_date = parser(Column("date", tc.DATE, 4), reader.text_style)
    guesses: list[_ColumnGuess] = []
    for record in reader.records():
        if record.problem:
            continue
        while len(guesses) < len(record.fields):
            guesses.append(_ColumnGuess(parse_date))
        for guess, field in zip(guesses, record.fields):
            if field is not None:
                guess.see(field if isinstance(field, str) else str(field))
    names = reader.column_names([f"col{i}" for i in range(1, len(guesses) + 1)])
    if not guesses or len(names) != len(guesses):
        raise ValueError("--create needs a file with records (and, for CSV, a header naming every field)")
    columns = ", ".join(f"{name} {guess.sql_type()}" for name, guess in zip(names, guesses))
    return f"CREATE TABLE {check_table_name(table)} ({columns})"
