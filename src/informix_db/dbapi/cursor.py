"""PEP 249 Cursor: turns calls into protocol-core operations run by its Connection.

Rows stream: ``execute`` receives the first batch, fetch methods pull further NFETCH
batches only when the rows already received are used up. Received rows are kept for the
life of the result, so the scroll API (``scroll``, ``fetch_first`` ... ``fetch_absolute``)
can revisit them, as the peer's materialised cursors can. ``scrollable=True`` cursors keep
no rows: each fetch is one SFETCH on a server-side scroll cursor (§5.12).
"""

from __future__ import annotations

import itertools

from .._impl import wire
from ..arrow import frames
from ..arrow import ingest as ingesting
from ..exceptions import DataError, Error, InterfaceError, NotSupportedError, ProgrammingError
from ..protocol import constants as c
from ..protocol.core import ClientFiles, ResultSet, ScrollResult
from ..rows import Row, make_row_class
from ..types import typecodes as tc
from .sqltext import arrange_parameters, scan_placeholders

_DECIMAL_TYPES = (tc.DECIMAL, tc.MONEY)
BULK_FETCH_SIZE = 1 << 20  # NFETCH byte budget once the caller reads the whole result: fewer round trips
ARROW_BATCH_ROWS = 65536  # rows per record batch of fetch_record_batch() by default


def describe_column(col) -> tuple:
    """PEP 249 7-tuple; precision/scale are filled only for DECIMAL and MONEY."""
    precision = scale = 0
    if col.type_code in _DECIMAL_TYPES:
        precision = col.precision
        scale = None if col.scale == 0xFF else col.scale
    return (col.name, col.type_code, col.encoded_length, col.encoded_length, precision, scale,
            col.nullable)


class BaseCursor:
    """Everything a cursor does that is not I/O, shared by the sync and asyncio cursors.

    The I/O methods of a subclass run the protocol-core operations these methods build
    (``_execute_operation``, ``_executemany_operation``, ``_pull_operation``).
    """

    def __init__(self, connection, *, scrollable: bool = False, stream: bool = False) -> None:
        self.connection = connection
        self._scrollable = bool(scrollable)
        self._stream = bool(stream)
        self._released = 0  # rows a streaming cursor dropped from the front of the result
        self.arraysize = 1
        self.fetch_buffer_size = connection.fetch_buffer_size
        self.row_factory = connection.row_factory
        self.description: list[tuple] | None = None
        self.lastrowid: int | None = None
        self._rowcount = -1
        self._result: ResultSet | None = None
        self._position = 0
        self._make_row = None
        self._closed = False
        # Smart-LOB transfers (SQ_FILE): bytes the server may read, and files it wrote.
        self.virtual_files: dict[str, bytes] = {}
        self.blob_files: dict[str, bytes] = {}

    # -- attributes ---------------------------------------------------------------

    @property
    def rowcount(self) -> int:
        """Rows affected by DML; for a query, the rows received so far (the total once read)."""
        result = self._result
        if result is None:
            return self._rowcount
        if isinstance(result, ScrollResult):
            return -1 if result.total is None else result.total
        return result.rowcount if result.exhausted else result.fetched

    @property
    def rownumber(self) -> int | None:
        """0-based index of the current row; None before the first row or without a result."""
        if self._result is None or self._position + self._released <= 0:
            return None
        return self._released + self._position - 1

    @property
    def _server_cursor_open(self) -> bool:
        """True while a scrollable cursor holds an open server cursor (the peer's name)."""
        return isinstance(self._result, ScrollResult) and self._result.open

    @property
    def _scroll_total_rows(self) -> int | None:
        """Row count of a scrollable result once known (the peer's name)."""
        return self._result.total if isinstance(self._result, ScrollResult) else None

    @property
    def closed(self) -> bool:
        return self._closed

    def setinputsizes(self, sizes) -> None:
        """Accepted for PEP 249; parameter types come from the values."""

    def setoutputsize(self, size, column=None) -> None:
        """Accepted for PEP 249; column sizes come from the server."""

    # -- building operations (no I/O) -----------------------------------------------

    def _check_open(self):
        if self._closed:
            raise InterfaceError("cursor is closed")
        return self.connection._check_open()

    def _reset(self) -> None:
        if self._result is not None:
            self.connection._session.discard(self._result)
        self._result = None
        self._position = 0
        self._released = 0
        self._make_row = None
        self.description = None
        self.lastrowid = None
        self._rowcount = -1

    def _encode_sql(self, sql: str, encoding: str) -> bytes:
        try:
            return sql.encode(encoding)
        except UnicodeEncodeError as exc:
            raise DataError(f"the SQL text cannot be encoded as {encoding}: {exc}") from None

    def _execute_operation(self, operation: str, parameters):
        """The core operation for ``execute``; bad input raises here, before any I/O."""
        session = self._check_open()
        if not isinstance(operation, str):
            raise ProgrammingError(f"operation must be str, not {type(operation).__name__}")
        self._reset()
        wire_sql, values = arrange_parameters(operation, parameters)
        sql = self._encode_sql(wire_sql, session.encoding)
        return session.execute(sql, values, self.fetch_buffer_size, scrollable=self._scrollable,
                               files=ClientFiles(self.virtual_files, self.blob_files))

    def _executed(self, outcome) -> None:
        if isinstance(outcome, (ResultSet, ScrollResult)):
            self._result = outcome
            self.description = [describe_column(col) for col in outcome.columns]
            self._make_row = self._row_maker()
        else:
            self._rowcount = outcome.rowcount
            self.lastrowid = outcome.lastrowid

    def _executemany_operation(self, operation: str, seq_of_parameters):
        """The core operation for ``executemany``, or None when there are no rows.

        ``seq_of_parameters`` may be any iterable (a generator too): parameter sets are
        encoded one pipeline window at a time, never all held at once.
        """
        session = self._check_open()
        if not isinstance(operation, str):
            raise ProgrammingError(f"operation must be str, not {type(operation).__name__}")
        self._reset()
        wire_sql, _, count = scan_placeholders(operation)
        sql = self._encode_sql(wire_sql, session.encoding)
        run = session.execute_many(sql, count, seq_of_parameters, _arranger(operation))
        if run is None:
            self._rowcount = 0
        return run

    def _executed_many(self, outcome) -> None:
        self._rowcount = outcome.rowcount
        self.lastrowid = outcome.lastrowid
        if outcome.input_error is not None:
            raise outcome.input_error

    def _row_maker(self):
        """Per-result row constructor: None (plain tuples), a Row class, or factory(names)."""
        factory = self.row_factory
        if factory is None:
            return None
        names = tuple(d[0] for d in self.description)
        if isinstance(factory, type) and issubclass(factory, Row):
            return make_row_class(names)
        return factory(names)

    def _live_result(self) -> ResultSet:
        """The current result; without one, an empty finished result (fetches return nothing,
        as the peer's do after a statement without rows)."""
        if self._closed:
            raise InterfaceError("cursor is closed")
        if self._result is None:
            return ResultSet([], None, 0, exhausted=True)
        return self._result

    def _pull_operation(self, result: ResultSet, ahead: bool = False):
        """The operation that receives the next batch of ``result``.

        A streaming cursor first drops the rows already handed out, so its memory stays
        bounded by one batch plus what the caller asks for at once.
        """
        if self._stream and self._position:
            del result.rows[:self._position]
            self._released += self._position
            self._position = 0
        return self.connection._session.fetch(result, ahead)

    def _take_one(self, result: ResultSet):
        row = result.rows[self._position]
        self._position += 1
        return row if self._make_row is None else self._make_row(row)

    def _end_of_rows(self, result: ResultSet) -> None:
        """A fetch ran past the last row: the position moves after it (fetch_prior then
        returns the last row). Returns None for the caller to hand on."""
        if result.rows:
            self._position = len(result.rows) + 1

    def _take(self, result: ResultSet, want: int | None) -> list:
        start = self._position
        available = len(result.rows)
        if start >= available:
            if result.exhausted:
                self._end_of_rows(result)
            return []
        end = available if want is None else min(start + max(want, 0), available)
        rows = result.rows[start:end] if start or end != available else result.rows[:]
        self._position = end
        if result.exhausted and (want is None or end - start < want):
            self._end_of_rows(result)
        make = self._make_row
        return rows if make is None else [make(r) for r in rows]

    # -- Arrow (columnar results) ---------------------------------------------------

    def _arrow_start(self, batch_size: int | None):
        """The current result and a builder that takes the rest of its rows as Arrow.

        Rows already received as tuples go to the builder first; later batches are decoded
        by it straight from the receive buffer (except with BYTE/TEXT columns, whose content
        needs a second request per row: those rows take the tuple path and are converted).
        """
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
            raise ProgrammingError(f"batch_size must be a positive int, not {batch_size!r}")
        result = self._live_result()
        if isinstance(result, ScrollResult):
            raise NotSupportedError("Arrow fetches read forward: use a cursor without scrollable=True")
        builder = wire.ArrowBatchBuilder(result.columns, self.connection._session.encoding, batch_size)
        self._arrow_absorb(result, builder)
        if not result.blob_columns and not result.exhausted:
            result.decoder = builder
            self._bulk_fetch(result)
        return result, builder

    @staticmethod
    def _bulk_fetch(result: ResultSet) -> None:
        """The caller reads the whole result: fetch it in large batches."""
        result.fetch_size = max(result.fetch_size, BULK_FETCH_SIZE)

    def _arrow_absorb(self, result: ResultSet, builder) -> None:
        """Rows decoded as tuples and not yet handed out move into ``builder``."""
        rows = result.rows
        if self._position < len(rows):
            builder.append_rows(rows[self._position:] if self._position else rows)
        self._released += len(rows)
        rows.clear()
        self._position = 0

    def _arrow_abandon(self, result: ResultSet) -> None:
        """A stream left unread ends its result (closed with the next request) instead of
        having the rest drained into memory when the next statement runs."""
        if not result.exhausted and not self.connection.closed:
            self.connection._session.discard(result)

    def _arrow_pull_operation(self, result: ResultSet, builder):
        """Receive the next batches of ``result`` into ``builder``."""
        yield from self.connection._session.fetch(result, ahead=True)
        if result.rows:
            self._arrow_absorb(result, builder)

    # -- ingest -------------------------------------------------------------------------

    def _ingest_operation(self, table_name: str, data, mode: str):
        """``ingest`` as one operation: DDL per ``mode``, then the executemany pipeline over
        the rows, all in one transaction; on failure that transaction is rolled back."""
        if mode not in ingesting.MODES:
            raise ProgrammingError(f"mode must be one of {', '.join(ingesting.MODES)}, not {mode!r}")
        ingesting.check_identifier(table_name, "table name")
        schema, source = ingesting.arrow_source(data)
        session = self.connection._session
        explicit = session.autocommit  # autocommit: one explicit transaction around the ingest
        if explicit:
            try:
                yield from self._execute_operation("BEGIN WORK", None)
            except Error as exc:
                if exc.sqlcode != -256:  # -256: the database has no transaction log
                    raise
                explicit = False
        try:
            if mode != "append":
                yield from self._ingest_table(table_name, schema, mode)
            inserted = yield from self._ingest_rows(table_name, schema, source)
        except Error:
            if not session.desynchronized and (explicit or session.in_transaction):
                yield from (self._execute_operation("ROLLBACK WORK", None) if explicit else session.rollback())
            raise
        if explicit:
            yield from self._execute_operation("COMMIT WORK", None)
        self._rowcount = inserted
        return inserted

    def _ingest_rows(self, table_name: str, schema, source):
        """The executemany pipeline over the rows; returns the rows inserted."""
        session = self.connection._session
        self._reset()
        names = "" if schema is None else " ({})".format(
            ", ".join(ingesting.check_identifier(name, "column name") for name in schema.names))

        def insert_sql(count: int) -> bytes:
            return self._encode_sql(f"INSERT INTO {table_name}{names} VALUES ({', '.join('?' * count)})",
                                    session.encoding)

        if schema is not None and not ingesting.has_binary_columns(schema):
            count = len(schema.names)
            operation = session.ingest_arrow(insert_sql(count), count, source)
        else:
            rows = source if schema is None else (
                row for batch in source for row in ingesting.batch_rows(batch))
            first = next(rows, None)
            count = 0 if first is None else len(first)
            operation = None if first is None else session.execute_many(
                insert_sql(count), count, itertools.chain([first], rows), _arranger(", ".join("?" * count)))
        if operation is None:
            self._rowcount = 0
            return 0
        outcome = yield from operation
        problem = outcome.input_error
        if problem is not None and not isinstance(problem, Error):  # e.g. a TypeError of a row
            error = DataError(str(problem))
            error.row_index = getattr(problem, "row_index", None)
            raise error from problem
        self._executed_many(outcome)
        return self._rowcount

    def _ingest_table(self, table_name: str, schema, mode: str):
        """Create (or replace) the table as ``mode`` asks."""
        self._executed((yield from self._execute_operation(
            "SELECT COUNT(*) FROM systables WHERE tabname = ?", (table_name.lower(),))))
        exists = self._result.rows[0][0] > 0
        self._reset()
        if mode == "create_append" and exists:
            return
        if schema is None:
            raise NotSupportedError(f"mode={mode!r} needs Arrow data: its schema gives the column types")
        if mode == "replace" and exists:
            yield from self._execute_operation(f"DROP TABLE {table_name}", None)
        yield from self._execute_operation(ingesting.create_table_sql(table_name, schema), None)

    # -- scrolling (both kinds of cursor; all operations, some without I/O) ---------

    def _refuse_scroll_when_streaming(self) -> None:
        if self._stream:
            raise NotSupportedError("a streaming cursor (stream=True) reads forward only")

    def _scroll_result(self):
        self._refuse_scroll_when_streaming()
        result = self._live_result()
        if isinstance(result, ScrollResult) and not result.open:
            raise InterfaceError("the scroll cursor is closed (another statement ran on the "
                                 "connection, or the transaction ended)")
        return result

    def _row_at(self, result, index: int):
        """Row ``index`` (0-based, raw) or None past the end; pulls batches or SFETCHes it."""
        if isinstance(result, ScrollResult):
            row, _ = yield from self.connection._session.scroll_fetch(
                result, c.SFETCH_ABSOLUTE, index + 1)
            return row
        while len(result.rows) <= index and not result.exhausted:
            yield from self._pull_operation(result)
        return result.rows[index] if index < len(result.rows) else None

    def _row_total(self, result):
        """Number of rows of the result (all batches received, or one SFETCH LAST)."""
        if isinstance(result, ScrollResult):
            if result.total is None:
                yield from self.connection._session.scroll_fetch(result, c.SFETCH_LAST)
            return result.total
        while not result.exhausted:
            yield from self._pull_operation(result)
        return len(result.rows)

    def _move_to(self, result, index: int):
        """Make row ``index`` current and return it; outside the result: None, position kept."""
        if index < 0:
            return None
        row = yield from self._row_at(result, index)
        if row is None:
            return None
        self._position = index + 1
        return row if self._make_row is None else self._make_row(row)

    def _fetch_absolute_operation(self, index: int):
        """Row ``index`` (0-based; negative counts from the end)."""
        result = self._scroll_result()
        if index < 0:
            index += yield from self._row_total(result)
        return (yield from self._move_to(result, index))

    def _fetch_first_operation(self):
        result = self._scroll_result()
        self._position = 0
        return (yield from self._move_to(result, 0))

    def _fetch_last_operation(self):
        result = self._scroll_result()
        if not isinstance(result, ScrollResult):
            total = yield from self._row_total(result)
            return (yield from self._move_to(result, total - 1))
        row, number = yield from self.connection._session.scroll_fetch(result, c.SFETCH_LAST)
        if row is None:
            return None
        self._position = number
        return row if self._make_row is None else self._make_row(row)

    def _fetch_prior_operation(self):
        result = self._scroll_result()
        prior = self._position - 2
        if prior < 0:
            self._position = 0
            return None
        return (yield from self._move_to(result, prior))

    def _fetch_relative_operation(self, offset: int):
        result = self._scroll_result()
        return (yield from self._move_to(result, self._position - 1 + offset))

    def _scroll_operation(self, value: int, mode: str):
        """PEP 249 ``scroll``: the operation returns None, or the IndexError to raise
        (an exception raised inside an operation would abort the connection)."""
        self._refuse_scroll_when_streaming()
        result = self._live_result()
        if self._result is None:
            raise ProgrammingError("no result set: execute a query first")
        if mode == "relative":
            target = self._position - 1 + value
        elif mode == "absolute":
            target = value - 1
        else:
            raise ProgrammingError(f"scroll mode must be 'relative' or 'absolute', not {mode!r}")
        return self._scroll_to(result, target)

    def _scroll_to(self, result, target: int):
        if target < -1:
            return IndexError(f"scroll target {target} is before the first row")
        if not isinstance(result, ScrollResult):  # a scroll cursor finds the end on fetch
            total = yield from self._row_total(result)
            if target >= total:
                return IndexError(f"scroll target {target} is beyond the {total} row(s)")
        self._position = target + 1
        return None

    def _fetch_scrolling_operation(self, want: int | None):
        """Up to ``want`` (all if None) next rows of a scrollable cursor, one SFETCH each."""
        result = self._scroll_result()
        rows = []
        while want is None or len(rows) < want:
            row = yield from self._move_to(result, self._position)
            if row is None:
                break
            rows.append(row)
        return rows

    # -- smart LOBs (SQ_FILE) ------------------------------------------------------

    def _blob_write_sql(self, sql: str, sentinel: str, clob: bool) -> str:
        """``sql`` with its single BLOB_PLACEHOLDER replaced by filetoblob/filetoclob."""
        count = sql.count(BLOB_PLACEHOLDER)
        if count != 1:
            raise ProgrammingError(
                f"write_blob_column needs the SQL to contain {BLOB_PLACEHOLDER} exactly once "
                f"where the value goes; found it {count} times")
        function = "filetoclob" if clob else "filetoblob"
        return sql.replace(BLOB_PLACEHOLDER, f"{function}({_sql_string(sentinel)}, 'client')")

    def _blob_read_sql(self, sql: str, sentinel: str) -> str:
        """``SELECT expr FROM ...`` rewritten to ``SELECT lotofile(expr, sentinel, 'client') FROM ...``."""
        text = sql.strip()
        if text[:6].upper() != "SELECT":
            raise ProgrammingError("read_blob_column needs a SELECT statement")
        rest = text[6:]
        at = _find_keyword(rest, "FROM")
        if at < 0:
            raise ProgrammingError("read_blob_column needs a SELECT ... FROM statement")
        return f"SELECT lotofile({rest[:at].strip()}, {_sql_string(sentinel)}, 'client') {rest[at:]}"

    def _blob_read_value(self, row):
        """The content lotofile delivered for ``row`` (its value is the file name used)."""
        if row is None or row[0] is None:
            return None
        content = self.blob_files.get(row[0])
        if content is None and self.blob_files:
            content = next(iter(self.blob_files.values()))
        return content

    def _mark_closed(self) -> bool:
        """Close bookkeeping; False if it was closed already."""
        if self._closed:
            return False
        if not self.connection.closed:
            self._reset()
        self._result = None
        self._closed = True
        return True

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<informix_db.{type(self).__name__} {state} on {self.connection!r}>"


BLOB_PLACEHOLDER = "BLOB_PLACEHOLDER"
DEFAULT_BLOB_READ_FILE = "/tmp/_informix_db_blob"
DEFAULT_BLOB_WRITE_FILE = "/tmp/_informix_db_blob_in"


def _arranger(operation: str):
    """A parameter set of ``operation`` as its values in order, checked against its placeholders."""
    return lambda params: arrange_parameters(operation, params)[1]


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _find_keyword(sql: str, keyword: str) -> int:
    """Index of the first standalone ``keyword`` (any case) outside quotes, or -1."""
    upper = sql.upper()
    quote = None
    n, k = len(sql), len(keyword)
    for i, ch in enumerate(sql):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif upper.startswith(keyword, i) and (i == 0 or not _is_word(sql[i - 1])) \
                and (i + k >= n or not _is_word(sql[i + k])):
            return i
    return -1


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_$"


class Cursor(BaseCursor):
    """Executes statements and fetches their rows (blocking I/O)."""

    def execute(self, operation: str, parameters=None):
        """Prepare and run one statement; rows (if any) are then fetched lazily."""
        with self.connection._lock:  # building the operation touches shared session state
            self._executed(self.connection._run(self._execute_operation(operation, parameters)))
        return self

    def executemany(self, operation: str, seq_of_parameters) -> None:
        """Run a DML statement once per parameter set, pipelined in one PREPARE."""
        with self.connection._lock:
            op = self._executemany_operation(operation, seq_of_parameters)
            if op is not None:
                self._executed_many(self.connection._run(op))

    def fetchone(self):
        result = self._live_result()
        while self._position >= len(result.rows):
            if result.exhausted:
                return self._end_of_rows(result)
            self.connection._run(self._pull_operation(result))
        return self._take_one(result)

    def fetchmany(self, size: int | None = None) -> list:
        result = self._live_result()
        want = self.arraysize if size is None else size
        while len(result.rows) - self._position < want and not result.exhausted:
            self.connection._run(self._pull_operation(result))
        return self._take(result, want)

    def fetchall(self) -> list:
        result = self._live_result()
        self._bulk_fetch(result)
        while not result.exhausted:
            self.connection._run(self._pull_operation(result, ahead=True))
        return self._take(result, None)

    # -- Arrow ------------------------------------------------------------------------

    def fetch_arrow(self, batch_size: int | None = None):
        """The rest of the result as an Arrow stream (``__arrow_c_stream__``; pyarrow, polars,
        DuckDB ... read it directly). Batches are fetched as the consumer reads them, each of
        ``batch_size`` rows (None: one batch per stream)."""
        result, builder = self._arrow_start(batch_size)

        def batches():
            try:
                while True:
                    yield from builder.take_batches()
                    if result.exhausted:
                        break
                    self.connection._run(self._arrow_pull_operation(result, builder))
                yield from builder.finish()
            finally:
                self._arrow_abandon(result)

        return wire.ArrowStream(builder.fields, batches())

    def fetch_arrow_table(self):
        """pyarrow.Table of the remaining rows of the current result."""
        return frames.to_table(self.fetch_arrow())

    def fetch_record_batch(self, batch_size: int | None = None):
        """pyarrow.RecordBatchReader streaming the rest of the result in bounded memory."""
        return frames.to_reader(self.fetch_arrow(batch_size or ARROW_BATCH_ROWS))

    def fetch_df(self):
        """pandas.DataFrame of the remaining rows (exact dtypes; see README, Arrow / DataFrames)."""
        return frames.to_pandas(self.fetch_arrow_table())

    def fetch_polars(self):
        """polars.DataFrame of the remaining rows."""
        return frames.to_polars(self.fetch_arrow_table())

    def ingest(self, table_name: str, data, *, mode: str = "append") -> int:
        """Insert ``data`` (Arrow data exporting ``__arrow_c_stream__``/``__arrow_c_array__``,
        or an iterable of row tuples) into ``table_name``; returns the rows inserted.

        ``mode`` as ADBC: append (the table exists), create (it must not), replace (drop if it
        exists, then create), create_append. Rows go through executemany's pipeline in bounded
        windows, in one transaction; a failing row is named by index and the transaction is
        rolled back. With autocommit off the caller commits.
        """
        with self.connection._lock:
            return self.connection._run(self._ingest_operation(table_name, data, mode))

    # -- scrolling -------------------------------------------------------------------

    def scroll(self, value: int, mode: str = "relative") -> None:
        """Move without fetching: ``relative`` by ``value`` rows, ``absolute`` so that the
        next fetchone returns row ``value`` (0-based). IndexError outside the result."""
        error = self.connection._run(self._scroll_operation(value, mode))
        if error is not None:
            raise error

    def fetch_first(self):
        return self.connection._run(self._fetch_first_operation())

    def fetch_last(self):
        return self.connection._run(self._fetch_last_operation())

    def fetch_prior(self):
        """The row before the current one; None (positioned before the first) at the start."""
        return self.connection._run(self._fetch_prior_operation())

    def fetch_absolute(self, index: int):
        """Row ``index`` (0-based, negative from the end) or None outside the result."""
        return self.connection._run(self._fetch_absolute_operation(index))

    def fetch_relative(self, offset: int):
        """The row ``offset`` rows from the current one, or None outside the result."""
        return self.connection._run(self._fetch_relative_operation(offset))

    # -- smart LOBs --------------------------------------------------------------------

    def write_blob_column(self, sql: str, blob_data: bytes, params=(), *,
                          sentinel: str = DEFAULT_BLOB_WRITE_FILE, clob: bool = False) -> None:
        """Run INSERT/UPDATE ``sql`` whose ``BLOB_PLACEHOLDER`` takes ``blob_data`` as a
        BLOB (CLOB with ``clob=True``); the server reads the bytes from this client."""
        wrapped = self._blob_write_sql(sql, sentinel, clob)
        self.virtual_files[sentinel] = bytes(blob_data)
        try:
            self.execute(wrapped, params)
        finally:
            self.virtual_files.pop(sentinel, None)

    def read_blob_column(self, sql: str, params=(), *,
                         sentinel: str = DEFAULT_BLOB_READ_FILE) -> bytes | None:
        """Content of the smart LOB selected by ``SELECT col FROM ...`` (first row), or None
        for no row or a NULL; the server writes it to this client with lotofile."""
        wrapped = self._blob_read_sql(sql, sentinel)
        self.blob_files = {}
        self.execute(wrapped, params)
        return self._blob_read_value(self.fetchone())

    def __iter__(self):
        return self

    def __next__(self):
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def close(self) -> None:
        """Close the cursor; an unfinished server cursor is closed with the next request."""
        with self.connection._lock:
            self._mark_closed()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class ScrollCursor(Cursor):
    """A cursor over a server-side scroll cursor: every fetch is one SFETCH round trip,
    nothing is kept client-side, and the result holds the connection's statement slot
    until the cursor is closed or another statement runs."""

    def __init__(self, connection) -> None:
        super().__init__(connection, scrollable=True)

    def fetchone(self):
        rows = self.connection._run(self._fetch_scrolling_operation(1))
        return rows[0] if rows else None

    def fetchmany(self, size: int | None = None) -> list:
        return self.connection._run(self._fetch_scrolling_operation(self.arraysize if size is None else size))

    def fetchall(self) -> list:
        return self.connection._run(self._fetch_scrolling_operation(None))
