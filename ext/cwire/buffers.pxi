# ReadBuffer owns framing of the post-login stream; WriteBuffer builds requests.



cdef class ReadBuffer:
    """Bytes received from the server and a read position over them.

    Fill it with ``feed(data)`` or with ``get_buffer()`` + ``recv_into`` +
    ``buffer_updated(n)``. Reads are atomic: one that needs bytes not yet received raises
    ``NeedMoreData`` and consumes nothing. Callers ``mark()`` at a message start and
    ``rewind()`` on NeedMoreData; bytes before the mark are discarded to make room.
    """

    def __cinit__(self, Py_ssize_t capacity=65536):
        if capacity < 16:
            capacity = 16
        self._storage = PyByteArray_FromStringAndSize(NULL, capacity)
        self._data = PyByteArray_AS_STRING(self._storage)
        self._capacity = capacity
        self._pos = 0
        self._end = 0
        self._mark = 0

    cdef int _make_room(self, Py_ssize_t nbytes) except -1:
        """Ensures ``nbytes`` writable bytes after the data: compacts, else grows."""
        cdef Py_ssize_t keep, live, new_capacity
        cdef bytearray grown
        if self._capacity - self._end >= nbytes:
            return 0
        keep = self._mark
        live = self._end - keep
        if self._capacity - live >= nbytes:
            memmove(self._data, self._data + keep, live)
        else:
            new_capacity = self._capacity * 2
            if new_capacity < live + nbytes:
                new_capacity = live + nbytes
            # A new object rather than a resize: memoryviews from get_buffer() may still exist.
            grown = PyByteArray_FromStringAndSize(NULL, new_capacity)
            memcpy(PyByteArray_AS_STRING(grown), self._data + keep, live)
            self._storage = grown
            self._data = PyByteArray_AS_STRING(grown)
            self._capacity = new_capacity
        self._pos -= keep
        self._end -= keep
        self._mark = 0
        return 0

    def get_buffer(self, Py_ssize_t sizehint=-1):
        """A writable view of the free tail (for ``recv_into`` or asyncio's BufferedProtocol)."""
        self._make_room(sizehint if sizehint > MIN_FREE_TAIL else MIN_FREE_TAIL)
        return memoryview(self._storage)[self._end:]

    def buffer_updated(self, Py_ssize_t nbytes):
        """Declares that ``nbytes`` were written at the start of the last get_buffer() view."""
        if nbytes < 0 or nbytes > self._capacity - self._end:
            raise ValueError(f"buffer_updated({nbytes}) exceeds the free space of the buffer")
        self._end += nbytes

    def feed(self, data):
        """Appends received bytes (any bytes-like object)."""
        cdef Py_buffer view
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            self._make_room(view.len)
            memcpy(self._data + self._end, view.buf, view.len)
            self._end += view.len
        finally:
            PyBuffer_Release(&view)

    def available(self):
        """Unread bytes."""
        return self._end - self._pos

    def mark(self):
        """Remembers the read position (start of the message about to be parsed)."""
        self._mark = self._pos

    def rewind(self):
        """Returns to the last mark, after NeedMoreData."""
        self._pos = self._mark

    cdef const char* _take(self, Py_ssize_t nbytes) except NULL:
        cdef const char* start
        if nbytes < 0:
            raise ProtocolError(f"negative length {nbytes} in the stream")
        if nbytes > self._end - self._pos:
            if nbytes > MAX_FIELD_LENGTH:
                raise ProtocolError(f"length {nbytes} exceeds the sanity limit; stream desynchronised")
            raise NeedMoreData(nbytes - (self._end - self._pos))
        start = self._data + self._pos
        self._pos += nbytes
        return start

    cdef int16_t _read_i16(self) except? -1:
        return <int16_t>load_u16(self._take(2))

    cdef int32_t _read_i32(self) except? -1:
        return <int32_t>load_u32(self._take(4))

    def read_u8(self):
        return <uint8_t>self._take(1)[0]

    def read_i16(self):
        return self._read_i16()

    def read_u16(self):
        return load_u16(self._take(2))

    def read_i32(self):
        return self._read_i32()

    def read_i64(self):
        return <int64_t>load_u64(self._take(8))

    def read_f64(self):
        cdef uint64_t bits = load_u64(self._take(8))
        cdef double value
        memcpy(&value, &bits, 8)
        return value

    def read_bytes(self, Py_ssize_t n):
        return PyBytes_FromStringAndSize(self._take(n), n)

    def skip(self, Py_ssize_t n):
        self._take(n)

    def skip_pad(self, Py_ssize_t n):
        """Skips the pad byte that follows a field of odd length ``n``."""
        if n & 1:
            self._take(1)

    def peek_i16(self):
        """The next i16 (a message tag) without consuming it."""
        if self._end - self._pos < 2:
            raise NeedMoreData(2 - (self._end - self._pos))
        return <int16_t>load_u16(self._data + self._pos)

    def read_cstr16(self, str encoding):
        """i16 length, bytes, pad: consumed only when the whole field is present."""
        cdef Py_ssize_t start = self._pos
        cdef Py_ssize_t n
        cdef const char* text
        cdef int codec = codec_of(encoding)
        name = codecs.lookup(encoding).name.encode("ascii")
        try:
            n = self._read_i16()
            if n < 0:
                raise ProtocolError(f"negative string length {n} in the stream")
            text = self._take(n + (n & 1))
            return decode_text(text, n, codec, <const char*>name)
        except BaseException:
            self._pos = start
            raise

    def read_tuples(self, decoder not None, list rows, Py_ssize_t max_rows=-1):
        """Decodes consecutive complete SQ_TUPLE messages; returns their count.

        ``decoder`` is a RowDecoder (tuples appended to ``rows``) or an ArrowBatchBuilder
        (rows appended to its columns; ``rows`` unused). Stops before the first other tag or
        incomplete message. Consumed rows are committed: the mark moves past them so a later
        rewind() cannot replay them.
        """
        cdef Py_ssize_t appended = 0
        cdef Py_ssize_t avail, total
        cdef int32_t size
        cdef const char* msg
        cdef RowDecoder row_decoder = None
        cdef ArrowBatchBuilder builder = None
        # Holding the storage keeps the bytes alive even if a fallback decoder re-enters.
        cdef bytearray storage = self._storage
        if type(decoder) is ArrowBatchBuilder:
            builder = <ArrowBatchBuilder>decoder
        else:
            row_decoder = <RowDecoder?>decoder
            if rows is None:
                raise TypeError("read_tuples needs a list for the rows of a RowDecoder")
        while max_rows < 0 or appended < max_rows:
            avail = self._end - self._pos
            if avail < 8:
                break
            msg = self._data + self._pos
            if load_u16(msg) != SQ_TUPLE:
                break
            size = <int32_t>load_u32(msg + 4)
            if size < 0 or size > MAX_FIELD_LENGTH:
                raise ProtocolError(f"SQ_TUPLE payload length {size} is invalid")
            total = 8 + size + (size & 1)
            if total > avail:
                break
            if builder is not None:
                builder._append_row(msg + 8, size)
            else:
                PyList_Append(rows, row_decoder._decode_row(msg + 8, size, None))
            self._pos += total
            self._mark = self._pos
            appended += 1
        return appended

    def read_execute_replies(self, Py_ssize_t max_replies):
        """Consumes up to ``max_replies`` consecutive complete BIND+EXECUTE replies of the plain
        success shape; returns (replies consumed, sum of their positive row counts, the last
        non-zero generated serial or 0).

        Stops before the first reply that is incomplete or holds anything else (SQ_ERR,
        SQ_FILE, an unknown tag), for the general reply parser. Consumed replies are
        committed as in read_tuples.
        """
        cdef Py_ssize_t replies = 0
        cdef Py_ssize_t reply_end
        cdef int64_t rows = 0
        cdef int64_t lastrowid = 0
        cdef ExecuteReply reply
        while replies < max_replies:
            reply_end = plain_execute_reply(self._data, self._pos, self._end, &reply)
            if reply_end < 0:
                break
            if reply.rowcount > 0:  # int64 cannot overflow: that takes 2**32 replies (72 GiB) at once
                rows += reply.rowcount
            if reply.lastrowid != 0:
                lastrowid = reply.lastrowid
            self._pos = reply_end
            self._mark = reply_end
            replies += 1
        return replies, rows, lastrowid


cdef class WriteBuffer:
    """A growing byte buffer for one request, written field by field in network order."""

    def __cinit__(self):
        self._data = <char*>PyMem_Malloc(WRITE_INITIAL_CAPACITY)
        if self._data == NULL:
            raise MemoryError()
        self._capacity = WRITE_INITIAL_CAPACITY
        self._len = 0

    def __dealloc__(self):
        PyMem_Free(self._data)

    cdef int _reserve(self, Py_ssize_t extra) except -1:
        cdef Py_ssize_t needed = self._len + extra
        cdef Py_ssize_t new_capacity
        cdef char* grown
        if needed <= self._capacity:
            return 0
        new_capacity = self._capacity * 2
        if new_capacity < needed:
            new_capacity = needed
        grown = <char*>PyMem_Realloc(self._data, new_capacity)
        if grown == NULL:
            raise MemoryError()
        self._data = grown
        self._capacity = new_capacity
        return 0

    cdef int _put_i16(self, int16_t value) except -1:
        self._reserve(2)
        store_u16(self._data + self._len, <uint16_t>value)
        self._len += 2
        return 0

    cdef int _put_i32(self, int32_t value) except -1:
        self._reserve(4)
        store_u32(self._data + self._len, <uint32_t>value)
        self._len += 4
        return 0

    cdef int _put_i64(self, int64_t value) except -1:
        self._reserve(8)
        store_u64(self._data + self._len, <uint64_t>value)
        self._len += 8
        return 0

    cdef int _put_raw(self, const char* data, Py_ssize_t nbytes) except -1:
        self._reserve(nbytes)
        memcpy(self._data + self._len, data, nbytes)
        self._len += nbytes
        return 0

    cdef int _put_pad(self, Py_ssize_t nbytes) except -1:
        if nbytes & 1:
            self._reserve(1)
            self._data[self._len] = 0
            self._len += 1
        return 0

    def write_u8(self, uint8_t value):
        self._reserve(1)
        self._data[self._len] = <char>value
        self._len += 1

    def write_i16(self, int16_t value):
        self._put_i16(value)

    def write_i32(self, int32_t value):
        self._put_i32(value)

    def write_i64(self, int64_t value):
        self._put_i64(value)

    def write_bytes(self, data):
        cdef Py_buffer view
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            self._put_raw(<const char*>view.buf, view.len)
        finally:
            PyBuffer_Release(&view)

    def write_padded(self, data):
        """Bytes, then a pad byte if their count is odd."""
        cdef Py_buffer view
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            self._put_raw(<const char*>view.buf, view.len)
            self._put_pad(view.len)
        finally:
            PyBuffer_Release(&view)

    def write_cstr16(self, data):
        """i16 length, bytes, pad."""
        cdef Py_buffer view
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            if view.len > 0x7FFF:
                raise OverflowError(f"{view.len} bytes do not fit an i16 length")
            self._put_i16(<int16_t>view.len)
            self._put_raw(<const char*>view.buf, view.len)
            self._put_pad(view.len)
        finally:
            PyBuffer_Release(&view)

    def write_cstr32(self, data):
        """i32 length, bytes, pad."""
        cdef Py_buffer view
        PyObject_GetBuffer(data, &view, PyBUF_SIMPLE)
        try:
            if view.len > 0x7FFFFFFF:
                raise OverflowError(f"{view.len} bytes do not fit an i32 length")
            self._put_i32(<int32_t>view.len)
            self._put_raw(<const char*>view.buf, view.len)
            self._put_pad(view.len)
        finally:
            PyBuffer_Release(&view)

    def getvalue(self):
        return PyBytes_FromStringAndSize(self._data, self._len)

    def clear(self):
        self._len = 0

    def __len__(self):
        return self._len
