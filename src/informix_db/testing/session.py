"""One client connection's SQLI state after login: the prepared statement, its cursor, binds.

Mirrors what a real server keeps per session (PROTOCOL.md §3.1, §3.9): one statement
slot (id 0) that stays allocated until RELEASE, even after a failed EXECUTE; a cursor
that stays open until CLOSE; bind values kept for the next OPEN or EXECUTE. Each
request gets exactly one response ending in SQ_EOT; the first error in a chained
request ends its processing with one SQ_ERR.
"""

from __future__ import annotations

import logging
import struct
from collections import deque

from informix_db.protocol import constants as c
from informix_db.types import decode_bind_value
from informix_db.types import typecodes as tc
from informix_db.types.codecs import codec_for

from . import replies
from .engine import SqlError
from .engine.lobs import ClientBytes, ClientFileWrite, SmartLobOpen
from .requests import (
    BLOB_DESCRIPTOR_SIZE,
    Bind,
    Command,
    DbOpen,
    Fetch,
    FetchBlob,
    Prepare,
    Request,
    Routine,
    read_request,
)
from .stream import MAX_FIELD_BYTES, ConnectionClosed, MalformedRequest, SocketReader
from .tuples import tuple_writer

try:
    from informix_db._cserver import scan_bind_executes
except ImportError:  # a build without compiled modules: the requests are parsed in Python
    scan_bind_executes = None

_log = logging.getLogger(__name__)

# Rows pulled from the engine per call while packing a fetch response.
_ENGINE_FETCH_ROWS = 64
_TRANSACTION_STATEMENTS = (c.STMT_BEGIN, c.STMT_COMMIT, c.STMT_ROLLBACK)
# SQ_XACTSTAT event codes sent on logged databases (clients only skip the message).
XACT_STATEMENT, XACT_BEGIN, XACT_COMMIT, XACT_ROLLBACK = 0, 1, 2, 3
_INT32_MAX = 0x7FFFFFFF

# Informix error codes the session layer raises itself.
E_NOT_IMPLEMENTED = -999  # "Not implemented yet."
E_BAD_STATEMENT_ID = -258  # invalid statement id received by the sqlexec process
E_MUST_USE_CURSOR = -260  # cannot EXECUTE a prepared SELECT
E_CURSOR_NOT_OPEN = -259
E_CURSOR_RELEASED = -267  # cursor released / not open (CLOSE with no cursor, fetch after RELEASE)
E_STATEMENT_LEAKED_IN_TX = -285
E_STATEMENT_LEAKED = -255
E_NOT_A_CURSOR_STATEMENT = -481
E_ILLEGAL_CHARACTER = -202
E_BIND_CONVERSION = -1213
E_DATABASE_ALREADY_OPEN = -759
E_ROUTINE_NOT_RESOLVED = -674
E_NO_DATABASE = -349
E_SMART_LOB = -9810  # smart-large-object error (bad LOB descriptor, failed client file transfer)
E_BLOB_NOT_FOUND = -608  # illegal attempt to use a TEXT or BYTE host variable

# BYTE/TEXT descriptors (§6.14): the size at 16 and the NULL flag at 39 are what clients read;
# this server keeps its handle for SQ_FETCHBLOB at 0.
_DESCRIPTOR_HANDLE = struct.Struct("!i")
_DESCRIPTOR_SIZE_OFFSET = 16
_DESCRIPTOR_NULL_OFFSET = 39
BLOB_REPLY_CHUNK = 4096
# SQ_FILE: write-to-client chunk (real servers use about 4096) and the read buffer asked for.
FILE_WRITE_CHUNK = 4096
FILE_READ_BUFFER = 32000
_FILE_WRITE_FLAGS = 0x241  # O_WRONLY | O_CREAT | O_TRUNC
_FILE_MODE = 0o644

# Fast-path routines this server knows, by normalised signature: their handles.
ROUTINE_LO_CLOSE = 1
_ROUTINES = {"function informix.ifx_lo_close(integer)": ROUTINE_LO_CLOSE}


class _Cursor:
    """An open cursor: the engine's result plus what has been delivered to the client."""

    def __init__(self, result, scroll: bool):
        self.result = result
        self.scroll = scroll
        self.blobs: dict[int, bytes] = {}  # BYTE/TEXT values by descriptor handle, for FETCHBLOB
        self.lookahead: deque = deque()
        self.held_row = None  # a completed row that did not fit the last NFETCH budget
        self.delivered = 0  # rows sent by NFETCH (SQ_DONE's row count)
        self.exhausted = False
        self.position = 0  # scroll position, 1-based; 0 = before the first row
        self.writer = None  # the compiled tuple writer of a columnar result (tuples.py)

    def next_row(self):
        """The next row in sequence, or None at the end."""
        if self.scroll:
            if self.position >= self.result.total:
                self.exhausted = True
                return None
            self.position += 1
            return self.result.row(self.position)
        if not self.lookahead and not self.exhausted:
            self.lookahead.extend(self.result.fetch(_ENGINE_FETCH_ROWS))
            if not self.lookahead:
                self.exhausted = True
        return self.lookahead.popleft() if self.lookahead else None

    def close(self) -> None:
        self.result.close()


class Session:
    """Executes parsed requests against one engine session and builds the responses."""

    def __init__(self, engine_session, encoding: str, login_database: str | None = None,
                 db_locale: str | None = None):
        self.engine = engine_session
        self.encoding = encoding
        if db_locale:
            self.engine.db_locale = db_locale
        self.statement = None
        self.bound_params: list | None = None
        self.pending_result = None  # opened by a BIND alone, handed to the next OPEN
        self.cursor: _Cursor | None = None
        self.cursor_name: bytes | None = None
        self.scroll_requested = False
        self.database_from_login = login_database is not None
        self.client: SocketReader | None = None  # the connection, during a request
        self._response = bytearray()
        self._file_counter = 0
        self._next_lob_fd = 1
        self.open_smart_lobs: set[int] = set()  # ifx_lo_open descriptors not closed yet
        self._row_fixups: list | None = None  # per-column value completions of the cursor's statement
        if login_database is not None:
            self.engine.open_database(login_database)

    # -- request loop -------------------------------------------------------------------

    def handle(self, request: Request) -> bytes:
        """Run the request's commands in order and return the whole response."""
        out = self._response = bytearray()
        self.client = request.client
        commands = request.commands
        i = 0
        try:
            while i < len(commands):
                cmd = commands[i]
                if cmd.stmt_id != 0:
                    raise SqlError(E_BAD_STATEMENT_ID)
                if isinstance(cmd, Bind) and i + 1 < len(commands) and commands[i + 1].tag == c.SQ_EXECUTE:
                    out += self._execute(self._decode_params(cmd))
                    i += 2
                    continue
                out += self._dispatch(cmd)
                i += 1
        except SqlError as exc:
            out += self._error_reply(exc)
        except (ConnectionClosed, MalformedRequest):
            raise  # a broken SQ_FILE exchange: the stream position is lost
        except Exception:
            _log.exception("embedded server: internal error while handling a request")
            out += replies.err(E_NOT_IMPLEMENTED)
        out += replies.EOT
        return bytes(out)

    def batchable(self, request: Request) -> bool:
        """Whether ``request`` is one BIND+EXECUTE of the prepared statement that may run in a
        batch with its pipelined successors (see ``handle_batch``)."""
        commands = request.commands
        return (
            len(commands) == 2
            and not request.exit
            and isinstance(commands[0], Bind)
            and commands[1].tag == c.SQ_EXECUTE
            and commands[0].stmt_id == 0
            and commands[1].stmt_id == 0
            and getattr(self.statement, "batchable", False)
            and all(p.blob is None for p in commands[0].params)
        )

    def pipelined(self, first: Request, reader: SocketReader, limit: int) -> list:
        """The bound values of ``first`` and of the batchable requests already received behind
        it (up to ``limit`` in all), each a parameter list or the SqlError decoding it raised."""
        outcomes = [self._decoded(first.commands[0])]
        if scan_bind_executes is not None:
            nparams = len(first.commands[0].params)
            codec = self.engine.codec
            while len(outcomes) < limit:
                want = limit - len(outcomes)
                rows, cut = reader.scan_ready(
                    lambda buf, start, want=want: scan_bind_executes(buf, start, nparams, self.encoding, want)
                )
                if codec is None or codec == self.encoding:
                    outcomes += rows
                else:
                    outcomes += [self._checked_text(values) for values in rows]
                if not cut:
                    break
                # A request has begun to arrive: its client is sending, so waiting for the rest
                # costs no round trip and keeps the batch whole.
                try:
                    reader.wait_for_more()
                except ConnectionClosed:
                    break  # what arrived whole still runs; the next read reports the end
            return outcomes
        while len(outcomes) < limit:
            request = reader.read_ready(read_request, self.batchable)
            if request is None:
                break
            outcomes.append(self._decoded(request.commands[0]))
        return outcomes

    def _decoded(self, bind: Bind) -> list | SqlError:
        try:
            return self._decode_params(bind)
        except SqlError as exc:
            return exc

    def _checked_text(self, values: list) -> list | SqlError:
        try:
            for value in values:
                if isinstance(value, str):
                    self._check_codeset(value)
        except SqlError as exc:
            return exc
        return values

    def handle_batch(self, outcomes: list) -> bytes:
        """The responses to a run of batchable requests (their bound values, see ``pipelined``),
        exactly as ``handle`` gives them one at a time; the engine writes all their rows at once."""
        param_sets = [params for params in outcomes if isinstance(params, list)]
        stmt = self.statement
        was_in_tx = self.engine.in_transaction
        try:
            results = iter(stmt.execute_batch(param_sets) if param_sets else ())
        except SqlError as exc:  # the transaction itself was lost while undoing the batch
            results = iter([exc] * len(param_sets))
        out = bytearray()
        done = {}  # the replies of successful executions, by (rowcount, serial): mostly alike
        for outcome in outcomes:
            if isinstance(outcome, list):
                self.bound_params = outcome
                outcome = next(results)
            if isinstance(outcome, SqlError):
                out += self._error_reply(outcome) + replies.EOT
            elif isinstance(outcome, Exception):
                _log.error("embedded server: internal error while handling a request", exc_info=outcome)
                out += replies.err(E_NOT_IMPLEMENTED) + replies.EOT
            else:
                reply = done.get(outcome)
                if reply is None:
                    reply = done[outcome] = self._execute_reply(stmt, was_in_tx, *outcome) + replies.EOT
                out += reply
        return bytes(out)

    def _error_reply(self, exc: SqlError) -> bytes:
        return replies.err(exc.sqlcode, exc.isamcode, exc.offset, str(exc.near or "").encode(self.encoding, "replace"))

    def close(self) -> None:
        """Drop the statement and end the engine session (an open transaction rolls back)."""
        self._close_cursor()
        self.statement = None
        self.open_smart_lobs.clear()
        self.engine.close()

    def _dispatch(self, cmd: Command) -> bytes:
        tag = cmd.tag
        if tag == c.SQ_PREPARE:
            return self._prepare(cmd)
        if tag == c.SQ_NDESCRIBE:
            stmt = self._require_statement()
            return replies.describe(stmt.stmt_type, stmt.columns, self.encoding)
        if tag == c.SQ_WANTDONE:
            return replies.done(0) + replies.cost()
        if tag == c.SQ_CURNAME:
            self.cursor_name = cmd.name
            self.scroll_requested = False
            return b""
        if tag == c.SQ_SCROLL:
            self.scroll_requested = True
            return b""
        if tag == c.SQ_OPEN:
            return self._open()
        if tag == c.SQ_BIND:
            return self._bind_alone(cmd)
        if tag == c.SQ_EXECUTE:
            return self._execute(self.bound_params or [])
        if tag == c.SQ_NFETCH:
            return self._nfetch(cmd)
        if tag == c.SQ_SFETCH:
            return self._sfetch(cmd)
        if tag == c.SQ_CLOSE:
            if self.cursor is None:
                raise SqlError(E_CURSOR_RELEASED)
            self._close_cursor()
            return b""
        if tag == c.SQ_RELEASE:
            self._release()
            return b""
        if tag == c.SQ_BEGIN:
            return self._transaction(self.engine.begin, XACT_BEGIN)
        if tag == c.SQ_CMMTWORK:
            return self._transaction(self.engine.commit, XACT_COMMIT)
        if tag == c.SQ_RBWORK:
            return self._transaction(self.engine.rollback, XACT_ROLLBACK)
        if tag == c.SQ_PROTOCOLS:
            return replies.protocols(c.SERVER_PROTOCOL_MASK)
        if tag == c.SQ_INFO:
            return b""
        if tag == c.SQ_DBOPEN:
            return self._dbopen(cmd)
        if tag == c.SQ_GETROUTINE:
            return self._get_routine(cmd)
        if tag == c.SQ_EXFPROUTINE:
            return self._execute_routine(cmd)
        if tag == c.SQ_FETCHBLOB:
            return self._fetch_blob(cmd)
        raise SqlError(E_NOT_IMPLEMENTED)

    # -- statements -----------------------------------------------------------------------

    def _require_statement(self):
        if self.statement is None:
            raise SqlError(E_BAD_STATEMENT_ID)
        return self.statement

    def _produces_rows(self, stmt) -> bool:
        return stmt.stmt_type == c.STMT_SELECT or (stmt.stmt_type == c.STMT_EXECUTE_PROCEDURE and bool(stmt.columns))

    def _prepare(self, cmd: Prepare) -> bytes:
        if self.statement is not None:
            # The previous statement was never released: a real server refuses the new one
            # (-285 inside a transaction, -255 otherwise) and the slot is lost.
            code = E_STATEMENT_LEAKED_IN_TX if self.engine.in_transaction else E_STATEMENT_LEAKED
            self._release()
            raise SqlError(code)
        try:
            sql = cmd.sql.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise SqlError(E_ILLEGAL_CHARACTER, offset=exc.start + 1) from exc
        self._check_codeset(sql)
        self.statement = self.engine.prepare(sql, cmd.nqmarks)
        self.bound_params = None
        return b""

    def _release(self) -> None:
        self._close_cursor()
        self._drop_pending()
        self.statement = None
        self.bound_params = None

    def _decode_params(self, bind: Bind) -> list:
        values = []
        for p in bind.params:
            if p.is_null:
                values.append(None)
            elif p.blob is not None:
                values.append(ClientBytes(p.blob, self.encoding))
            else:
                try:
                    value = decode_bind_value(p.type_short & 0xFF, p.prec, p.data, self.encoding)
                except SqlError:
                    raise
                except Exception as exc:
                    raise SqlError(E_BIND_CONVERSION) from exc
                if isinstance(value, str):
                    self._check_codeset(value)
                values.append(value)
        return values

    def _check_codeset(self, text: str) -> None:
        """Text the database's codeset cannot hold is refused, as GLS conversion refuses it
        (only a client whose codeset differs from the database's can send such text)."""
        codec = self.engine.codec
        if codec is None or codec == self.encoding or text.isascii():
            return
        try:
            text.encode(codec)
        except UnicodeEncodeError as exc:
            raise SqlError(E_ILLEGAL_CHARACTER, offset=exc.start + 1) from None

    def _bind_alone(self, cmd: Bind) -> bytes:
        """Keep the values for the next OPEN/EXECUTE; a row statement is run now so that
        conversion errors surface in the BIND reply, as on a real server."""
        stmt = self._require_statement()
        params = self._decode_params(cmd)
        self._drop_pending()
        self.bound_params = params
        if self._produces_rows(stmt):
            self.pending_result = stmt.open(params, scroll=self.scroll_requested)
        return b""

    def _drop_pending(self) -> None:
        if self.pending_result is not None:
            self.pending_result.close()
            self.pending_result = None

    def _execute(self, params: list) -> bytes:
        stmt = self._require_statement()
        if self._produces_rows(stmt):
            raise SqlError(E_MUST_USE_CURSOR)
        self.bound_params = params
        was_in_tx = self.engine.in_transaction
        files = [self._read_client_file(read.name) for read in stmt.client_file_reads]
        rowcount, serial = stmt.execute(list(params) + files)
        return self._execute_reply(stmt, was_in_tx, rowcount, serial)

    def _execute_reply(self, stmt, was_in_tx: bool, rowcount: int, serial: int) -> bytes:
        out = bytearray()
        if self.engine.logged:
            event = {c.STMT_BEGIN: XACT_BEGIN, c.STMT_COMMIT: XACT_COMMIT, c.STMT_ROLLBACK: XACT_ROLLBACK}.get(
                stmt.stmt_type, XACT_STATEMENT
            )
            out += replies.xactstat(event, int(self.engine.in_transaction), int(was_in_tx))
        serial = serial or 0
        if stmt.stmt_type == c.STMT_INSERT and serial > _INT32_MAX:
            # Only a SERIAL8/BIGSERIAL value can exceed the SQ_DONE field (§4.6, §5.5).
            out += replies.insertdone(serial, serial)
            serial = 0
        out += replies.done(rowcount, serial) + replies.cost()
        return bytes(out)

    def _transaction(self, operation, event: int) -> bytes:
        was_in_tx = self.engine.in_transaction
        operation()
        if self.engine.logged:
            return replies.xactstat(event, int(self.engine.in_transaction), int(was_in_tx))
        return b""

    def _dbopen(self, cmd: DbOpen) -> bytes:
        if self.database_from_login:
            raise SqlError(E_DATABASE_ALREADY_OPEN)
        try:
            name = cmd.name.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise SqlError(E_ILLEGAL_CHARACTER) from exc
        self._release()
        self.engine.open_database(name)
        return b""

    # -- fast path ------------------------------------------------------------------------

    def _get_routine(self, cmd: Routine) -> bytes:
        signature = cmd.signature.decode("iso-8859-1")
        handle = _ROUTINES.get(" ".join(signature.lower().split()))
        if handle is None:
            raise SqlError(E_ROUTINE_NOT_RESOLVED, near=signature)
        if self.engine.database is None:
            raise SqlError(E_NO_DATABASE)
        return replies.getroutine(self.engine.database.encode(self.encoding, "replace"), handle)

    def _execute_routine(self, cmd: Routine) -> bytes:
        if cmd.handle != ROUTINE_LO_CLOSE:
            raise SqlError(E_ROUTINE_NOT_RESOLVED)
        params = self._decode_params(cmd.bind) if cmd.bind is not None else []
        if len(params) != 1:
            raise SqlError(E_ROUTINE_NOT_RESOLVED)
        if params[0] not in self.open_smart_lobs:
            raise SqlError(E_SMART_LOB)
        self.open_smart_lobs.discard(params[0])
        return replies.fproutine_integers([0])

    # -- BYTE/TEXT and smart-LOB values -------------------------------------------------------

    def _fetch_blob(self, cmd: FetchBlob) -> bytes:
        """SQ_FETCHBLOB: the value behind a descriptor this cursor delivered (§3.13, §4.13)."""
        cursor = self._require_cursor()
        (handle,) = _DESCRIPTOR_HANDLE.unpack_from(cmd.descriptor, 0)
        data = cursor.blobs.get(handle)
        if data is None:
            raise SqlError(E_BLOB_NOT_FOUND)
        return replies.blob_chunks(data, BLOB_REPLY_CHUNK)

    def _blob_descriptor(self, value, is_text: bool) -> bytes:
        """Keep a BYTE/TEXT value for FETCHBLOB; the 56-byte descriptor the tuple carries."""
        descriptor = bytearray(BLOB_DESCRIPTOR_SIZE)
        if value is None:
            descriptor[_DESCRIPTOR_NULL_OFFSET] = 1
            return bytes(descriptor)
        data = value.encode(self.encoding, "replace") if is_text else bytes(value)
        blobs = self.cursor.blobs
        handle = len(blobs) + 1
        blobs[handle] = data
        _DESCRIPTOR_HANDLE.pack_into(descriptor, 0, handle)
        _DESCRIPTOR_HANDLE.pack_into(descriptor, _DESCRIPTOR_SIZE_OFFSET, len(data))
        return bytes(descriptor)

    def _complete_value(self, value, pending: bytearray):
        """Finish an engine value that needs this session: a lotofile write, a LOB open."""
        if isinstance(value, ClientFileWrite):
            self._file_counter += 1
            name = f"{value.name}.{self._file_counter:016x}"
            self._write_client_file(name, value.data, pending)
            return name
        if isinstance(value, SmartLobOpen):
            fd = self._next_lob_fd
            self._next_lob_fd += 1
            self.open_smart_lobs.add(fd)
            return fd
        return value

    def _row_fixups_for(self, stmt) -> list:
        """(position, completion) for the columns whose values this session must finish."""
        fixups = [(i, self._complete_value) for i in stmt.deferred_columns]
        for i, col in enumerate(stmt.columns):
            if col.type_code in (tc.BYTE, tc.TEXT):
                is_text = col.type_code == tc.TEXT
                fixups.append((i, lambda v, _pending, t=is_text: self._blob_descriptor(v, t)))
        return fixups

    # -- SQ_FILE exchanges (the client's files, §4.11 / §3.14) ------------------------------

    def _exchange(self, message: bytes, pending: bytearray | None = None) -> None:
        """Send what the response holds so far plus ``message``; the client answers next."""
        if self.client is None:
            raise SqlError(E_SMART_LOB)
        head = bytes(self._response) + (bytes(pending) if pending is not None else b"")
        self._response.clear()
        if pending is not None:
            pending.clear()
        self.client.send(head + message)

    def _expect_eot(self) -> None:
        if self.client.read_i16() != c.SQ_EOT:
            raise self._broken_exchange("SQ_EOT expected in an SQ_FILE reply")

    def _broken_exchange(self, why: str) -> ConnectionClosed:
        """Tell the client, then let the connection end: its stream position is unknown."""
        _log.info("embedded server: closing connection after a malformed SQ_FILE reply: %s", why)
        try:
            self.client.send(replies.err(E_SMART_LOB) + replies.EOT)
        except ConnectionClosed:
            pass
        return ConnectionClosed(why)

    def _write_client_file(self, name: str, data: bytes, pending: bytearray) -> None:
        self._exchange(replies.file_open(name.encode(self.encoding, "replace"), _FILE_MODE, _FILE_WRITE_FLAGS), pending)
        self._expect_eot()
        self._exchange(replies.file_write(data, FILE_WRITE_CHUNK))
        if self.client.read_i16() != c.SQ_FILE_WRITE:
            raise self._broken_exchange("SQ_FILE_WRITE expected in the write-to-client reply")
        written = self.client.read_i32()
        self._expect_eot()
        self._exchange(replies.file_close())
        self._expect_eot()
        if written != len(data):
            raise SqlError(E_SMART_LOB)

    def _read_client_file(self, name: str) -> bytes:
        self._exchange(replies.file_open(name.encode(self.encoding, "replace"), 0, 0))
        self._expect_eot()
        self._exchange(replies.file_read(FILE_READ_BUFFER))
        reader = self.client
        if reader.read_i16() != c.SQ_FILE_READ:
            raise self._broken_exchange("SQ_FILE_READ expected in the read-from-client reply")
        total = reader.read_i32()
        if not 0 <= total <= MAX_FIELD_BYTES:
            raise self._broken_exchange(f"client file size {total} out of range")
        chunks = []
        received = 0
        while True:
            tag = reader.read_i16()
            if tag == c.SQ_EOT:
                break
            if tag != c.SQ_FILE_READ:
                raise self._broken_exchange(f"unexpected tag {tag} in the read-from-client reply")
            size = reader.read_i16()
            if not 0 <= size <= FILE_READ_BUFFER or received + size > total:
                raise self._broken_exchange(f"client file chunk of {size} bytes out of range")
            chunks.append(reader.read_padded(size))
            received += size
        if received != total:
            raise self._broken_exchange(f"client file announced {total} bytes and sent {received}")
        self._exchange(replies.file_close())
        self._expect_eot()
        return b"".join(chunks)

    # -- cursors --------------------------------------------------------------------------

    def _open(self) -> bytes:
        stmt = self._require_statement()
        if not self._produces_rows(stmt):
            raise SqlError(E_NOT_A_CURSOR_STATEMENT)
        self._close_cursor()  # OPEN of an open cursor closes and reopens it
        if self.pending_result is not None:
            result, self.pending_result = self.pending_result, None
        else:
            result = stmt.open(self.bound_params or [], scroll=self.scroll_requested)
        self.cursor = _Cursor(result, self.scroll_requested)
        self._row_fixups = self._row_fixups_for(stmt) or None
        if self._row_fixups is None and not self.scroll_requested:
            self.cursor.writer = tuple_writer(result, stmt.columns, self.encoding)
        return b""

    def _close_cursor(self) -> None:
        if self.cursor is not None:
            cursor, self.cursor = self.cursor, None
            cursor.close()

    def _require_cursor(self) -> _Cursor:
        if self.cursor is None:
            raise SqlError(E_CURSOR_RELEASED if self.statement is None else E_CURSOR_NOT_OPEN)
        return self.cursor

    def _completed(self, row, pending: bytearray):
        """``row`` with the values only this session can produce (descriptors, file names)."""
        if self._row_fixups is None:
            return row
        values = list(row)
        for i, complete in self._row_fixups:
            values[i] = complete(values[i], pending)
        return tuple(values)

    def _encode_row(self, row) -> bytes:
        encoders = [codec_for(col, self.encoding).encode for col in self.statement.columns]
        payload = b"".join(encode(value) for encode, value in zip(encoders, row))
        return replies.tuple_message(payload)

    def _nfetch(self, cmd: Fetch) -> bytes:
        """Pack tuples into the byte budget (at least one row if any remain); SQ_DONE once exhausted."""
        cursor = self._require_cursor()
        if cursor.writer is not None:
            out, count = cursor.writer.write(cmd.buffer_size)
            cursor.delivered += count
            if cursor.writer.exhausted:
                cursor.exhausted = True
                return out + replies.done(cursor.delivered) + replies.cost()
            return out
        out = bytearray()
        used = 0
        while True:
            if cursor.held_row is not None:
                row, cursor.held_row = cursor.held_row, None
            else:
                row = cursor.next_row()
                if row is None:
                    break
                row = self._completed(row, out)
            message = self._encode_row(row)
            if used and used + len(message) > cmd.buffer_size:
                cursor.held_row = row  # completed once: a lotofile transfer must not repeat
                break
            out += message
            used += len(message)
            cursor.delivered += 1
        if cursor.exhausted:
            out += replies.done(cursor.delivered) + replies.cost()
        return bytes(out)

    def _sfetch(self, cmd: Fetch) -> bytes:
        """Scroll fetch: SQ_TUPID + SQ_TUPLE for a row inside the result, nothing past either end."""
        cursor = self._require_cursor()
        if not cursor.scroll:
            raise SqlError(E_CURSOR_NOT_OPEN)
        total = cursor.result.total
        if cmd.scroll_type == c.SFETCH_NEXT:
            target = cursor.position + 1
        elif cmd.scroll_type == c.SFETCH_LAST:
            target = total
        elif cmd.scroll_type == c.SFETCH_ABSOLUTE:
            target = cmd.target
        else:
            raise SqlError(E_NOT_IMPLEMENTED)
        if not 1 <= target <= total:
            cursor.position = 0 if target < 1 else total + 1
            return b""
        cursor.position = target
        row = self._completed(cursor.result.row(target), bytearray())
        return replies.tupid(target) + self._encode_row(row)
