"""Sans-IO protocol core: every operation is a generator that never touches a socket.

An operation yields either ``bytes`` (send them all) or ``NEED_DATA`` (receive more bytes
into ``session.rbuf`` via ``get_buffer()``/``buffer_updated()``, then resume it); its
return value is the operation's result and server errors are raised from it. The sync
``dbapi.Connection`` is one driver; an asyncio driver can run the same generators.

Requests are pipelined wherever the protocol allows (§1: one reply per request, in order,
even after an error): session init, SQ_BEGIN with the statement it guards, BIND with the
cursor open, executemany rows, and the CLOSE/RELEASE of a finished statement, which is
deferred and sent in front of the next request.
"""

from __future__ import annotations

import itertools
import re
import weakref
from dataclasses import dataclass, field

from .._impl import wire
from ..exceptions import DataError, Error, InterfaceError, NotSupportedError, ProtocolError
from ..types import typecodes as tc
from ..types.codecs import BLOB_DESCRIPTOR_NULL_OFFSET, BLOB_DESCRIPTOR_SIZE
from ..types.column import ColumnDesc
from . import constants as c
from . import messages as m
from .errors import row_position
from .login import ServerInfo, parse_login_response

NEED_DATA = object()  # yielded when the operation waits for more bytes in ``rbuf``

DEFAULT_FETCH_SIZE = 32768
FILE_CHUNK_LIMIT = 32000  # SQ_FILE_READ chunk lengths are i16
EXECUTEMANY_WINDOW = 1024  # BIND+EXECUTE requests in flight at once; bounds unread replies
MAX_RECEIVE_HINT = 32768
_TRANSACTION_CONTROL = (c.STMT_BEGIN, c.STMT_COMMIT, c.STMT_ROLLBACK)
# Statements that choose the database run outside any transaction (none may be open then).
_OUTSIDE_TRANSACTION = (*_TRANSACTION_CONTROL, c.STMT_DATABASE, c.STMT_CREATE_DATABASE,
                        c.STMT_DROP_DATABASE, c.STMT_CLOSE_DATABASE)
#: Statement types that leave session settings (isolation, lock mode) as they were.
_SETTINGS_NEUTRAL = frozenset((
    c.STMT_SELECT, c.STMT_SELECT_INTO, c.STMT_UPDATE_WHERE, c.STMT_DELETE_WHERE, c.STMT_INSERT,
    c.STMT_DELETE_ALL, c.STMT_UPDATE_ALL, c.STMT_CREATE_TABLE, c.STMT_DROP_TABLE,
    c.STMT_CREATE_INDEX, c.STMT_DROP_INDEX, c.STMT_RENAME_TABLE, c.STMT_RENAME_COLUMN,
    c.STMT_ALTER_TABLE, c.STMT_CREATE_VIEW, c.STMT_DROP_VIEW, c.STMT_CREATE_TEMP_TABLE,
    c.STMT_CREATE_ROUTINE, c.STMT_DROP_ROUTINE, *_TRANSACTION_CONTROL))
#: Words that make a SELECT more than a read: INTO TEMP/RAW/EXTERNAL, FOR UPDATE.
_WRITE_WORDS = re.compile(rb"\b(?:into|update)\b", re.IGNORECASE)
_cursor_numbers = itertools.count(1)


@dataclass
class ResultSet:
    """An open server cursor: decoded rows arrive in ``rows`` batch by batch."""

    columns: list[ColumnDesc]
    decoder: object
    fetch_size: int
    rows: list = field(default_factory=list)
    fetched: int = 0
    rowcount: int = -1
    exhausted: bool = False
    blob_columns: tuple = ()  # (index, is_text) of BYTE/TEXT columns, resolved per batch
    files: ClientFiles | None = None


@dataclass
class ScrollResult:
    """An open server-side scroll cursor: rows are fetched one by one by position (§5.12)."""

    columns: list[ColumnDesc]
    decoder: object
    fetch_size: int
    total: int | None = None  # row count, known once SFETCH LAST has run
    open: bool = True
    blob_columns: tuple = ()
    files: ClientFiles | None = None


class ClientFiles:
    """The client end of SQ_FILE (§4.11): in-memory files the server reads or writes.

    ``sources`` maps names to the bytes a ``filetoblob(name, 'client')`` reads (a name the
    server extends with a suffix still matches); ``received`` collects what
    ``lotofile(..., 'client')`` writes, under the file name the server chose.
    """

    def __init__(self, sources: dict | None = None, received: dict | None = None) -> None:
        self.sources = {} if sources is None else sources
        self.received = {} if received is None else received
        self._name: str | None = None
        self._written = bytearray()
        self._source = b""
        self._offset = 0
        self._was_read = False

    def open(self, name: str) -> None:
        self._name = name
        self._written = bytearray()
        self._offset = 0
        self._was_read = False
        source = self.sources.get(name)
        if source is None:
            source = next((v for k, v in self.sources.items() if name.startswith(k)), b"")
        self._source = bytes(source)

    def write(self, data: bytes) -> None:
        self._written += data

    def read(self, amount: int) -> bytes:
        end = len(self._source) if amount < 0 else self._offset + amount
        data = self._source[self._offset:end]
        self._offset += len(data)
        self._was_read = True
        return data

    def close(self) -> None:
        if self._name is not None and not self._was_read:
            self.received[self._name] = bytes(self._written)
        self._name = None


@dataclass
class Outcome:
    """Result of a statement that returns no rows."""

    statement_type: int
    rowcount: int
    lastrowid: int | None
    input_error: BaseException | None = None  # executemany: a parameter set that could not be sent


def returns_rows(statement_type: int, columns: list) -> bool:
    """SELECT, or EXECUTE FUNCTION with result columns, needs a cursor (§4.1.3)."""
    return statement_type == c.STMT_SELECT or (statement_type == c.STMT_EXECUTE_PROCEDURE and bool(columns))


class Session:
    """Protocol state of one connection: buffers, transaction state and deferred cleanup."""

    def __init__(self, *, encoding: str = "iso-8859-1", autocommit: bool = False,
                 fetch_size: int = DEFAULT_FETCH_SIZE) -> None:
        self.rbuf = wire.ReadBuffer()
        self._wbuf = wire.WriteBuffer()
        self.encoding = encoding
        self.autocommit = autocommit
        self.fetch_size = fetch_size
        self.in_transaction = False
        self.transaction_wrote = False  # the open transaction may hold writes or locks
        self.default_settings = True  # no statement may have changed isolation or lock mode
        self.begin_supported = True
        self.server_info = ServerInfo()
        self.server_protocols = b""
        self.desynchronized = False  # a reply could not be parsed: the stream is lost
        self._deferred: list[m.Message] = []
        self.routine_handles: dict[bytes, tuple[bytes, int]] = {}  # fast-path handles by signature
        self._active: weakref.ref | None = None  # the open server cursor's ResultSet
        # Bytes certain to arrive before the operation can go on (a driver may wait for that
        # many at once, e.g. with SO_RCVLOWAT, instead of waking for every small reply).
        self.receive_at_least = 1
        self._replies_floor = 0  # bytes the unread replies of the current exchange have at least

    # -- plumbing -------------------------------------------------------------------

    def _read_reply(self, msg: m.Message, files: ClientFiles | None = None):
        """Consume one EOT-terminated reply into ``msg``, serving SQ_FILE requests with ``files``."""
        rbuf = self.rbuf
        decoder = msg.decoder
        encoding = self.encoding
        while True:
            if decoder is not None:
                msg.tuples += rbuf.read_tuples(decoder, msg.rows)
            rbuf.mark()
            try:
                tag = rbuf.read_i16()
                if tag == c.SQ_EOT:
                    return
                if msg.error is not None:
                    continue  # after SQ_ERR only the closing EOT matters
                if tag == c.SQ_TUPLE:
                    if decoder is None:
                        raise ProtocolError(f"unexpected SQ_TUPLE in reply to {type(msg).__name__}")
                    raise wire.NeedMoreData()  # read_tuples stopped at an incomplete tuple
                if tag == c.SQ_FILE:
                    yield from self._serve_file(files if files is not None else ClientFiles())
                    continue
                msg.process(rbuf, tag, encoding)
            except wire.NeedMoreData:
                rbuf.rewind()
                self.receive_at_least = min(max(1, self._replies_floor - rbuf.available()), MAX_RECEIVE_HINT)
                yield NEED_DATA
            except Exception:
                self.desynchronized = True
                raise

    def _read_window(self, window: m.ExecuteWindow, files: ClientFiles | None, floor_after: int | None):
        """Consume the replies of an ExecuteWindow: runs of plain successes in one compiled
        call each, any other reply (an error, SQ_FILE, one not yet wholly received, malformed
        bytes) with ``_read_reply`` for its row. ``floor_after``: the reply bytes certain to
        follow the window's (None: no floors)."""
        rbuf = self.rbuf
        binds = window.binds
        index = 0
        while True:
            replies, rows, lastrowid = rbuf.read_execute_replies(len(binds) - index)
            window.add_replies(rows, lastrowid)
            index += replies
            if index == len(binds):
                return
            if floor_after is not None:  # of this reply, once partly read, only its EOT is certain
                later = len(binds) - index - 1
                self._replies_floor = floor_after + later * m.EXECUTE_REPLY_MIN_BYTES + m.Message.min_reply_bytes
            run = m.Bind(binds[index], execute=True)
            yield from self._read_reply(run, files)
            window.add_run(index, run)
            index += 1

    def _read_unit(self, parse):
        """Run ``parse(rbuf)`` on a complete unit of the stream, waiting for bytes as needed."""
        rbuf = self.rbuf
        self.receive_at_least = 1
        while True:
            rbuf.mark()
            try:
                return parse(rbuf)
            except wire.NeedMoreData:
                rbuf.rewind()
                yield NEED_DATA

    def _serve_file(self, files: ClientFiles):
        """Answer one SQ_FILE request (tag already read) in the middle of a reply (§3.14)."""
        optype = yield from self._read_unit(_read_i16)
        answer = wire.WriteBuffer()
        if optype == c.FILE_OPEN:
            name = yield from self._read_unit(self._parse_file_open)
            files.open(name)
        elif optype == c.FILE_WRITE_TO_CLIENT:
            total = 0
            while (chunk := (yield from self._read_unit(_parse_file_chunk))) is not None:
                files.write(chunk)
                total += len(chunk)
            answer.write_i16(c.SQ_FILE_WRITE)
            answer.write_i32(total)
        elif optype == c.FILE_READ_FROM_CLIENT:
            chunk_size, amount = yield from self._read_unit(_parse_file_read)
            data = files.read(amount)
            answer.write_i16(c.SQ_FILE_READ)
            answer.write_i32(len(data))
            for start in range(0, len(data), chunk_size):
                chunk = data[start:start + chunk_size]
                answer.write_i16(c.SQ_FILE_READ)
                answer.write_i16(len(chunk))
                answer.write_padded(chunk)
        elif optype == c.FILE_CLOSE:
            yield from self._read_unit(_expect_eot)
            files.close()
        else:
            raise ProtocolError(f"unknown SQ_FILE operation {optype}")
        answer.write_i16(c.SQ_EOT)
        yield answer.getvalue()

    def _parse_file_open(self, rbuf) -> str:
        name = rbuf.read_cstr16(self.encoding)
        rbuf.skip(12)  # mode, flags, offset: the in-memory file ignores them
        _expect_eot(rbuf)
        return name

    def _exchange(self, requests: list[m.Message], files: ClientFiles | None = None, *,
                  floors: bool = False):
        """Send deferred cleanup plus ``requests`` in one write, then read every reply.

        ``floors``: the replies are plain (no SQ_FILE dialogue), so the driver may wait for
        the bytes they are certain to have (``receive_at_least``) before waking.
        """
        cleanup, self._deferred = self._deferred, []
        wbuf = self._wbuf
        wbuf.clear()
        for msg in cleanup:
            msg.write(wbuf)
        for msg in requests:
            msg.write(wbuf)
        yield wbuf.getvalue()
        for msg in cleanup:
            yield from self._read_reply(msg)  # stale cleanup: errors are irrelevant
        reply_floors = [msg.min_reply_bytes if floors else 0 for msg in requests]
        remaining = sum(reply_floors)
        try:
            for msg, floor in zip(requests, reply_floors):
                remaining -= floor
                if isinstance(msg, m.ExecuteWindow):
                    yield from self._read_window(msg, files, remaining if floors else None)
                else:
                    self._replies_floor = remaining + floor
                    yield from self._read_reply(msg, files)
        finally:
            self._replies_floor = 0
            self.receive_at_least = 1

    def _finish_active(self):
        """Free the statement slot held by a streaming result.

        The rest of the rows are pulled into memory so its cursor can still read them;
        a result nobody references any more is just closed.
        """
        if self._active is None:
            return
        active = self._active()
        if active is None:
            self._active = None
            self._deferred += [m.Close(), m.Release()]
            return
        if isinstance(active, ScrollResult):
            self.close_scroll(active)  # a scroll cursor cannot be drained: it is closed
            return
        while not active.exhausted:
            yield from self.fetch(active)

    def _begin_for(self, statement_type: int) -> m.Begin | None:
        if (self.autocommit or self.in_transaction or not self.begin_supported
                or statement_type in _OUTSIDE_TRANSACTION):
            return None
        return m.Begin()

    def _settle_begin(self, begin: m.Begin | None) -> Error | None:
        """Apply the SQ_BEGIN reply; -256 (no logging) disables BEGIN for the session."""
        if begin is None:
            return None
        error = begin.error
        if error is None:
            self.in_transaction = True
        elif error.sqlcode == -256:
            self.begin_supported = False
            return None
        elif error.sqlcode == -535:
            self.in_transaction = True
            return None
        return error

    def _note_transaction_control(self, statement_type: int) -> None:
        if statement_type == c.STMT_BEGIN:
            self.in_transaction = True
        elif statement_type in (c.STMT_COMMIT, c.STMT_ROLLBACK):
            self.in_transaction = self.transaction_wrote = False

    # -- session --------------------------------------------------------------------

    def login(self, login_pdu: bytes, database: bytes | None):
        """Send the login PDU, check the answer, then initialise the session (§2.6)."""
        yield login_pdu
        rbuf = self.rbuf
        while True:
            rbuf.mark()
            try:
                total = rbuf.read_u16()
                if total < c.SL_HEADER_SIZE:
                    raise ProtocolError(f"login response length {total} is too short")
                body = rbuf.read_bytes(total - 2)
                break
            except wire.NeedMoreData:
                rbuf.rewind()
                yield NEED_DATA
            except Exception:
                self.desynchronized = True
                raise
        self.server_info = parse_login_response(body)
        protocols = m.Protocols()
        requests = [protocols, m.Info()]
        if database is not None:
            requests.append(m.DbOpen(database))
        yield from self._exchange(requests)
        self.server_protocols = protocols.server_mask
        for msg in requests:
            if msg.error is not None:
                raise msg.error
        return self.server_info

    def ping(self):
        """Prove the session alive with the lightest exchange there is: one SQ_PROTOCOLS.

        It touches no statement or transaction state, so it is safe between any two
        operations (the pool runs it on connections idle beyond its check interval).
        """
        probe = m.Protocols()
        yield from self._exchange([probe])
        if probe.error is not None:
            raise probe.error

    def exit(self):
        """SQ_EXIT (no EOT); the reply is read best-effort and ends with EXIT or EOT."""
        yield m.EXIT_REQUEST
        rbuf = self.rbuf
        for _ in range(8):
            rbuf.mark()
            try:
                tag = rbuf.read_i16()
                if tag in (c.SQ_EXIT, c.SQ_EOT):
                    return
                if tag == c.SQ_XACTSTAT:
                    rbuf.skip(6)
                else:
                    return
            except wire.NeedMoreData:
                rbuf.rewind()
                yield NEED_DATA

    def commit(self):
        yield from self._end_transaction(m.Commit())

    def rollback(self):
        yield from self._end_transaction(m.Rollback())

    def _end_transaction(self, request: m.Message):
        yield from self._finish_active()
        if not self.in_transaction:
            return
        yield from self._exchange([request])
        self.in_transaction = self.transaction_wrote = False
        if request.error is not None:
            raise request.error

    def end_transaction_lazily(self) -> bool:
        """End a transaction that only read at the default isolation with no round trip of
        its own: its ROLLBACK goes out, like deferred cleanup, in front of the next request,
        so before anything else runs. False (nothing done) when it may have written."""
        if not self.in_transaction or self.transaction_wrote or not self.default_settings \
                or self._active is not None:
            return False
        self._deferred.append(m.Rollback())
        self.in_transaction = False
        return True

    def _note_statement(self, statement_type: int, sql: bytes | None) -> None:
        """Record what a statement may have done to the transaction and session settings."""
        if statement_type == c.STMT_SELECT and sql is not None and not _WRITE_WORDS.search(sql):
            return
        self.transaction_wrote = True
        if statement_type not in _SETTINGS_NEUTRAL:
            self.default_settings = False

    # -- binds: the one place parameters become BIND requests -------------------------

    def _bind(self, values) -> bytes | None:
        """The BIND request of one parameter set (None without parameters)."""
        return m.encode_bind(wire, values, self.encoding) if values else None

    def _row_binds(self, rows, arrange, row_count: int | None):
        """The BIND request of each parameter set, made as it is consumed; an error names its row.

        ``arrange`` turns a parameter set into its values in order (the caller's parameter style).
        """
        for index, params in enumerate(rows):
            try:
                yield m.encode_bind(wire, arrange(params), self.encoding)
            except Exception as exc:
                exc.args = (f"executemany parameter set of {row_position(index, row_count)}: "
                            f"{exc.args[0] if exc.args else exc}",)
                exc.row_index = index
                raise

    def _arrow_binds(self, batches):
        """The BIND request of each row of Arrow record batches, encoded straight from their buffers."""
        return itertools.chain.from_iterable(map(wire.ArrowBindEncoder(self.encoding).encode, batches))

    # -- statements -----------------------------------------------------------------

    def _prepare(self, sql: bytes, nparams: int):
        yield from self._finish_active()
        prepare = m.Prepare(sql, nparams)
        yield from self._exchange([prepare])
        if prepare.error is not None:
            raise prepare.error
        return prepare

    def execute(self, sql: bytes, params=(), fetch_size: int | None = None, *, scrollable: bool = False,
                files: ClientFiles | None = None):
        """The operation running one statement with the values ``params``; it returns a
        ResultSet (rows follow), a ScrollResult or an Outcome.

        The values are encoded here, so bad ones are rejected before anything is sent.
        ``fetch_size`` is the NFETCH byte budget for this result (default: the session's).
        ``scrollable`` opens a server-side scroll cursor for a query; ``files`` serves the
        SQ_FILE requests of smart-LOB SQL.
        """
        return self._execute(sql, len(params), self._bind(params), fetch_size, scrollable, files)

    def _execute(self, sql: bytes, nparams: int, bind: bytes | None, fetch_size: int | None,
                 scrollable: bool, files: ClientFiles | None):
        prepare = yield from self._prepare(sql, nparams)
        statement_type, columns = prepare.statement_type, prepare.columns
        self._note_statement(statement_type, sql)
        begin = self._begin_for(statement_type)
        requests: list[m.Message] = [begin] if begin is not None else []
        if returns_rows(statement_type, columns):
            kind = ScrollResult if scrollable else ResultSet
            result = kind(columns, wire.RowDecoder(columns, self.encoding),
                          fetch_size or self.fetch_size, blob_columns=_blob_columns(columns),
                          files=files)
            if bind is not None:
                requests.append(m.Bind(bind, execute=False))
            if scrollable:
                requests.append(m.OpenScrollCursor(_cursor_name()))
            else:
                requests.append(m.OpenCursor(_cursor_name(), result.fetch_size, result.decoder, result.rows))
                if not _may_transfer_files(sql):
                    # A second NFETCH rides along: a result that fits in the first batch is
                    # then known complete at once (statement freed, no later round trip).
                    requests.append(m.Fetch(result.fetch_size, result.decoder, result.rows))
            yield from self._exchange(requests, files)
            error = self._settle_begin(begin) or _first_error(requests[1 if begin else 0:])
            if error is not None:
                self._deferred += [m.Close(), m.Release()]
                raise error
            if scrollable:
                self._active = weakref.ref(result)
            else:
                opened = next(i for i, r in enumerate(requests) if isinstance(r, m.OpenCursor))
                yield from self._absorb_batches(result, requests[opened:])
            return result
        run = m.Bind(bind, execute=True) if bind is not None else m.Execute()
        requests.append(run)
        yield from self._exchange(requests, files)
        self._deferred.append(m.Release())
        error = self._settle_begin(begin) or run.error
        if error is not None:
            raise error
        self._note_transaction_control(statement_type)
        return Outcome(statement_type, run.rowcount, run.generated_serial or None)

    def execute_many(self, sql: bytes, nparams: int, rows, arrange=tuple, row_count: int | None = None):
        """The operation running one statement per parameter set of ``rows`` (any iterable),
        or None when it has none; see ``_execute_binds``.

        ``arrange`` turns a parameter set into its values in order; ``row_count`` (the number
        of sets; ``len(rows)`` when it has one) only appears in error messages. The first set is encoded here, so
        its errors raise before anything is sent.
        """
        if row_count is None and hasattr(rows, "__len__"):
            row_count = len(rows)
        return self._pipeline(sql, nparams, self._row_binds(rows, arrange, row_count), row_count)

    def ingest_arrow(self, sql: bytes, nparams: int, batches):
        """``execute_many`` over the rows of Arrow record batches (``nparams`` columns each),
        encoded from the Arrow buffers without a Python object per value; None without rows."""
        return self._pipeline(sql, nparams, self._arrow_binds(batches), None)

    def _pipeline(self, sql: bytes, nparams: int, binds, row_count: int | None):
        first = next(binds, None)
        if first is None:
            return None
        return self._execute_binds(sql, nparams, itertools.chain([first], binds), row_count)

    def _execute_binds(self, sql: bytes, nparams: int, binds, row_count: int | None):
        """Pipelined BIND+EXECUTE per row; the first failing row is reported by index.

        ``binds`` is an iterator of encoded BIND requests, consumed one window at a time so
        memory stays bounded for any number of rows. An exception raised while producing a
        bind stops the pipeline before the window it falls in is sent (the stream stays in
        step); it is returned as ``Outcome.input_error`` for the caller to raise, with the rows
        of earlier windows executed (none when all rows fit one window).
        """
        prepare = yield from self._prepare(sql, nparams)
        statement_type = prepare.statement_type
        self._note_statement(statement_type, None)
        if returns_rows(statement_type, prepare.columns):
            self._deferred.append(m.Release())
            raise NotSupportedError("executemany() cannot run a SELECT or another statement that returns rows")
        begin = self._begin_for(statement_type)
        plain_replies = not _may_transfer_files(sql)
        total = 0
        lastrowid = None
        first_error: tuple[int, Error] | None = None
        input_error: BaseException | None = None
        start = 0
        while True:
            try:
                window = m.ExecuteWindow(list(itertools.islice(binds, EXECUTEMANY_WINDOW)))
            except Exception as exc:  # bad input: this window is not sent, earlier ones were
                input_error = exc
                break
            if not window.binds:
                break
            yield from self._exchange([window] if begin is None else [begin, window], floors=plain_replies)
            begin_error = self._settle_begin(begin)
            if begin_error is not None and first_error is None:
                first_error = (-1, begin_error)
            begin = None
            if window.error is not None and first_error is None:
                first_error = (start + window.error_index, window.error)
            total += window.rowcount
            lastrowid = window.lastrowid or lastrowid
            start += len(window.binds)
        self._deferred.append(m.Release())
        if first_error is not None:
            index, error = first_error
            if index >= 0:
                error.args = (f"executemany {row_position(index, row_count)}: {error.args[0]}",
                              *error.args[1:])
                error.row_index = index
            raise error
        if input_error is None:
            self._note_transaction_control(statement_type)
        outcome = Outcome(statement_type, total, lastrowid)
        outcome.input_error = input_error
        return outcome

    # -- result sets ----------------------------------------------------------------

    def _absorb_batches(self, result: ResultSet, batches: list):
        """Account for received batches (consecutive fetch replies); a batch without rows ends
        the result. BYTE/TEXT content is fetched while the server cursor is still open."""
        received = 0
        ended = False
        for batch in batches:
            received += batch.tuples
            if batch.rowcount >= 0:
                result.rowcount = batch.rowcount
            if batch.tuples == 0:
                ended = True
                break
        result.fetched += received
        if received and result.blob_columns:
            rows = result.rows
            rows[-received:] = yield from self._with_blob_contents(result, rows[-received:])
        if ended:
            self._finish(result)
        else:
            self._active = weakref.ref(result)

    def _with_blob_contents(self, result, rows: list):
        """``rows`` with each BYTE/TEXT descriptor replaced by its content (one FETCHBLOB each)."""
        requests = []
        for row in rows:
            for index, _ in result.blob_columns:
                descriptor = row[index]
                if descriptor is not None and len(descriptor) == BLOB_DESCRIPTOR_SIZE \
                        and descriptor[BLOB_DESCRIPTOR_NULL_OFFSET] != 1:
                    requests.append(m.FetchBlob(descriptor))
        if not requests:
            return rows
        yield from self._exchange(requests)
        error = _first_error(requests)
        if error is not None:
            raise error
        contents = iter(requests)
        resolved = []
        for row in rows:
            values = list(row)
            for index, is_text in result.blob_columns:
                descriptor = values[index]
                if descriptor is None or len(descriptor) != BLOB_DESCRIPTOR_SIZE \
                        or descriptor[BLOB_DESCRIPTOR_NULL_OFFSET] == 1:
                    values[index] = None
                    continue
                data = b"".join(next(contents).chunks)
                values[index] = data.decode(self.encoding, errors="replace") if is_text else data
            resolved.append(tuple(values))
        return resolved

    def _finish(self, result: ResultSet) -> None:
        result.exhausted = True
        if result.rowcount < 0:
            result.rowcount = result.fetched
        if self._active is not None and self._active() is result:
            self._active = None
        self._deferred += [m.Close(), m.Release()]

    def fetch(self, result: ResultSet, ahead: bool = False):
        """Append the next batch to ``result.rows``; marks the result exhausted at the end.

        ``ahead`` (the caller reads the whole result): a second NFETCH rides along, so the
        server prepares the next batch while the client decodes this one.
        """
        if result.exhausted:
            return
        batches = [m.Fetch(result.fetch_size, result.decoder, result.rows) for _ in range(1 + ahead)]
        yield from self._exchange(batches, result.files)
        error = _first_error(batches)
        if error is not None:
            self._finish(result)
            raise error
        yield from self._absorb_batches(result, batches)

    def discard(self, result: ResultSet | ScrollResult) -> None:
        """Abandon a result: its cursor is closed with the next request. No I/O."""
        if isinstance(result, ScrollResult):
            self.close_scroll(result)
        elif not result.exhausted:
            self._finish(result)

    # -- scroll cursors -------------------------------------------------------------

    def scroll_fetch(self, result: ScrollResult, scroll_type: int, target: int = 0):
        """One SFETCH; returns ``(row, row_number)`` or ``(None, 0)`` outside the result.

        SFETCH LAST also records the row count in ``result.total``.
        """
        if not result.open:
            raise InterfaceError("the scroll cursor is closed (another statement ran on the "
                                 "connection, or the transaction ended)")
        request = m.ScrollFetch(scroll_type, target, result.fetch_size, result.decoder)
        yield from self._exchange([request], result.files)
        if request.error is not None:
            raise request.error
        if not request.rows:
            if scroll_type == c.SFETCH_LAST:
                result.total = 0
            return None, 0
        row = request.rows[0]
        if result.blob_columns:
            row = (yield from self._with_blob_contents(result, [row]))[0]
        number = request.tupid or target
        if scroll_type == c.SFETCH_LAST:
            result.total = number
        return row, number

    def close_scroll(self, result: ScrollResult) -> None:
        """Close a scroll cursor: CLOSE + RELEASE go out with the next request. No I/O."""
        if not result.open:
            return
        result.open = False
        if self._active is not None and self._active() is result:
            self._active = None
        self._deferred += [m.Close(), m.Release()]

    # -- fast path ------------------------------------------------------------------

    def call_routine(self, signature: str, params: tuple):
        """Fast-path call (§5.15): GETROUTINE once per signature, then EXFPROUTINE.

        Parameters are encoded (and rejected) here, before any I/O; the returned operation
        returns the list of result values.
        """
        wbuf = wire.WriteBuffer()
        if wire.encode_params(wbuf, params, self.encoding):
            raise NotSupportedError("BYTE parameters cannot be passed to a fast-path routine")
        try:
            name = signature.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise DataError(f"the routine signature cannot be encoded as {self.encoding}: {exc}") from None
        return self._call_routine(name, len(params), wbuf.getvalue())

    def _call_routine(self, signature: bytes, nparams: int, params: bytes):
        cached = self.routine_handles.get(signature)
        if cached is None:
            lookup = m.GetRoutine(signature)
            yield from self._exchange([lookup])
            if lookup.error is not None:
                raise lookup.error
            if lookup.handle is None:
                raise ProtocolError("GETROUTINE reply carried no routine handle")
            cached = self.routine_handles[signature] = (lookup.database, lookup.handle)
        database, handle = cached
        call = m.ExecRoutine(database, handle, nparams, params)
        self._note_statement(c.STMT_EXECUTE_PROCEDURE, None)
        yield from self._exchange([call])
        if call.error is not None:
            raise call.error
        return call.values if call.values is not None else []


def _read_i16(rbuf) -> int:
    return rbuf.read_i16()


def _expect_eot(rbuf) -> None:
    tag = rbuf.read_i16()
    if tag != c.SQ_EOT:
        raise ProtocolError(f"SQ_FILE request ends with tag {tag}, not SQ_EOT")


def _parse_file_chunk(rbuf) -> bytes | None:
    """One SQ_FILE_WRITE chunk of a write-to-client request; None at its closing EOT."""
    tag = rbuf.read_i16()
    if tag == c.SQ_EOT:
        return None
    if tag != c.SQ_FILE_WRITE:
        raise ProtocolError(f"unexpected tag {tag} in an SQ_FILE write")
    length = rbuf.read_u16()
    data = rbuf.read_bytes(length)
    rbuf.skip_pad(length)
    return data


def _parse_file_read(rbuf) -> tuple[int, int]:
    """Read-from-client request: (chunk size for the answer, bytes wanted or -1 for all)."""
    buffer_size = rbuf.read_u16()
    amount = rbuf.read_i32()
    _expect_eot(rbuf)
    return min(buffer_size or FILE_CHUNK_LIMIT, FILE_CHUNK_LIMIT), amount


_FILE_FUNCTIONS = (b"lotofile", b"filetoblob", b"filetoclob")


def _may_transfer_files(sql: bytes) -> bool:
    """Whether the statement may make the server start an SQ_FILE exchange, which needs the
    client's answer next on the stream: nothing may be pipelined behind such a request."""
    lowered = sql.lower()
    return any(name in lowered for name in _FILE_FUNCTIONS)


def _blob_columns(columns: list[ColumnDesc]) -> tuple:
    """(index, is_text) of the BYTE and TEXT columns, whose content needs FETCHBLOB."""
    return tuple((i, col.type_code == tc.TEXT) for i, col in enumerate(columns)
                 if col.type_code in (tc.BYTE, tc.TEXT))


def _first_error(requests: list[m.Message]) -> Error | None:
    return next((r.error for r in requests if r.error is not None), None)



def _cursor_name() -> bytes:
    return b"_ifxc%013d" % next(_cursor_numbers)
