# Declarations of the compiled wire module, so that other Cython modules can cimport the
# buffers and the row decoder and call their C-level methods directly.

from cpython.object cimport PyObject
from libc.stdint cimport int16_t, int32_t, int64_t


cdef struct RowCursor:
    # One tuple payload being decoded: bytes, their count and the read position.
    const char* data
    Py_ssize_t size
    Py_ssize_t pos
    PyObject* payload        # borrowed bytes of the whole payload; NULL unless a column needs it


cdef struct ColumnPlan:
    # What one column's decoder needs, fixed when the RowDecoder is built.
    Py_ssize_t index         # position in the row (error messages)
    Py_ssize_t width         # bytes on the wire for fixed-width encodings
    int start_unit           # DATETIME qualifier: first and last time unit
    int end_unit
    int exponent             # DATETIME: base-100 exponent of the unnormalised form
    int codec                # CODEC_* constant of the text encoding
    const char* encoding     # codec name for the generic text path (owned by the RowDecoder)
    PyObject* fallback       # borrowed (callable, ColumnDesc, encoding) for Python-decoded types


ctypedef object (*column_decoder)(const ColumnPlan* plan, RowCursor* cur)


cdef struct ColumnSlot:
    column_decoder decode
    ColumnPlan plan


cdef class ReadBuffer:
    cdef:
        bytearray _storage       # replaced, never resized, so views handed out stay valid
        char* _data
        Py_ssize_t _capacity
        Py_ssize_t _pos
        Py_ssize_t _end
        Py_ssize_t _mark

    cdef int _make_room(self, Py_ssize_t nbytes) except -1
    cdef const char* _take(self, Py_ssize_t nbytes) except NULL
    cdef int16_t _read_i16(self) except? -1
    cdef int32_t _read_i32(self) except? -1


cdef class RowDecoder:
    cdef:
        ColumnSlot* _slots
        Py_ssize_t _ncols
        bint _needs_payload
        bytes _encoding_name     # keeps ColumnPlan.encoding alive
        list _keepalive          # keeps ColumnPlan.fallback tuples alive
        readonly tuple columns
        readonly str encoding

    cdef tuple _decode_row(self, const char* data, Py_ssize_t size, object payload)


cdef class WriteBuffer:
    cdef:
        char* _data
        Py_ssize_t _len
        Py_ssize_t _capacity

    cdef int _reserve(self, Py_ssize_t extra) except -1
    cdef int _put_i16(self, int16_t value) except -1
    cdef int _put_i32(self, int32_t value) except -1
    cdef int _put_i64(self, int64_t value) except -1
    cdef int _put_raw(self, const char* data, Py_ssize_t nbytes) except -1
    cdef int _put_pad(self, Py_ssize_t nbytes) except -1
