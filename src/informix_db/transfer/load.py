"""File to table: records become rows bound through pipelined ``executemany``, one
transaction per ``commit_every`` rows, bad records rejected as dbload rejects them.
A columnar file (Parquet) goes as Arrow record batches through ``cursor.ingest`` instead,
with the same transactions and rejects (a rejected row is written as a JSON object).

Text records keep ``executemany``: their fields may name a subset of the table's columns in
any order (a CSV header), which ``ingest`` takes only from an Arrow schema, and building
Arrow from the parsed values would add a conversion and pyarrow to every text load for the
same BIND+EXECUTE pipeline.

A record is bad if its fields do not fit the table (count, a value's form) or the server
refuses its row. Bad records go to the reject file as they were written; the load stops
(rolling back the open transaction) once more than ``max_errors`` records were bad. In a
database with logging a row the server refuses costs a rollback and a retry of its
transaction without it; a database without logging cannot undo the other rows of that
batch, so there the first refused row stops the load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from ..exceptions import Error
from ..types import typecodes as tc
from .records import Record
from .textvalues import BOOLEAN_CODE, INTEGER_TYPES, Column, ValueFormatError, parser

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?")


@dataclass
class LoadReport:
    """What a load did: rows inserted (and committed), records rejected, the first bad one."""

    rows: int = 0
    rejected: int = 0
    first_error: tuple[int, str] | None = None  # (line, reason)


class LoadAborted(Exception):
    """The load stopped: too many bad records, or a refused row in a database without logging."""

    def __init__(self, line: int, reason: str, report: LoadReport):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
        self.report = report


def check_table_name(table: str) -> str:
    if not _IDENTIFIER.fullmatch(table):
        raise ValueError(f"{table!r} is not a table name")
    return table


def table_description(conn, table: str) -> list[tuple]:
    """The cursor description of ``table``'s columns (an empty SELECT)."""
    cur = conn.cursor()
    try:
        cur.execute(f"SELECT * FROM {check_table_name(table)} WHERE 1 = 0")
        return cur.description
    finally:
        cur.close()


def load(conn, table: str, reader, *, commit_every: int = 1000, max_errors: int = 0,
         reject: TextIO | None = None, progress=None) -> LoadReport:
    """Insert the records of ``reader`` into ``table``; ``progress(rows, bytes_read)`` after
    each transaction. Raises LoadAborted when it stops early."""
    if commit_every < 1:
        raise ValueError("commit_every must be at least 1")
    columns = Column.from_description(table_description(conn, table))
    by_name = {col.name.lower(): col for col in columns}
    names = reader.column_names([col.name for col in columns])
    missing = [name for name in names if name.lower() not in by_name]
    if missing:
        raise ValueError(f"table {table} has no column {', '.join(missing)}")
    if hasattr(reader, "batches"):
        return _ArrowLoader(conn, table, reader, commit_every, max_errors, reject, progress).run()
    targets = [by_name[name.lower()] for name in names]
    sql = (f"INSERT INTO {table} ({', '.join(col.name for col in targets)}) "
           f"VALUES ({', '.join('?' * len(targets))})")
    return _Loader(conn, sql, targets, reader, commit_every, max_errors, reject, progress).run()


class _Loader:
    def __init__(self, conn, sql, targets, reader, commit_every, max_errors, reject, progress):
        self.conn = conn
        self.sql = sql
        self.reader = reader
        self.converters = [_converter(col, reader.text_style) for col in targets]
        self.commit_every = commit_every
        self.progress = progress
        self.rejects = _Rejects(max_errors, reject)
        self.report = self.rejects.report

    def run(self) -> LoadReport:
        batch: list[tuple[Record, tuple]] = []
        cur = self.conn.cursor()
        try:
            for record in self.reader.records():
                values = self._values(record)
                if values is not None:
                    batch.append((record, values))
                if len(batch) >= self.commit_every:
                    self._insert(cur, batch)
                    batch = []
            if batch:
                self._insert(cur, batch)
        except BaseException:
            _roll_back_after_failure(self.conn)
            raise
        finally:
            cur.close()
        return self.report

    def _values(self, record: Record) -> tuple | None:
        problem = record.problem
        if problem is None and len(record.fields) != len(self.converters):
            problem = f"{len(record.fields)} fields, the table takes {len(self.converters)}"
        if problem is None:
            try:
                return tuple(None if field is None else convert(field)
                             for field, convert in zip(record.fields, self.converters))
            except ValueFormatError as exc:
                problem = str(exc)
        self._reject(record, problem)
        return None

    def _insert(self, cur, batch: list[tuple[Record, tuple]]) -> None:
        """Insert one transaction's rows, rejecting those the server refuses, then commit."""
        while batch:
            try:
                cur.executemany(self.sql, [values for _, values in batch])
                break
            except Error as exc:
                index = getattr(exc, "row_index", None)
                if index is None:
                    raise
                record = batch[index][0]
                reason = _server_reason(exc)
                if not self.conn.in_transaction:
                    self.report.first_error = self.report.first_error or (record.line, reason)
                    raise LoadAborted(record.line, reason + f" (a database without logging keeps the other rows "
                                      f"of lines {batch[0][0].line}-{batch[-1][0].line})", self.report) from None
                self.conn.rollback()
                self._reject(record, reason)
                batch = batch[:index] + batch[index + 1:]
        self.conn.commit()
        self.report.rows += len(batch)
        if self.progress is not None:
            self.progress(self.report.rows, self.reader.bytes_read)

    def _reject(self, record: Record, reason: str) -> None:
        self.rejects.add(record.line, record.text, reason)


class _ArrowLoader:
    """Record batches of ``commit_every`` rows, each ingested and committed; a row the
    server refuses is rejected and its batch ingested again without it."""

    def __init__(self, conn, table, reader, commit_every, max_errors, reject, progress):
        self.conn = conn
        self.table = table
        self.reader = reader
        self.commit_every = commit_every
        self.progress = progress
        self.rejects = _Rejects(max_errors, reject)

    def run(self) -> LoadReport:
        import pyarrow as pa

        cur = self.conn.cursor()
        line = 1
        try:
            for batch in self.reader.batches(self.commit_every):
                self._insert(cur, pa.Table.from_batches([batch]), list(range(line, line + batch.num_rows)))
                line += batch.num_rows
        except BaseException:
            _roll_back_after_failure(self.conn)
            raise
        finally:
            cur.close()
        return self.rejects.report

    def _insert(self, cur, rows, lines: list[int]) -> None:
        import pyarrow as pa

        while rows.num_rows:
            try:
                cur.ingest(self.table, rows)
                break
            except Error as exc:  # ingest rolled its transaction back
                index = getattr(exc, "row_index", None)
                if index is None:
                    raise
                reason = _server_reason(exc)
                if not self.conn._session.begin_supported:  # no logging: the rows before it stay
                    self.rejects.report.first_error = self.rejects.report.first_error or (lines[index], reason)
                    raise LoadAborted(lines[index], reason + f" (a database without logging keeps the rows "
                                      f"of lines {lines[0]}-{lines[index] - 1})", self.rejects.report) from None
                record = json.dumps(rows.slice(index, 1).to_pylist()[0], default=str, ensure_ascii=False)
                self.rejects.add(lines[index], record, reason)
                rows = pa.concat_tables([rows.slice(0, index), rows.slice(index + 1)])
                del lines[index]
        self.conn.commit()
        report = self.rejects.report
        report.rows += rows.num_rows
        if self.progress is not None:
            self.progress(report.rows, self.reader.bytes_read)


class _Rejects:
    """Counts bad records, writes them to the reject file, stops past ``max_errors``."""

    def __init__(self, max_errors: int, reject_file: TextIO | None):
        self.max_errors = max_errors
        self.reject_file = reject_file
        self.report = LoadReport()

    def add(self, line: int, text: str, reason: str) -> None:
        report = self.report
        report.rejected += 1
        if report.first_error is None:
            report.first_error = (line, reason)
        if self.reject_file is not None:
            self.reject_file.write(text + "\n")
        if report.rejected > self.max_errors:
            raise LoadAborted(line, reason, report)


def _roll_back_after_failure(conn) -> None:
    if conn.in_transaction and not conn.closed:
        try:
            conn.rollback()
        except Error:
            pass  # the failure that got us here is the one to report


def _server_reason(exc: Error) -> str:
    """The server's message without the executemany row prefix (the line number says where)."""
    text = str(exc.args[0]) if exc.args else str(exc)
    return re.sub(r"^executemany (?:parameter set of )?row index \d+ \(the \d+\w+(?: of \d+)?\): ", "", text)


def _converter(column: Column, style):
    """Text goes through the column's parser; JSON's numbers and booleans are coerced."""
    parse = parser(column, style)
    code = column.type_code
    native = {tc.FLOAT: float, tc.SMALLFLOAT: float, tc.DECIMAL: Decimal, tc.MONEY: Decimal}.get(code)
    if code in INTEGER_TYPES:
        native = _integral

    def convert(field):
        if isinstance(field, str):
            return parse(field)
        if isinstance(field, bool) and code == BOOLEAN_CODE:
            return field
        if native is None or isinstance(field, (bool, list, dict)):
            raise ValueFormatError(f"{field!r} is not a value of column {column.name}'s type")
        return native(field)
    return convert


def _integral(value) -> int:
    if int(value) != value:
        raise ValueFormatError(f"{value!r} is not an integer")
    return int(value)
