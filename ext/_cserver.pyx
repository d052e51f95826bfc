"""Compiled helpers of the embedded server's hot paths (``informix_db._cserver``).

``scan_bind_executes`` decodes a run of pipelined BIND+EXECUTE requests straight from the
connection's receive buffer. It only takes requests it can decode exactly as
``informix_db.types.decode_bind_value`` does and stops, consuming nothing of it, at the first
request that is incomplete, shaped otherwise or holds another type: the server's Python path
then reads that one. Every length is checked against the bytes present (bounds checking is
off for the module), so hostile bytes end the scan, never read out of bounds.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_GET_SIZE
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport PyUnicode_Decode
from libc.stdint cimport int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdio cimport snprintf
from libc.string cimport memcpy, strlen

import decimal

from informix_db.types.packed_decimal import unpack_decimal
from informix_db.types.temporal import days_to_date

cdef object DecimalType = decimal.Decimal
cdef object DECIMAL_ZERO = decimal.Decimal(0)

cdef enum:
    SQ_ID = 4
    SQ_BIND = 5
    SQ_EXECUTE = 7
    SQ_EOT = 12
    T_CHAR = 0
    T_SMALLINT = 1
    T_INTEGER = 2
    T_FLOAT = 3
    T_SMALLFLOAT = 4
    T_DECIMAL = 5
    T_SERIAL = 6
    T_DATE = 7
    T_MONEY = 8
    T_VARCHAR = 13
    T_NCHAR = 15
    T_NVARCHAR = 16
    T_LVARCHAR = 43
    T_BIGINT = 52
    T_BIGSERIAL = 53


def c_constants():
    """The protocol numbers compiled into this module, by their Python names (checked against
    informix_db.types.typecodes and informix_db.protocol.constants by tests/arrow/test_constants.py)."""
    return {"SQ_ID": SQ_ID, "SQ_BIND": SQ_BIND, "SQ_EXECUTE": SQ_EXECUTE, "SQ_EOT": SQ_EOT, "CHAR": T_CHAR,
            "SMALLINT": T_SMALLINT, "INTEGER": T_INTEGER, "FLOAT": T_FLOAT, "SMALLFLOAT": T_SMALLFLOAT,
            "DECIMAL": T_DECIMAL, "SERIAL": T_SERIAL, "DATE": T_DATE, "MONEY": T_MONEY, "VARCHAR": T_VARCHAR,
            "NCHAR": T_NCHAR, "NVARCHAR": T_NVARCHAR, "LVARCHAR": T_LVARCHAR, "BIGINT": T_BIGINT,
            "BIGSERIAL": T_BIGSERIAL}


cdef inline uint16_t load_u16(const char* p) noexcept nogil:
    cdef const uint8_t* b = <const uint8_t*>p
    return (<uint16_t>b[0] << 8) | b[1]


cdef inline uint32_t load_u32(const char* p) noexcept nogil:
    cdef const uint8_t* b = <const uint8_t*>p
    return (<uint32_t>b[0] << 24) | (<uint32_t>b[1] << 16) | (<uint32_t>b[2] << 8) | b[3]


cdef inline uint64_t load_u64(const char* p) noexcept nogil:
    return (<uint64_t>load_u32(p) << 32) | load_u32(p + 4)


cdef Py_ssize_t fixed_size(int code) noexcept:
    if code == T_SMALLINT:
        return 2
    if code == T_INTEGER or code == T_SERIAL or code == T_SMALLFLOAT or code == T_DATE:
        return 4
    if code == T_FLOAT or code == T_BIGINT or code == T_BIGSERIAL:
        return 8
    return -1


cdef bint is_text(int code) noexcept:
    return code == T_CHAR or code == T_VARCHAR or code == T_NCHAR or code == T_NVARCHAR or code == T_LVARCHAR


cdef object fixed_value(int code, const char* p):
    cdef uint32_t bits32
    cdef uint64_t bits64
    cdef float f32
    cdef double f64
    if code == T_SMALLINT:
        return <int16_t>load_u16(p)
    if code == T_INTEGER or code == T_SERIAL:
        return <int32_t>load_u32(p)
    if code == T_BIGINT or code == T_BIGSERIAL:
        return <int64_t>load_u64(p)
    if code == T_FLOAT:
        bits64 = load_u64(p)
        memcpy(&f64, &bits64, 8)
        return f64
    if code == T_SMALLFLOAT:
        bits32 = load_u32(p)
        memcpy(&f32, &bits32, 4)
        return <double>f32
    return days_to_date(<int32_t>load_u32(p))  # DATE


cdef object unpack_decimal_fast(const char* raw, Py_ssize_t size):
    """``unpack_decimal`` of a packed DECIMAL whose coefficient fits 18 digits, computed in C;
    anything else (NULL forms, bad digits, wider values) is left to the Python function."""
    cdef uint8_t digits[9]
    cdef uint8_t head
    cdef Py_ssize_t nd, i, last
    cdef bint negative
    cdef int exp100, exp10
    cdef uint64_t coefficient = 0
    cdef char text[48]
    if size < 2 or size > 10:
        return unpack_decimal(raw[:size])
    head = <uint8_t>raw[0]
    if head == 0 and raw[1] == 0:
        return None
    nd = size - 1
    for i in range(nd):
        digits[i] = <uint8_t>raw[1 + i]
        if digits[i] > 99:
            return unpack_decimal(raw[:size])
    negative = not (head & 0x80)
    if negative:
        exp100 = (head ^ 0x7F) - 64
        last = nd - 1
        while last >= 0 and digits[last] == 0:
            last -= 1
        if last >= 0:
            digits[last] = 100 - digits[last]
            for i in range(last):
                digits[i] = 99 - digits[i]
    else:
        exp100 = (head & 0x7F) - 64
    while nd > 0 and digits[nd - 1] == 0:
        nd -= 1
    for i in range(nd):
        coefficient = coefficient * 100 + digits[i]
    if coefficient == 0:
        return DECIMAL_ZERO
    exp10 = 2 * (exp100 - <int>nd)
    while exp10 < 0 and coefficient % 10 == 0:
        coefficient //= 10
        exp10 += 1
    if exp10 > 0:
        return unpack_decimal(raw[:size])
    if negative:
        snprintf(text, sizeof(text), "-%lluE%d", <unsigned long long>coefficient, exp10)
    else:
        snprintf(text, sizeof(text), "%lluE%d", <unsigned long long>coefficient, exp10)
    if exp10 == 0:
        return DecimalType(int(text[:strlen(text) - 2]))
    return DecimalType(text.decode("ascii"))


def scan_bind_executes(bytearray buf not None, Py_ssize_t start, Py_ssize_t nparams, str encoding not None,
                       Py_ssize_t limit):
    """Decode up to ``limit`` consecutive ``SQ_ID 0 SQ_BIND ... SQ_EXECUTE SQ_EOT`` requests of
    ``nparams`` values from ``buf[start:]``; returns (parameter lists, end position, whether
    the scan stopped because the buffer ends inside a request: its client is still sending)."""
    cdef const char* data = PyByteArray_AS_STRING(buf)
    cdef Py_ssize_t end = PyByteArray_GET_SIZE(buf)
    cdef Py_ssize_t pos = start, at, size, i
    cdef int code
    cdef int16_t indicator
    cdef bint complete
    cdef bint cut = False
    cdef list rows = []
    cdef list values
    cdef bytes codec = encoding.encode("ascii")
    if start < 0 or start > end:
        raise ValueError("start outside the buffer")
    while len(rows) < limit:
        at = pos
        if at + 8 > end:
            cut = at < end
            break
        if load_u16(data + at) != SQ_ID or load_u16(data + at + 2) != 0 \
                or load_u16(data + at + 4) != SQ_BIND or <int16_t>load_u16(data + at + 6) != nparams:
            break
        at += 8
        values = []
        complete = True
        for i in range(nparams):
            complete = False
            if at + 6 > end:
                cut = True
                break
            code = load_u16(data + at) & 0xFF
            indicator = <int16_t>load_u16(data + at + 2)
            at += 6
            if indicator == -1:
                values.append(None)
                complete = True
                continue
            size = fixed_size(code)
            try:
                if size >= 0:
                    if at + size > end:
                        cut = True
                        break
                    values.append(fixed_value(code, data + at))
                elif is_text(code) or code == T_DECIMAL or code == T_MONEY:
                    if at + 2 > end:
                        cut = True
                        break
                    size = <int16_t>load_u16(data + at)
                    if size < 0:
                        break
                    if at + 2 + size > end:
                        cut = True
                        break
                    if is_text(code):
                        values.append(PyUnicode_Decode(data + at + 2, size, codec, NULL))
                    else:
                        values.append(unpack_decimal_fast(data + at + 2, size))
                    size += 2
                else:
                    break
            except Exception:  # the Python path reports what this value is wrong with
                break
            at += size + (size & 1)
            complete = True
        if not complete:
            break
        if at + 4 > end:
            cut = True
            break
        if load_u16(data + at) != SQ_EXECUTE or load_u16(data + at + 2) != SQ_EOT:
            break
        pos = at + 4
        rows.append(values)
    return rows, pos, cut


# -- result rows as SQ_TUPLE messages ---------------------------------------------------------

# How a column's Arrow values become tuple bytes (see TupleWriter).
KIND_PYTHON = 0
KIND_INT16 = 1
KIND_INT32 = 2
KIND_INT64 = 3
KIND_FLOAT32 = 4
KIND_FLOAT64 = 5
KIND_DATE32 = 6
KIND_VARCHAR = 7
KIND_DECIMAL64 = 8

cdef enum:
    SQ_TUPLE = 14
    VARCHAR_MAX = 255
    PACKED_MAX = 64

# Informix day numbers count from 1899-12-31, Arrow's date32 from 1970-01-01.
cdef int32_t DATE32_TO_INFORMIX = 25568


cdef struct Column:
    int kind
    const uint8_t* validity      # NULL when the batch column has no nulls
    const char* values
    const int32_t* offsets       # string columns
    Py_ssize_t offset            # the array's offset into its buffers
    Py_ssize_t width             # DECIMAL: packed width; VARCHAR: length limit
    int scale                    # DECIMAL
    const char* null_form
    Py_ssize_t null_size


cdef inline bint is_valid(const Column* col, Py_ssize_t i) noexcept nogil:
    cdef Py_ssize_t bit
    if col.validity == NULL:
        return True
    bit = i + col.offset
    return (col.validity[bit >> 3] >> (bit & 7)) & 1


cdef inline void store_be(char* p, uint64_t value, int nbytes) noexcept nogil:
    cdef int k
    for k in range(nbytes):
        p[nbytes - 1 - k] = <char>(value & 0xFF)
        value >>= 8


cdef Py_ssize_t pack_decimal64(int64_t unscaled, int scale, Py_ssize_t width, char* out) noexcept nogil:
    """Informix packed form of unscaled * 10**-scale in ``width`` bytes, as
    informix_db.types.pack_decimal aligns it; -1 when it does not fit (Python then says why)."""
    cdef char digits[48]
    cdef uint8_t body[PACKED_MAX]
    cdef int n = 0, i, point, exponent = -scale, last
    cdef Py_ssize_t nbody, limit = width - 1
    cdef bint negative = unscaled < 0
    cdef uint64_t magnitude = <uint64_t>(-(unscaled + 1)) + 1 if negative else <uint64_t>unscaled
    cdef char reversed_digits[24]
    cdef int biased
    if width < 2 or width > PACKED_MAX:
        return -1
    while True:
        reversed_digits[n] = <char>(magnitude % 10)
        n += 1
        magnitude //= 10
        if magnitude == 0:
            break
    for i in range(n):
        digits[1 + i] = reversed_digits[n - 1 - i]
    if n == 1 and digits[1] == 0:
        negative = False
    # digits[1:1+n]; digits[0] is room for the alignment zero in front
    point = n + exponent
    cdef int first = 1
    if point & 1:
        digits[0] = 0
        first = 0
        n += 1
        point += 1
    if n & 1:
        digits[first + n] = 0
        n += 1
    nbody = n >> 1
    for i in range(nbody):
        body[i] = <uint8_t>(digits[first + 2 * i] * 10 + digits[first + 2 * i + 1])
    while nbody > limit and body[nbody - 1] == 0:
        nbody -= 1
    if nbody > limit:
        return -1
    biased = (point >> 1) + 64
    if biased < 0 or biased > 0x7F:
        return -1
    if negative:
        last = <int>nbody - 1
        while last >= 0 and body[last] == 0:
            last -= 1
        if last >= 0:
            body[last] = <uint8_t>(100 - body[last])
            for i in range(last):
                body[i] = <uint8_t>(99 - body[i])
        out[0] = <char>(biased ^ 0x7F)
    else:
        out[0] = <char>(biased | 0x80)
    for i in range(nbody):
        out[1 + i] = <char>body[i]
    for i in range(nbody, limit):
        out[1 + i] = 0
    return width


cdef class TupleWriter:
    """Encodes the rows of Arrow record batches as SQ_TUPLE messages, column by column in C
    where a column's kind allows and through its Python encoder otherwise.

    ``plans`` holds per column (kind, width, scale, null form, python_encode) where
    ``python_encode(value) -> bytes`` is the column's exact Python encoding of a value;
    any value the C path cannot encode exactly goes through it.
    """

    cdef list _batches
    cdef list _plans
    cdef list _keep            # buffers and encoded Python columns of the current batch
    cdef list _encoded         # per column: list of bytes (Python-encoded columns) or None
    cdef Column* _cols
    cdef Py_ssize_t _ncols
    cdef Py_ssize_t _batch
    cdef Py_ssize_t _row
    cdef Py_ssize_t _rows
    cdef object _current
    cdef bytearray _scratch

    def __cinit__(self):
        self._cols = NULL

    def __init__(self, batches, list plans not None):
        self._batches = list(batches)
        self._plans = plans
        self._ncols = len(plans)
        self._cols = <Column*>PyMem_Malloc(max(1, self._ncols) * sizeof(Column))
        if self._cols == NULL:
            raise MemoryError()
        self._batch = -1
        self._row = 0
        self._rows = 0
        self._scratch = bytearray()
        self._next_batch()

    def __dealloc__(self):
        PyMem_Free(self._cols)

    @property
    def exhausted(self) -> bool:
        return self._row >= self._rows and self._batch >= len(self._batches) - 1

    cdef const char* _address(self, buffer):
        cdef const uint8_t[::1] view
        if buffer is None:
            return NULL
        view = memoryview(buffer).cast("B")
        self._keep.append(view)
        if view.shape[0] == 0:
            return ""
        return <const char*>&view[0]

    cdef int _next_batch(self) except -1:
        cdef Py_ssize_t i
        cdef Column* col
        cdef tuple plan
        self._keep = []
        self._encoded = [None] * self._ncols
        while True:
            self._batch += 1
            self._row = 0
            if self._batch >= len(self._batches):
                self._rows = 0
                self._current = None
                return 0
            self._current = self._batches[self._batch]
            self._rows = self._current.num_rows
            if self._rows:
                break
        for i in range(self._ncols):
            plan = self._plans[i]
            col = &self._cols[i]
            col.kind = plan[0]
            col.width = plan[1]
            col.scale = plan[2]
            null_form = plan[3]
            self._keep.append(null_form)
            col.null_form = <const char*>null_form
            col.null_size = len(null_form)
            col.validity = NULL
            col.values = NULL
            col.offsets = NULL
            array = self._current.column(i)
            col.offset = array.offset
            if col.kind == KIND_PYTHON:
                encode = plan[4]
                self._encoded[i] = [encode(value) for value in array.to_pylist()]
                continue
            buffers = array.buffers()
            if array.null_count:
                col.validity = <const uint8_t*>self._address(buffers[0])
            if col.kind == KIND_VARCHAR:
                col.offsets = <const int32_t*>self._address(buffers[1])
                col.values = self._address(buffers[2])
            else:
                col.values = self._address(buffers[1])
        return 0

    cdef bytes _python_value(self, Py_ssize_t column, Py_ssize_t row):
        """The exact Python encoding of one value the C path leaves alone."""
        value = self._current.column(column)[row].as_py()
        return self._plans[column][4](value)

    cdef int _append_value(self, bytearray out, Py_ssize_t c, Py_ssize_t row) except -1:
        cdef Column* col = &self._cols[c]
        cdef Py_ssize_t i = row + col.offset, n, start, k
        cdef char buf[PACKED_MAX]
        cdef int16_t v16
        cdef int32_t v32
        cdef int64_t v64
        cdef uint32_t bits32
        cdef uint64_t bits64
        cdef const char* text
        cdef bytes encoded
        if col.kind == KIND_PYTHON:
            encoded = self._encoded[c][row]
            out += encoded
            return 0
        if not is_valid(col, row):
            out += col.null_form[:col.null_size]
            return 0
        if col.kind == KIND_INT32:
            v32 = (<const int32_t*>col.values)[i]
            if v32 != -2147483648:
                store_be(buf, <uint32_t>v32, 4)
                out += buf[:4]
                return 0
        elif col.kind == KIND_INT64:
            v64 = (<const int64_t*>col.values)[i]
            if v64 != (-9223372036854775807 - 1):
                store_be(buf, <uint64_t>v64, 8)
                out += buf[:8]
                return 0
        elif col.kind == KIND_INT16:
            v16 = (<const int16_t*>col.values)[i]
            if v16 != -32768:
                store_be(buf, <uint16_t>v16, 2)
                out += buf[:2]
                return 0
        elif col.kind == KIND_FLOAT64:
            memcpy(&bits64, col.values + 8 * i, 8)
            store_be(buf, bits64, 8)
            out += buf[:8]
            return 0
        elif col.kind == KIND_FLOAT32:
            memcpy(&bits32, col.values + 4 * i, 4)
            store_be(buf, bits32, 4)
            out += buf[:4]
            return 0
        elif col.kind == KIND_DATE32:
            v32 = (<const int32_t*>col.values)[i]
            if -2000000000 < v32 < 2000000000:
                store_be(buf, <uint32_t>(v32 + DATE32_TO_INFORMIX), 4)
                out += buf[:4]
                return 0
        elif col.kind == KIND_VARCHAR:
            start = col.offsets[i]
            n = col.offsets[i + 1] - start
            text = col.values + start
            if 0 <= n <= col.width and (n == 0 or text[0] != 0):
                for k in range(n):
                    if <uint8_t>text[k] >= 0x80:
                        break
                else:
                    buf[0] = <char>n
                    out += buf[:1]
                    out += text[:n]
                    return 0
        elif col.kind == KIND_DECIMAL64:
            memcpy(&v64, col.values + 16 * i, 8)
            if pack_decimal64(v64, col.scale, col.width, buf) > 0:
                out += buf[:col.width]
                return 0
        out += self._python_value(c, row)
        return 0

    def write(self, Py_ssize_t budget):
        """(SQ_TUPLE messages of the next rows within ``budget`` payload bytes, at least one
        row if any remain; how many rows they hold)."""
        cdef bytearray out = bytearray()
        cdef bytearray payload = self._scratch
        cdef Py_ssize_t used = 0, count = 0, c, size, message
        cdef char head[8]
        while True:
            if self._row >= self._rows:
                if self._batch >= len(self._batches) - 1:
                    break
                self._next_batch()
                if self._rows == 0:
                    break
            del payload[:]
            for c in range(self._ncols):
                self._append_value(payload, c, self._row)
            size = len(payload)
            message = 8 + size + (size & 1)
            if used and used + message > budget:
                break
            store_be(head, SQ_TUPLE, 2)
            store_be(head + 2, 0, 2)
            store_be(head + 4, <uint32_t>size, 4)
            out += head[:8]
            out += payload
            if size & 1:
                out += b"\x00"
            used += message
            count += 1
            self._row += 1
        return bytes(out), count
