# BIND requests encoded straight from Arrow record batches (cursor.ingest): each cell is read
# from the Arrow buffers and written in its bind form (PROTOCOL.md §3.7), the bytes
# encode_params writes for the value pyarrow would hand out. Columns without a native writer
# here go through their Python values.

from cpython.unicode cimport PyUnicode_DecodeUTF8

cdef enum BindKind:
    B_PYTHON = 0
    B_INT16
    B_INT32
    B_INT64
    B_FLOAT32
    B_FLOAT64
    B_BOOL
    B_STRING
    B_LARGE_STRING
    B_DATE32
    B_DECIMAL128

cdef dict BIND_KINDS = {
    b"s": B_INT16, b"i": B_INT32, b"l": B_INT64, b"f": B_FLOAT32, b"g": B_FLOAT64, b"b": B_BOOL,
    b"u": B_STRING, b"U": B_LARGE_STRING, b"tdD": B_DATE32,
}

cdef enum:
    DATE_EPOCH_SHIFT = 25568            # days from 1899-12-31 to 1970-01-01


cdef struct BindColumn:
    BindKind kind
    int scale
    int64_t offset                      # the array's offset
    const uint8_t* validity
    const char* values
    const char* data                    # string bytes


cdef inline bint cell_valid(const BindColumn* col, int64_t row) noexcept:
    cdef int64_t at = row + col.offset
    return col.validity == NULL or (col.validity[at >> 3] >> (at & 7)) & 1


cdef int write_decimal128_param(WriteBuffer wbuf, const char* raw, int scale) except -1:
    """A decimal128 cell, as the Decimal pyarrow gives (digits of the unscaled integer,
    exponent -scale)."""
    cdef ifx_u128 magnitude = ifx_u128_load(raw)
    cdef bint negative = ifx_u128_high(magnitude) >> 63
    cdef uint8_t reversed_digits[40]    # 2**127 has 39 digits
    cdef uint8_t digits[44]
    cdef Py_ssize_t n = 0, i
    cdef uint32_t chunk
    cdef bint last = False
    if negative:
        magnitude = ifx_u128_negate(magnitude)
    while not last:                     # nine digits per 128-bit division
        chunk = ifx_u128_divmod(&magnitude, 1000000000)
        last = ifx_u128_is_zero(magnitude)
        for i in range(9):
            reversed_digits[n] = <uint8_t>(chunk % 10)
            chunk //= 10
            n += 1
            if last and chunk == 0:
                break
    for i in range(n):
        digits[i + 1] = reversed_digits[n - 1 - i]
    if not write_decimal_digits(wbuf, negative, digits, n, -scale):
        raise DataError(f"decimal value does not fit an Informix DECIMAL bind")
    return 0


cdef class ArrowBindEncoder:
    """Encodes the rows of Arrow record batches (objects exporting ``__arrow_c_array__``)
    as SQ_BIND requests, one bytes object per row, for the executemany pipeline."""

    cdef int _codec
    cdef bytes _codec_name
    cdef str _encoding
    cdef readonly int64_t rows_encoded

    def __cinit__(self, str encoding not None):
        self._codec = codec_of(encoding)
        self._codec_name = codecs.lookup(encoding).name.encode("ascii")
        self._encoding = encoding
        self.rows_encoded = 0

    def encode(self, batch):
        """The BIND requests of every row of ``batch`` (a list of bytes)."""
        cdef ArrowSchema* schema
        cdef ArrowArray* array
        cdef BindColumn* cols = NULL
        cdef Py_ssize_t ncols, i
        cdef int64_t row, length
        schema_capsule_obj, array_capsule = batch.__arrow_c_array__()
        schema = <ArrowSchema*>PyCapsule_GetPointer(schema_capsule_obj, b"arrow_schema")
        array = <ArrowArray*>PyCapsule_GetPointer(array_capsule, b"arrow_array")
        if schema.n_children != array.n_children or array.n_children > 0x7FFF:
            raise ProgrammingError("the Arrow batch's schema and data do not match")
        ncols = array.n_children
        length = array.length
        cols = <BindColumn*>calloc(ncols or 1, sizeof(BindColumn))
        if cols == NULL:
            raise MemoryError()
        python_values = [None] * ncols
        try:
            for i in range(ncols):
                self._plan(&cols[i], schema.children[i], array.children[i], array.offset)
                if cols[i].kind == B_PYTHON:
                    python_values[i] = _pyarrow_column_values(batch, i)
            out = []
            wbuf = WriteBuffer()
            for row in range(length):
                wbuf.clear()
                wbuf._put_i16(SQ_ID)
                wbuf._put_i32(SQ_BIND)
                wbuf._put_i16(<int16_t>ncols)
                try:
                    for i in range(ncols):
                        self._write_cell(wbuf, &cols[i], row, python_values[i])
                except Exception as exc:
                    exc.args = (f"row {self.rows_encoded + row}: {exc.args[0] if exc.args else exc}",)
                    exc.row_index = self.rows_encoded + row
                    raise
                out.append(PyBytes_FromStringAndSize(wbuf._data, wbuf._len))
            self.rows_encoded += length
            return out
        finally:
            free(cols)

    cdef int _plan(self, BindColumn* col, ArrowSchema* field, ArrowArray* child, int64_t parent_offset) except -1:
        fmt = <bytes>field.format
        col.kind = <BindKind><int>BIND_KINDS.get(fmt, B_PYTHON)
        if fmt.startswith(b"d:"):
            parts = fmt[2:].split(b",")
            if len(parts) == 2 or (len(parts) == 3 and parts[2] == b"128"):
                col.kind = B_DECIMAL128
                col.scale = int(parts[1])
        if col.kind == B_PYTHON:
            return 0
        if parent_offset != 0 or child.n_buffers < (3 if col.kind in (B_STRING, B_LARGE_STRING) else 2):
            col.kind = B_PYTHON             # unusual layouts take the general path
            return 0
        col.offset = child.offset
        col.validity = <const uint8_t*>child.buffers[0] if child.null_count != 0 else NULL
        col.values = <const char*>child.buffers[1]
        if col.kind == B_STRING or col.kind == B_LARGE_STRING:
            col.data = <const char*>child.buffers[2]
        return 0

    cdef int _write_cell(self, WriteBuffer wbuf, const BindColumn* col, int64_t row, object python_values) except -1:
        cdef int64_t at = row + col.offset
        cdef int64_t start, end
        cdef int32_t days
        if col.kind == B_PYTHON:
            if write_python_param(wbuf, python_values[row], self._codec, <const char*>self._codec_name,
                                  self._encoding):
                raise NotSupportedError("BYTE/TEXT values cannot be ingested from Arrow data")
            return 0
        if not cell_valid(col, row):
            wbuf._put_i16(0)
            wbuf._put_i16(-1)
            wbuf._put_i16(0)
            return 0
        if col.kind == B_INT32:
            return write_int_param(wbuf, (<const int32_t*>col.values)[at])
        if col.kind == B_INT64:
            return write_int_param(wbuf, (<const int64_t*>col.values)[at])
        if col.kind == B_INT16:
            return write_int_param(wbuf, (<const int16_t*>col.values)[at])
        if col.kind == B_FLOAT64:
            if not write_float_param(wbuf, (<const double*>col.values)[at]):
                write_python_param(wbuf, (<const double*>col.values)[at], self._codec,
                                   <const char*>self._codec_name, self._encoding)  # raises DataError
            return 0
        if col.kind == B_FLOAT32:
            write_float_param(wbuf, (<const float*>col.values)[at])  # a float32 never widens to all ones
            return 0
        if col.kind == B_BOOL:
            return write_bool_param(wbuf, ((<const uint8_t*>col.values)[at >> 3] >> (at & 7)) & 1)
        if col.kind == B_DATE32:
            days = (<const int32_t*>col.values)[at]
            if not DATE_MIN_DAYS - DATE_EPOCH_SHIFT <= days <= DATE_MAX_DAYS - DATE_EPOCH_SHIFT:
                raise DataError(f"date32 value {days} is outside 0001-01-01..9999-12-31")
            write_param_head(wbuf, TC_DATE, 0)
            wbuf._put_i32(days + DATE_EPOCH_SHIFT)
            return 0
        if col.kind == B_DECIMAL128:
            return write_decimal128_param(wbuf, col.values + 16 * at, col.scale)
        if col.kind == B_STRING:
            start = (<const int32_t*>col.values)[at]
            end = (<const int32_t*>col.values)[at + 1]
        else:
            start = (<const int64_t*>col.values)[at]
            end = (<const int64_t*>col.values)[at + 1]
        return self._write_text(wbuf, col.data + start, end - start)

    cdef int _write_text(self, WriteBuffer wbuf, const char* utf8, int64_t n) except -1:
        """A UTF-8 cell as CHAR in the connection codec (ASCII copied as is)."""
        cdef int64_t i
        cdef bint ascii = True
        for i in range(n):
            if (<uint8_t>utf8[i]) & 0x80:
                ascii = False
                break
        if (ascii or self._codec == CODEC_UTF8) and n <= 0x7FFF and write_char_param(wbuf, utf8, n):
            return 0
        value = PyUnicode_DecodeUTF8(utf8, n, NULL)   # transcoded (or refused) as any str
        write_python_param(wbuf, value, self._codec, <const char*>self._codec_name, self._encoding)
        return 0


cdef object _pyarrow_column_values(batch, Py_ssize_t index):
    """Python values of a column without a native writer (pyarrow converts them)."""
    from informix_db.arrow.ingest import column_values

    return column_values(batch, index)
