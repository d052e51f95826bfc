"""Read and write buffers of the post-login SQLI stream (pure Python)."""

from __future__ import annotations

import codecs
import struct

from ..exceptions import ProtocolError
from ..protocol import constants as c

# A single length field above this is treated as a desynchronised stream (as the peer does).
MAX_FIELD_LENGTH = 256 * 1024 * 1024
SQ_TUPLE = 14
MIN_FREE_TAIL = 4096  # smallest writable tail get_buffer() offers

_I16 = struct.Struct("!h")
_U16 = struct.Struct("!H")
_I32 = struct.Struct("!i")
_I64 = struct.Struct("!q")
_F64 = struct.Struct("!d")
_TUPLE_HEAD = struct.Struct("!hhi")
_DONE_BODY = struct.Struct("!hiii")  # warnings, rows, rowid, serial
_INSERTDONE_BODY = struct.Struct("!hIIq")  # SERIAL8 as INT8 (sign, low, high), BIGSERIAL
_SKIPPED_BODY = {c.SQ_COST: 8, c.SQ_XACTSTAT: 6}  # body bytes of the reply messages read past
_INT64_MAX = 0x7FFFFFFFFFFFFFFF


class NeedMoreData(Exception):
    """A read needs bytes that have not arrived yet; ``rewind()`` and wait for more.

    Shared by both implementations, so callers can catch it whichever one is active.
    """


class ReadBuffer:
    """Bytes received from the server and a read position over them.

    Fill it with ``feed(data)`` or with ``get_buffer()`` + ``recv_into`` +
    ``buffer_updated(n)``. Reads are atomic: one that needs bytes not yet received raises
    ``NeedMoreData`` and consumes nothing. Callers ``mark()`` at a message start and
    ``rewind()`` on NeedMoreData; bytes before the mark are discarded to make room.
    """

    def __init__(self, capacity: int = 65536) -> None:
        self._storage = bytearray(max(capacity, 16))
        self._pos = 0
        self._end = 0
        self._mark = 0

    def _make_room(self, nbytes: int) -> None:
        """Ensures ``nbytes`` writable bytes after the data: compacts, else grows."""
        capacity = len(self._storage)
        if capacity - self._end >= nbytes:
            return
        keep = self._mark
        live = self._end - keep
        if capacity - live >= nbytes:
            self._storage[0:live] = self._storage[keep : self._end]
        else:
            # A new object rather than a resize: memoryviews from get_buffer() may still exist.
            grown = bytearray(max(capacity * 2, live + nbytes))
            grown[0:live] = self._storage[keep : self._end]
            self._storage = grown
        self._pos -= keep
        self._end -= keep
        self._mark = 0

    def get_buffer(self, sizehint: int = -1) -> memoryview:
        """A writable view of the free tail (for ``recv_into`` or asyncio's BufferedProtocol)."""
        self._make_room(max(sizehint, MIN_FREE_TAIL))
        return memoryview(self._storage)[self._end :]

    def buffer_updated(self, nbytes: int) -> None:
        """Declares that ``nbytes`` were written at the start of the last get_buffer() view."""
        if nbytes < 0 or nbytes > len(self._storage) - self._end:
            raise ValueError(f"buffer_updated({nbytes}) exceeds the free space of the buffer")
        self._end += nbytes

    def feed(self, data) -> None:
        """Appends received bytes (any bytes-like object)."""
        view = memoryview(data).cast("B")
        n = view.nbytes
        self._make_room(n)
        self._storage[self._end : self._end + n] = view
        self._end += n

    def available(self) -> int:
        """Unread bytes."""
        return self._end - self._pos

    def mark(self) -> None:
        """Remembers the read position (start of the message about to be parsed)."""
        self._mark = self._pos

    def rewind(self) -> None:
        """Returns to the last mark, after NeedMoreData."""
        self._pos = self._mark

    def _take(self, nbytes: int) -> int:
        """Consumes ``nbytes``; returns their start offset in the storage."""
        if nbytes < 0:
            raise ProtocolError(f"negative length {nbytes} in the stream")
        start = self._pos
        if nbytes > self._end - start:
            if nbytes > MAX_FIELD_LENGTH:
                raise ProtocolError(f"length {nbytes} exceeds the sanity limit; stream desynchronised")
            raise NeedMoreData(nbytes - (self._end - start))
        self._pos = start + nbytes
        return start

    def read_u8(self) -> int:
        return self._storage[self._take(1)]

    def read_i16(self) -> int:
        return _I16.unpack_from(self._storage, self._take(2))[0]

    def read_u16(self) -> int:
        return _U16.unpack_from(self._storage, self._take(2))[0]

    def read_i32(self) -> int:
        return _I32.unpack_from(self._storage, self._take(4))[0]

    def read_i64(self) -> int:
        return _I64.unpack_from(self._storage, self._take(8))[0]

    def read_f64(self) -> float:
        return _F64.unpack_from(self._storage, self._take(8))[0]

    def read_bytes(self, n: int) -> bytes:
        start = self._take(n)
        return bytes(self._storage[start : start + n])

    def skip(self, n: int) -> None:
        self._take(n)

    def skip_pad(self, n: int) -> None:
        """Skips the pad byte that follows a field of odd length ``n``."""
        if n & 1:
            self._take(1)

    def peek_i16(self) -> int:
        """The next i16 (a message tag) without consuming it."""
        if self._end - self._pos < 2:
            raise NeedMoreData(2 - (self._end - self._pos))
        return _I16.unpack_from(self._storage, self._pos)[0]

    def read_cstr16(self, encoding: str) -> str:
        """i16 length, bytes, pad: consumed only when the whole field is present."""
        codec_name = codecs.lookup(encoding).name
        start = self._pos
        try:
            n = self.read_i16()
            if n < 0:
                raise ProtocolError(f"negative string length {n} in the stream")
            at = self._take(n + (n & 1))
            raw = bytes(self._storage[at : at + n])
            try:
                return raw.decode(codec_name)
            except UnicodeDecodeError as exc:
                raise ProtocolError(f"text bytes are not valid {codec_name}: {exc}") from exc
        except BaseException:
            self._pos = start
            raise

    def read_tuples(self, decoder, rows: list, max_rows: int = -1) -> int:
        """Decodes consecutive complete SQ_TUPLE messages; returns their count.

        ``decoder`` is a RowDecoder (tuples appended to ``rows``) or an ArrowBatchBuilder
        (rows appended to its columns; ``rows`` unused). Stops before the first other tag or incomplete message. Consumed rows are committed:
        the mark moves past them so a later rewind() cannot replay them.
        """
        if decoder is None:
            raise TypeError("read_tuples() needs a RowDecoder or an ArrowBatchBuilder")
        if hasattr(decoder, "append_row"):  # an ArrowBatchBuilder: rows go to its columns
            append = decoder.append_row
        elif rows is None:
            raise TypeError("read_tuples() needs a list for the rows of a RowDecoder")
        else:
            decode = decoder.decode
            def append(payload):
                rows.append(decode(payload))
        storage = self._storage
        appended = 0
        while max_rows < 0 or appended < max_rows:
            pos = self._pos
            if self._end - pos < 8:
                break
            tag, _warn, size = _TUPLE_HEAD.unpack_from(storage, pos)
            if tag != SQ_TUPLE:
                break
            if size < 0 or size > MAX_FIELD_LENGTH:
                raise ProtocolError(f"SQ_TUPLE payload length {size} is invalid")
            total = 8 + size + (size & 1)
            if total > self._end - pos:
                break
            append(bytes(storage[pos + 8 : pos + 8 + size]))
            self._pos = pos + total
            self._mark = self._pos
            appended += 1
        return appended

    def read_execute_replies(self, max_replies: int) -> tuple[int, int, int]:
        """Consumes up to ``max_replies`` consecutive complete BIND+EXECUTE replies of the plain
        success shape; returns (replies consumed, sum of their positive row counts, the last
        non-zero generated serial or 0).

        Stops before the first reply that is incomplete or holds anything else (SQ_ERR,
        SQ_FILE, an unknown tag), for the general reply parser. Consumed replies are
        committed as in read_tuples.
        """
        replies = rows = lastrowid = 0
        while replies < max_replies:
            reply = _plain_execute_reply(self._storage, self._pos, self._end)
            if reply is None:
                break
            reply_end, rowcount, reply_lastrowid = reply
            if rowcount > 0:
                rows += rowcount
            if reply_lastrowid:
                lastrowid = reply_lastrowid
            self._pos = self._mark = reply_end
            replies += 1
        return replies, rows, lastrowid


def _plain_execute_reply(storage: bytearray, at: int, end: int) -> tuple[int, int, int] | None:
    """(end offset, row count or -1, generated serial or 0) of the plain reply at ``at``
    ({SQ_DONE | SQ_COST | SQ_XACTSTAT | SQ_INSERTDONE}* SQ_EOT, PROTOCOL.md §4.3-§4.6), or
    None when it is incomplete or holds anything else (a SERIAL8 beyond int64 included)."""
    rowcount = -1
    serial = serial8 = 0
    while True:
        if end - at < 2:
            return None
        tag = _I16.unpack_from(storage, at)[0]
        at += 2
        if tag == c.SQ_EOT:
            return at, rowcount, serial8 or serial
        if tag == c.SQ_DONE:
            if end - at < _DONE_BODY.size:
                return None
            _warnings, rows, _rowid, done_serial = _DONE_BODY.unpack_from(storage, at)
            if rows >= 0:
                rowcount = rows
            if done_serial:
                serial = done_serial
            at += _DONE_BODY.size
        elif tag in _SKIPPED_BODY:
            if end - at < _SKIPPED_BODY[tag]:
                return None
            at += _SKIPPED_BODY[tag]
        elif tag == c.SQ_INSERTDONE:
            if end - at < _INSERTDONE_BODY.size:
                return None
            sign, low, high, bigserial = _INSERTDONE_BODY.unpack_from(storage, at)
            if bigserial:
                serial8 = bigserial
            else:
                magnitude = low | high << 32
                if sign and magnitude > _INT64_MAX:
                    return None
                serial8 = -magnitude if sign < 0 else magnitude if sign else 0
            at += _INSERTDONE_BODY.size
        else:
            return None


class WriteBuffer:
    """A growing byte buffer for one request, written field by field in network order."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def write_u8(self, value: int) -> None:
        if not 0 <= value <= 0xFF:
            raise OverflowError(f"{value} does not fit a u8")
        self._buf.append(value)

    def write_i16(self, value: int) -> None:
        if not -0x8000 <= value <= 0x7FFF:
            raise OverflowError(f"{value} does not fit an i16")
        self._buf += _I16.pack(value)

    def write_i32(self, value: int) -> None:
        if not -0x80000000 <= value <= 0x7FFFFFFF:
            raise OverflowError(f"{value} does not fit an i32")
        self._buf += _I32.pack(value)

    def write_i64(self, value: int) -> None:
        if not -0x8000000000000000 <= value <= 0x7FFFFFFFFFFFFFFF:
            raise OverflowError(f"{value} does not fit an i64")
        self._buf += _I64.pack(value)

    def write_bytes(self, data) -> None:
        self._buf += memoryview(data).cast("B")

    def write_padded(self, data) -> None:
        """Bytes, then a pad byte if their count is odd."""
        view = memoryview(data).cast("B")
        self._buf += view
        if view.nbytes & 1:
            self._buf.append(0)

    def write_cstr16(self, data) -> None:
        """i16 length, bytes, pad."""
        view = memoryview(data).cast("B")
        if view.nbytes > 0x7FFF:
            raise OverflowError(f"{view.nbytes} bytes do not fit an i16 length")
        self._buf += _I16.pack(view.nbytes)
        self.write_padded(view)

    def write_cstr32(self, data) -> None:
        """i32 length, bytes, pad."""
        view = memoryview(data).cast("B")
        if view.nbytes > 0x7FFFFFFF:
            raise OverflowError(f"{view.nbytes} bytes do not fit an i32 length")
        self._buf += _I32.pack(view.nbytes)
        self.write_padded(view)

    def getvalue(self) -> bytes:
        return bytes(self._buf)

    def clear(self) -> None:
        self._buf.clear()

    def __len__(self) -> int:
        return len(self._buf)
