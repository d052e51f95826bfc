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
import weakref
from dataclasses import dataclass, field

from .._impl import wire
from ..exceptions import Error, NotSupportedError, ProtocolError
from ..types.column import ColumnDesc
from . import constants as c
from . import messages as m
from .login import ServerInfo, parse_login_response

NEED_DATA = object()  # yielded when the operation waits for more bytes in ``rbuf``

DEFAULT_FETCH_SIZE = 32768
EXECUTEMANY_WINDOW = 1024  # BIND+EXECUTE requests in flight at once; bounds unread replies
_TRANSACTION_CONTROL = (c.STMT_BEGIN, c.STMT_COMMIT, c.STMT_ROLLBACK)
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


@dataclass
class Outcome:
    """Result of a statement that returns no rows."""

    statement_type: int
    rowcount: int
    lastrowid: int | None


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
        self.begin_supported = True
        self.server_info = ServerInfo()
        self.server_protocols = b""
        self.desynchronized = False  # a reply could not be parsed: the stream is lost
        self._deferred: list[m.Message] = []
        self._active: weakref.ref | None = None  # the open server cursor's ResultSet

    # -- plumbing -------------------------------------------------------------------

    def _read_reply(self, msg: m.Message):
        """Consume one EOT-terminated reply into ``msg``."""
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
                msg.process(rbuf, tag, encoding)
            except wire.NeedMoreData:
                rbuf.rewind()
                yield NEED_DATA
            except Exception:
                self.desynchronized = True
                raise

    def _exchange(self, requests: list[m.Message]):
        """Send deferred cleanup plus ``requests`` in one write, then read every reply."""
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
        for msg in requests:
            yield from self._read_reply(msg)

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
        while not active.exhausted:
            yield from self.fetch(active)

    def _begin_for(self, statement_type: int) -> m.Begin | None:
        if (self.autocommit or self.in_transaction or not self.begin_supported
                or statement_type in _TRANSACTION_CONTROL):
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
            self.in_transaction = False

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
        self.in_transaction = False
        if request.error is not None:
            raise request.error

    # -- statements -----------------------------------------------------------------

    def _prepare(self, sql: bytes, nparams: int):
        yield from self._finish_active()
        prepare = m.Prepare(sql, nparams)
        yield from self._exchange([prepare])
        if prepare.error is not None:
            raise prepare.error
        return prepare

    def execute(self, sql: bytes, nparams: int = 0, bind: bytes | None = None,
                fetch_size: int | None = None):
        """Run one statement; returns a ResultSet (rows follow) or an Outcome.

        ``bind`` is the pre-encoded BIND request (``messages.encode_bind``), so bad
        values are rejected before anything is sent. ``fetch_size`` is the NFETCH byte
        budget for this result (default: the session's).
        """
        prepare = yield from self._prepare(sql, nparams)
        statement_type, columns = prepare.statement_type, prepare.columns
        begin = self._begin_for(statement_type)
        requests: list[m.Message] = [begin] if begin is not None else []
        if returns_rows(statement_type, columns):
            result = ResultSet(columns, wire.RowDecoder(columns, self.encoding),
                               fetch_size or self.fetch_size)
            if bind is not None:
                requests.append(m.Bind(bind, execute=False))
            opener = m.OpenCursor(_cursor_name(), result.fetch_size, result.decoder, result.rows)
            requests.append(opener)
            yield from self._exchange(requests)
            error = self._settle_begin(begin) or _first_error(requests[1 if begin else 0:])
            if error is not None:
                self._deferred += [m.Close(), m.Release()]
                raise error
            self._absorb_batch(result, opener)
            return result
        run = m.Bind(bind, execute=True) if bind is not None else m.Execute()
        requests.append(run)
        yield from self._exchange(requests)
        self._deferred.append(m.Release())
        error = self._settle_begin(begin) or run.error
        if error is not None:
            raise error
        self._note_transaction_control(statement_type)
        return Outcome(statement_type, run.rowcount, _lastrowid(run))

    def execute_many(self, sql: bytes, nparams: int, binds: list[bytes]):
        """Pipelined BIND+EXECUTE per row; the first failing row is reported by index."""
        prepare = yield from self._prepare(sql, nparams)
        statement_type = prepare.statement_type
        if returns_rows(statement_type, prepare.columns):
            self._deferred.append(m.Release())
            raise NotSupportedError("executemany() cannot run a statement that returns rows")
        begin = self._begin_for(statement_type)
        total = 0
        lastrowid = None
        first_error: tuple[int, Error] | None = None
        for start in range(0, len(binds), EXECUTEMANY_WINDOW):
            runs = [m.Bind(b, execute=True) for b in binds[start:start + EXECUTEMANY_WINDOW]]
            requests: list[m.Message] = [begin, *runs] if begin is not None else runs
            yield from self._exchange(requests)
            begin_error = self._settle_begin(begin)
            if begin_error is not None and first_error is None:
                first_error = (-1, begin_error)
            begin = None
            for index, run in enumerate(runs, start):
                if run.error is not None:
                    if first_error is None:
                        first_error = (index, run.error)
                    continue
                if run.rowcount > 0:
                    total += run.rowcount
                lastrowid = _lastrowid(run) or lastrowid
        self._deferred.append(m.Release())
        if first_error is not None:
            index, error = first_error
            if index >= 0:
                error.args = (f"executemany row {index}/{len(binds)}: {error.args[0]}", *error.args[1:])
                error.row_index = index
            raise error
        self._note_transaction_control(statement_type)
        return Outcome(statement_type, total, lastrowid)

    # -- result sets ----------------------------------------------------------------

    def _absorb_batch(self, result: ResultSet, batch) -> None:
        result.fetched += batch.tuples
        if batch.rowcount >= 0:
            result.rowcount = batch.rowcount
        if batch.tuples == 0:
            self._finish(result)
        else:
            self._active = weakref.ref(result)

    def _finish(self, result: ResultSet) -> None:
        result.exhausted = True
        if result.rowcount < 0:
            result.rowcount = result.fetched
        if self._active is not None and self._active() is result:
            self._active = None
        self._deferred += [m.Close(), m.Release()]

    def fetch(self, result: ResultSet):
        """Append the next batch to ``result.rows``; marks the result exhausted at the end."""
        if result.exhausted:
            return
        batch = m.Fetch(result.fetch_size, result.decoder, result.rows)
        yield from self._exchange([batch])
        if batch.error is not None:
            self._finish(result)
            raise batch.error
        self._absorb_batch(result, batch)

    def discard(self, result: ResultSet) -> None:
        """Abandon a result: its cursor is closed with the next request. No I/O."""
        if not result.exhausted:
            self._finish(result)


def _first_error(requests: list[m.Message]) -> Error | None:
    return next((r.error for r in requests if r.error is not None), None)


def _lastrowid(run: m.Message) -> int | None:
    return run.serial8 or run.serial or None


def _cursor_name() -> bytes:
    return b"_ifxc%013d" % next(_cursor_numbers)
