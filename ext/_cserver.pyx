"""Compiled helpers of the embedded server's hot paths (``informix_db._cserver``).

``scan_bind_executes`` decodes a run of pipelined BIND+EXECUTE requests straight from the
connection's receive buffer. It only takes requests it can decode exactly as
``informix_db.types.decode_bind_value`` does and stops, consuming nothing of it, at the first
request that is incomplete, shaped otherwise or holds another type: the server's Python path
then reads that one. Every length is checked against the bytes present (bounds checking is
off for the module), so hostile bytes end the scan, never read out of bounds.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_GET_SIZE
from cpython.unicode cimport PyUnicode_Decode
from libc.stdint cimport int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memcpy

from informix_db.types.packed_decimal import unpack_decimal
from informix_db.types.temporal import days_to_date

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


def scan_bind_executes(bytearray buf not None, Py_ssize_t start, Py_ssize_t nparams, str encoding not None,
                       Py_ssize_t limit):
    """Decode up to ``limit`` consecutive ``SQ_ID 0 SQ_BIND ... SQ_EXECUTE SQ_EOT`` requests of
    ``nparams`` values from ``buf[start:]``; returns (parameter lists, end position)."""
    cdef const char* data = PyByteArray_AS_STRING(buf)
    cdef Py_ssize_t end = PyByteArray_GET_SIZE(buf)
    cdef Py_ssize_t pos = start, at, size, i
    cdef int code
    cdef int16_t indicator
    cdef bint complete
    cdef list rows = []
    cdef list values
    cdef bytes codec = encoding.encode("ascii")
    if start < 0 or start > end:
        raise ValueError("start outside the buffer")
    while len(rows) < limit:
        at = pos
        if at + 8 > end or load_u16(data + at) != SQ_ID or load_u16(data + at + 2) != 0 \
                or load_u16(data + at + 4) != SQ_BIND or <int16_t>load_u16(data + at + 6) != nparams:
            break
        at += 8
        values = []
        complete = True
        for i in range(nparams):
            complete = False
            if at + 6 > end:
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
                        break
                    values.append(fixed_value(code, data + at))
                elif is_text(code) or code == T_DECIMAL or code == T_MONEY:
                    if at + 2 > end:
                        break
                    size = <int16_t>load_u16(data + at)
                    if size < 0 or at + 2 + size > end:
                        break
                    if is_text(code):
                        values.append(PyUnicode_Decode(data + at + 2, size, codec, NULL))
                    else:
                        values.append(unpack_decimal(data[at + 2:at + 2 + size]))
                    size += 2
                else:
                    break
            except Exception:  # the Python path reports what this value is wrong with
                break
            at += size + (size & 1)
            complete = True
        if not complete:
            break
        if at + 4 > end or load_u16(data + at) != SQ_EXECUTE or load_u16(data + at + 2) != SQ_EOT:
            break
        pos = at + 4
        rows.append(values)
    return rows, pos
