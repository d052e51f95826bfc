"""Informix errors raised by the engine, and the translation of DuckDB errors into them."""

from __future__ import annotations

import re

import duckdb

# ISAM codes that accompany SQL errors.
ISAM_NO_SUCH_FILE = -111
ISAM_DUPLICATE = -100
ISAM_RECORD_LOCKED = -107

E_NOT_IMPLEMENTED = -999  # Informix's "not implemented yet"; near-token names the feature
E_SUBQUERY_ROWS = -284  # a subquery used as a value returned more than one row
E_AMBIGUOUS_COLUMN = -324  # a column name that more than one table of the query has
E_COLUMN_EXISTS = -328  # "Column (%s) already exists in table or type."
E_SEQUENCE_CURRVAL = -8315  # CURRVAL before the session's first NEXTVAL of the sequence

# A marker the engine puts into DuckDB error() calls to raise a chosen Informix code.
_MARKER = re.compile(r"\[ifx:(-?\d+)(?::([^\]]*))?\]")


class SqlError(Exception):
    """An Informix SQL error: what the server reports in SQ_ERR."""

    def __init__(self, sqlcode: int, isamcode: int = 0, offset: int = 0, near: str = "") -> None:
        super().__init__(f"SQL error {sqlcode} (ISAM {isamcode}) near {near!r}")
        self.sqlcode = sqlcode
        self.isamcode = isamcode
        self.offset = offset
        self.near = near
        self.occurrence = 0  # which appearance of ``near`` in the statement (see sqltext.locate)


def error_marker(sqlcode: int, near: str = "") -> str:
    """Text for DuckDB's error() that :func:`from_duckdb` turns back into ``sqlcode``."""
    return f"[ifx:{sqlcode}:{near}]"


def _quoted(message: str) -> str:
    found = re.search(r'"([^"]*)"', message)
    return found.group(1) if found else ""


def from_duckdb(exc: duckdb.Error, verb: str = "select") -> SqlError:
    """The Informix error closest to a DuckDB error; ``verb`` picks the lock-conflict code."""
    message = str(exc)
    marker = _MARKER.search(message)
    if marker:
        return SqlError(int(marker.group(1)), near=marker.group(2) or "")
    if isinstance(exc, duckdb.CatalogException):
        name = re.search(r"with name (\S+) does not exist", message)
        if "Table" in message or "View" in message:
            return SqlError(-206, ISAM_NO_SUCH_FILE, near=name.group(1) if name else "")
        if "Scalar Function" in message or "Function" in message:
            return SqlError(-674, near=name.group(1) if name else "")
        return SqlError(-201)
    if isinstance(exc, duckdb.BinderException):
        if "not found in FROM clause" in message or "Referenced column" in message:
            return SqlError(-217, near=_quoted(message))
        if "Ambiguous reference to column" in message:
            return SqlError(E_AMBIGUOUS_COLUMN, near=_quoted(message))
        if "must appear in the GROUP BY" in message or "aggregate" in message.lower():
            return SqlError(-294, near=_quoted(message))
        if "No function matches" in message:
            return SqlError(-674)
        return SqlError(-201)
    if isinstance(exc, duckdb.ParserException):
        return SqlError(-201)
    if isinstance(exc, duckdb.ConversionException):
        return conversion_error(message)
    if isinstance(exc, duckdb.OutOfRangeException):
        if "decimal" in message.lower():
            return SqlError(-1226)
        return SqlError(-1215)
    if isinstance(exc, duckdb.InvalidInputException) and "Division by zero" in message:
        return SqlError(-1202)
    if isinstance(exc, duckdb.InvalidInputException) and "More than one row returned by a subquery" in message:
        return SqlError(E_SUBQUERY_ROWS)
    if isinstance(exc, duckdb.SequenceException) or "sequence is not yet defined" in message:
        return SqlError(E_SEQUENCE_CURRVAL)
    if isinstance(exc, duckdb.ConstraintException):
        if "NOT NULL" in message:
            return SqlError(-391, near=_column_of(message))
        return SqlError(-268, ISAM_DUPLICATE)
    if isinstance(exc, duckdb.TransactionException) and "onflict" in message:
        return lock_error(verb)
    return SqlError(-201 if isinstance(exc, duckdb.ParserException) else -999)


def _column_of(message: str) -> str:
    found = re.search(r"NOT NULL constraint failed: \w+\.(\w+)", message)
    return found.group(1) if found else ""


def conversion_error(message: str) -> SqlError:
    """Informix's code for a failed conversion described by DuckDB's ``message``."""
    lower = message.split("\nLINE ")[0].lower()  # not the quoted statement (UPDATE holds "date")
    if "out of range" in lower:
        if "decimal" in lower:
            return SqlError(-1226)
        if "int16" in lower or "smallint" in lower:
            return SqlError(-1214)
        if "date" in lower and "timestamp" not in lower:
            return SqlError(-1218)
        return SqlError(-1215)
    if "timestamp" in lower or "time " in lower or "interval" in lower:
        return SqlError(-1264)
    if "date" in lower:
        return SqlError(-1218)
    return SqlError(-1213)


def lock_error(verb: str) -> SqlError:
    """The lock error Informix reports when ``verb`` meets a row another transaction holds."""
    code = {"update": -346, "delete": -240, "insert": -271, "lock": -289}.get(verb, -244)
    return SqlError(code, ISAM_RECORD_LOCKED)
