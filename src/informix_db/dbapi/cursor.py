"""PEP 249 Cursor: turns calls into protocol-core operations run by its Connection.

Rows stream: ``execute`` receives the first batch, fetch methods pull further NFETCH
batches only when the rows already received are used up.
"""

from __future__ import annotations

from .._impl import wire
from ..exceptions import DataError, InterfaceError, ProgrammingError
from ..protocol import messages as m
from ..protocol.core import ResultSet
from ..types import typecodes as tc
from .sqltext import arrange_parameters, scan_placeholders

_DECIMAL_TYPES = (tc.DECIMAL, tc.MONEY)


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

    def __init__(self, connection) -> None:
        self.connection = connection
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

    # -- attributes ---------------------------------------------------------------

    @property
    def rowcount(self) -> int:
        """Rows affected by DML; for a query, the rows received so far (the total once read)."""
        result = self._result
        if result is None:
            return self._rowcount
        return result.rowcount if result.exhausted else result.fetched

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
        bind = m.encode_bind(wire, values, session.encoding) if values else None
        sql = self._encode_sql(wire_sql, session.encoding)
        return session.execute(sql, len(values), bind, self.fetch_buffer_size)

    def _executed(self, outcome) -> None:
        if isinstance(outcome, ResultSet):
            self._result = outcome
            self.description = [describe_column(col) for col in outcome.columns]
            self._make_row = self._row_maker()
        else:
            self._rowcount = outcome.rowcount
            self.lastrowid = outcome.lastrowid

    def _executemany_operation(self, operation: str, seq_of_parameters):
        """The core operation for ``executemany``, or None when there are no rows."""
        session = self._check_open()
        if not isinstance(operation, str):
            raise ProgrammingError(f"operation must be str, not {type(operation).__name__}")
        self._reset()
        rows = list(seq_of_parameters)
        if not rows:
            self._rowcount = 0
            return None
        wire_sql, _, count = scan_placeholders(operation)
        binds = []
        for index, params in enumerate(rows):
            try:
                _, values = arrange_parameters(operation, params)
                binds.append(m.encode_bind(wire, values, session.encoding))
            except Exception as exc:
                exc.args = (f"executemany row {index}: {exc.args[0] if exc.args else exc}",)
                raise
        sql = self._encode_sql(wire_sql, session.encoding)
        return session.execute_many(sql, count, binds)

    def _executed_many(self, outcome) -> None:
        self._rowcount = outcome.rowcount
        self.lastrowid = outcome.lastrowid

    def _row_maker(self):
        factory = self.row_factory
        if factory is None:
            return None
        return factory(tuple(d[0] for d in self.description))

    def _live_result(self) -> ResultSet:
        if self._closed:
            raise InterfaceError("cursor is closed")
        if self._result is None:
            raise ProgrammingError("no result set: the last statement did not return rows")
        return self._result

    def _pull_operation(self, result: ResultSet):
        """Drop rows already handed out; the operation receives the next batch."""
        del result.rows[:self._position]
        self._position = 0
        return self.connection._session.fetch(result)

    def _take_one(self, result: ResultSet):
        row = result.rows[self._position]
        self._position += 1
        return row if self._make_row is None else self._make_row(row)

    def _take(self, result: ResultSet, want: int | None) -> list:
        start = self._position
        end = len(result.rows) if want is None else min(start + max(want, 0), len(result.rows))
        rows = result.rows[start:end] if start or end != len(result.rows) else result.rows[:]
        self._position = end
        make = self._make_row
        return rows if make is None else [make(r) for r in rows]

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
                return None
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
        while not result.exhausted:
            self.connection._run(self._pull_operation(result))
        return self._take(result, None)

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
