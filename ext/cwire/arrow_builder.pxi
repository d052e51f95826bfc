# Columnar decode: SQ_TUPLE payloads straight into Arrow buffers, one C decoder per column
# chosen once from the column's Arrow format (informix_db.arrow.schema) and its wire plan
# (informix_db.wire.decoders.plan_column, shared with the tuple path). No Python object is
# built per cell except for the types the tuple path also decodes in Python.

from cpython.datetime cimport (
    PyDate_Check, PyDateTime_Check, PyDelta_Check, PyTime_Check, date_day, date_month, date_year,
    datetime_hour, datetime_microsecond, datetime_minute, datetime_second, time_hour,
    time_microsecond, time_minute, time_second, timedelta_days, timedelta_microseconds,
    timedelta_seconds,
)
from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdlib cimport strtod

from informix_db.arrow.schema import arrow_fields, decimal_unscaled

cdef extern from *:
    """
    static const uint64_t ifx_powers_of_ten[20] = {
        1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
        1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
        100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
        1000000000000000000ULL, 10000000000000000000ULL};
    """
    const uint64_t* POWERS_OF_TEN "ifx_powers_of_ten"    # 10**0 .. 10**19

cdef enum ArrowKind:
    A_INT16 = 1
    A_INT32
    A_INT64
    A_FLOAT32
    A_FLOAT64
    A_BOOL
    A_STRING
    A_BINARY
    A_DATE32
    A_TIME64_US
    A_TIMESTAMP_S
    A_TIMESTAMP_MS
    A_TIMESTAMP_US
    A_DURATION_US
    A_MONTH_INTERVAL
    A_DECIMAL128

cdef enum:
    INT32_LIMIT = 0x7FFFFFFF
    DAYS_0001_TO_1970 = 719162      # date(1970, 1, 1).toordinal() - 1
    SECONDS_PER_DAY = 86400

# Most bytes one string/binary column of a batch holds: its offsets are 32-bit. A batch reads
# it when it starts (ArrowBatchBuilder._start_batch); only tests lower it.
cdef int64_t batch_byte_limit = INT32_LIMIT


def _set_batch_byte_limit_for_tests(int64_t limit):
    """Lowers the byte limit of the batches builders start from now on, so a test crosses it
    without 2 GiB of data; returns the previous limit (to restore it)."""
    global batch_byte_limit
    if not 0 < limit <= INT32_LIMIT:
        raise ValueError(f"the batch byte limit must be in 1..{INT32_LIMIT}, not {limit}")
    previous, batch_byte_limit = batch_byte_limit, limit
    return previous

cdef dict ARROW_KINDS = {
    "s": (A_INT16, 2), "i": (A_INT32, 4), "l": (A_INT64, 8), "f": (A_FLOAT32, 4),
    "g": (A_FLOAT64, 8), "b": (A_BOOL, 0), "u": (A_STRING, 0), "z": (A_BINARY, 0),
    "tdD": (A_DATE32, 4), "ttu": (A_TIME64_US, 8), "tss:": (A_TIMESTAMP_S, 8),
    "tsm:": (A_TIMESTAMP_MS, 8), "tsu:": (A_TIMESTAMP_US, 8), "tDu": (A_DURATION_US, 8),
    "tin": (A_MONTH_INTERVAL, 16),
}


cdef struct Growable:
    char* data
    int64_t size
    int64_t capacity


cdef extern from *:
    """
    /* Linux only: elsewhere there is no madvise(MADV_HUGEPAGE), and Windows' aligned memory
       would need _aligned_free instead of the free() every Arrow buffer is released with. */
    #if defined(__linux__)
    #include <stdlib.h>
    #include <sys/mman.h>
    #define IFX_HUGE_PAGES 1
    static void* ifx_huge_page_alloc(size_t size) {
        void* memory = aligned_alloc(2 * 1024 * 1024, size);
    #ifdef MADV_HUGEPAGE
        if (memory != NULL) madvise(memory, size, MADV_HUGEPAGE);  /* advisory: failure costs speed */
    #endif
        return memory;
    }
    #else
    #define IFX_HUGE_PAGES 0
    static void* ifx_huge_page_alloc(size_t size) { (void)size; return NULL; }
    #endif
    """
    const bint HUGE_PAGES "IFX_HUGE_PAGES"
    void* huge_page_alloc "ifx_huge_page_alloc" (size_t size) nogil

cdef enum:
    HUGE_PAGE = 2 * 1024 * 1024     # buffers this large are backed by transparent huge pages
    FIRST_ROWS = 4096               # rows a new batch makes room for
    BULK_ROWS = 65536               # ... and once those are full (a default record batch)


cdef int grow_to(Growable* buf, int64_t needed) except -1:
    """Doubles ``buf`` until ``needed`` bytes fit. Large buffers move to huge-page-aligned
    memory: one fault per 2 MiB instead of one per 4 KiB page of fresh output."""
    cdef int64_t capacity = buf.capacity if buf.capacity else 16384
    cdef char* grown
    while capacity < needed:
        capacity *= 2
    if HUGE_PAGES and capacity >= HUGE_PAGE:
        capacity = (capacity + HUGE_PAGE - 1) & ~(<int64_t>HUGE_PAGE - 1)
        grown = <char*>huge_page_alloc(capacity)
        if grown == NULL:
            raise MemoryError()
        if buf.size:
            memcpy(grown, buf.data, buf.size)
        free(buf.data)
    else:
        grown = <char*>realloc(buf.data, capacity)
        if grown == NULL:
            raise MemoryError()
    buf.data = grown
    buf.capacity = capacity
    return 0


cdef int grow_bitmap(Growable* bits, int64_t rows, int fill) except -1:
    """A bitmap of ``rows`` bits; bytes added are set to ``fill``."""
    cdef int64_t nbytes = (rows + 7) >> 3
    if nbytes > bits.size:
        grow_to(bits, nbytes)
        memset(bits.data + bits.size, fill, nbytes - bits.size)
        bits.size = nbytes
    return 0


ctypedef int (*cell_decoder)(ArrowColumn* col, RowCursor* cur) except -1


cdef struct ArrowColumn:
    ArrowKind kind
    int width                   # bytes per value of fixed-width kinds
    int scale                   # decimal128 scale
    ifx_u128 limit              # decimal128: 10**precision
    int64_t length
    int64_t null_count
    int64_t row_capacity        # cells the per-row buffers hold (reserved by the builder per row)
    int64_t byte_limit          # most string/binary bytes of this batch (batch_byte_limit)
    Growable validity           # made at the first NULL: all set, then one bit cleared per NULL
    Growable values             # fixed-width values, bool bits, or string/binary bytes
    Growable offsets            # int32 offsets of string/binary
    cell_decoder decode
    ColumnPlan plan


# -- cells ------------------------------------------------------------------------------

cdef int reserve_rows(ArrowColumn* col, int64_t rows) except -1:
    """Room for ``rows`` cells in the buffers that grow by one entry per cell, so a cell is
    written without a growth check of its own (only text bytes are checked per cell)."""
    if col.kind == A_STRING or col.kind == A_BINARY:
        col.offsets.size = (col.length + 1) * 4
        grow_to(&col.offsets, (rows + 1) * 4)
    elif col.kind == A_BOOL:
        grow_bitmap(&col.values, rows, 0)
    else:
        col.values.size = col.length * col.width
        grow_to(&col.values, rows * col.width)
    if col.validity.data != NULL:
        grow_bitmap(&col.validity, rows, 0xFF)
    col.row_capacity = rows
    return 0


cdef int mark_null(ArrowColumn* col) except -1:
    """The cell being added is NULL. Columns without NULLs never touch a validity bitmap: it is
    made at the first NULL, every bit set, and a NULL clears its own."""
    if col.validity.data == NULL:
        grow_bitmap(&col.validity, col.row_capacity, 0xFF)
    col.validity.data[col.length >> 3] &= <char>~(1 << (col.length & 7))
    col.null_count += 1
    return 0


cdef inline char* fixed_slot(ArrowColumn* col) noexcept:
    """Where the value of the cell being added goes (reserved by reserve_rows)."""
    return col.values.data + col.length * col.width


cdef int append_null(ArrowColumn* col) except -1:
    mark_null(col)
    if col.kind == A_STRING or col.kind == A_BINARY:
        (<int32_t*>col.offsets.data)[col.length + 1] = <int32_t>col.values.size
    elif col.kind != A_BOOL:                    # bool bits start cleared
        memset(fixed_slot(col), 0, col.width)
    col.length += 1
    return 0


cdef int raise_value_too_large(ArrowColumn* col, int64_t size) except -1:
    raise ProtocolError(f"column {col.plan.index}: a value of {size} bytes is more than a string or "
                        f"binary Arrow array holds ({col.byte_limit} bytes: 32-bit offsets)")


cdef inline int append_bytes(ArrowColumn* col, const char* data, Py_ssize_t n) except -1:
    """The batch is cut before a row would pass the byte limit (ArrowBatchBuilder), so only a
    value larger than the limit on its own meets it here."""
    cdef int64_t end = col.values.size + n
    if end > col.values.capacity or end > col.byte_limit:
        if end > col.byte_limit:
            raise_value_too_large(col, n)
        grow_to(&col.values, end)
    memcpy(col.values.data + col.values.size, data, n)
    col.values.size = end
    col.length += 1
    (<int32_t*>col.offsets.data)[col.length] = <int32_t>end
    return 0


cdef inline bint is_ascii(const char* raw, Py_ssize_t n) noexcept:
    """Whether no byte of ``raw[:n]`` has its high bit set: a word at a time, the last word
    overlapping the one before instead of a byte loop of varying length."""
    cdef uint64_t word, any_high = 0
    cdef uint32_t half
    cdef Py_ssize_t i
    if n >= 8:
        for i in range(0, n - 8, 8):
            memcpy(&word, raw + i, 8)
            any_high |= word
        memcpy(&word, raw + n - 8, 8)
        any_high |= word
    elif n >= 4:
        memcpy(&half, raw, 4)
        any_high = half
        memcpy(&half, raw + n - 4, 4)
        any_high |= half
    else:
        for i in range(n):
            any_high |= <uint8_t>raw[i]
    return (any_high & 0x8080808080808080ULL) == 0


cdef int utf8_growth(int codec) noexcept:
    """Most UTF-8 bytes one byte of text in ``codec`` can become: UTF-8 is copied as is, a
    Latin-1 byte is at most two, and a byte of any other codec is at most one character of the
    Basic Multilingual Plane: three (ISO-8859-15's euro sign, Shift-JIS's half-width kana)."""
    if codec == CODEC_UTF8:
        return 1
    if codec == CODEC_LATIN1:
        return 2
    return 3


def text_growth(str encoding not None):
    """utf8_growth of a Python codec name (the 2 GiB batch cut's estimate, for its tests)."""
    return utf8_growth(codec_of(encoding))


cdef int append_text(ArrowColumn* col, const char* raw, Py_ssize_t n) except -1:
    """Text in the connection codec -> UTF-8 cell; ASCII is copied as is."""
    cdef Py_ssize_t i, high = 0, size
    cdef char* out
    cdef uint8_t byte
    cdef const char* utf8
    if is_ascii(raw, n):
        return append_bytes(col, raw, n)
    for i in range(n):
        high += (<uint8_t>raw[i]) >> 7
    if col.plan.codec == CODEC_LATIN1:
        if col.values.size + n + high > col.byte_limit:
            return append_bytes(col, raw, n + high)     # raises the size error
        if col.values.size + n + high > col.values.capacity:
            grow_to(&col.values, col.values.size + n + high)
        out = col.values.data + col.values.size
        col.values.size += n + high
        for i in range(n):
            byte = <uint8_t>raw[i]
            if byte < 0x80:
                out[0] = <char>byte
                out += 1
            else:
                out[0] = <char>(0xC0 | (byte >> 6))
                out[1] = <char>(0x80 | (byte & 0x3F))
                out += 2
        col.length += 1
        (<int32_t*>col.offsets.data)[col.length] = <int32_t>col.values.size
        return 0
    text = decode_text(raw, n, col.plan.codec, col.plan.encoding)   # validates; ProtocolError
    if col.plan.codec == CODEC_UTF8:
        return append_bytes(col, raw, n)
    utf8 = PyUnicode_AsUTF8AndSize(text, &size)
    return append_bytes(col, utf8, size)


cdef int cell_smallint(ArrowColumn* col, RowCursor* cur) except -1:
    cdef int16_t value = <int16_t>load_u16(take(&col.plan, cur, 2))
    if value == -0x8000:
        return append_null(col)
    (<int16_t*>col.values.data)[col.length] = value
    col.length += 1
    return 0


cdef int cell_integer(ArrowColumn* col, RowCursor* cur) except -1:
    cdef int32_t value = <int32_t>load_u32(take(&col.plan, cur, 4))
    if value == INT32_MIN:
        return append_null(col)
    (<int32_t*>col.values.data)[col.length] = value
    col.length += 1
    return 0


cdef int cell_bigint(ArrowColumn* col, RowCursor* cur) except -1:
    cdef int64_t value = <int64_t>load_u64(take(&col.plan, cur, 8))
    if value == INT64_MIN:
        return append_null(col)
    (<int64_t*>col.values.data)[col.length] = value
    col.length += 1
    return 0


cdef int cell_int8(ArrowColumn* col, RowCursor* cur) except -1:
    """10-byte sign-magnitude INT8/SERIAL8 (§6.5) -> int64."""
    cdef const char* raw = take(&col.plan, cur, 10)
    cdef int16_t sign = <int16_t>load_u16(raw)
    cdef uint64_t magnitude = (<uint64_t>load_u32(raw + 6) << 32) | load_u32(raw + 2)
    if sign == 0:
        return append_null(col)
    if magnitude > <uint64_t>INT64_MAX:
        raise_bad_value(&col.plan, f"INT8 magnitude {magnitude} exceeds 64 bits")
    (<int64_t*>col.values.data)[col.length] = -<int64_t>magnitude if sign < 0 else <int64_t>magnitude
    col.length += 1
    return 0


cdef int cell_float(ArrowColumn* col, RowCursor* cur) except -1:
    cdef uint64_t bits = load_u64(take(&col.plan, cur, 8))
    if bits == UINT64_MAX:
        return append_null(col)
    (<uint64_t*>col.values.data)[col.length] = bits     # the double's bit pattern
    col.length += 1
    return 0


cdef int cell_smallfloat(ArrowColumn* col, RowCursor* cur) except -1:
    cdef uint32_t bits = load_u32(take(&col.plan, cur, 4))
    if bits == UINT32_MAX:
        return append_null(col)
    (<uint32_t*>col.values.data)[col.length] = bits
    col.length += 1
    return 0


cdef int cell_char(ArrowColumn* col, RowCursor* cur) except -1:
    """Fixed width, blank padded; a leading nul marks NULL (§6.7); trailing blanks stripped."""
    cdef const char* raw = take(&col.plan, cur, col.plan.width)
    cdef Py_ssize_t n = col.plan.width
    if n == 0 or raw[0] == 0:
        return append_null(col)
    while n > 0 and (raw[n - 1] == 32 or raw[n - 1] == 0):
        n -= 1
    return append_text(col, raw, n)


cdef int cell_varchar(ArrowColumn* col, RowCursor* cur) except -1:
    """u8 length + bytes; the single byte 00 is NULL (§6.8)."""
    cdef Py_ssize_t n = <uint8_t>take(&col.plan, cur, 1)[0]
    cdef const char* raw = take(&col.plan, cur, n)
    if n == 1 and raw[0] == 0:
        return append_null(col)
    while n > 0 and raw[n - 1] == 0:
        n -= 1
    return append_text(col, raw, n)


cdef int cell_lvarchar(ArrowColumn* col, RowCursor* cur) except -1:
    cdef Py_ssize_t n
    cdef const char* body = take_envelope(&col.plan, cur, &n)
    if n < 0:
        return append_null(col)
    return append_text(col, body, n)


cdef int cell_boolean(ArrowColumn* col, RowCursor* cur) except -1:
    cdef Py_ssize_t n
    cdef const char* body = take_envelope(&col.plan, cur, &n)
    if n < 0:
        return append_null(col)
    if n > 0 and (body[0] == b't' or body[0] == b'T' or body[0] == 1):
        col.values.data[col.length >> 3] |= <char>(1 << (col.length & 7))
    col.length += 1
    return 0


cdef int cell_date(ArrowColumn* col, RowCursor* cur) except -1:
    """i32 days since 1899-12-31 -> date32 (days since 1970-01-01), range as the tuple path."""
    cdef int32_t days = <int32_t>load_u32(take(&col.plan, cur, 4))
    if days == INT32_MIN:
        return append_null(col)
    if days < DATE_MIN_DAYS or days > DATE_MAX_DAYS:
        raise_bad_value(&col.plan, f"DATE day number {days} is outside 0001-01-01..9999-12-31")
    (<int32_t*>col.values.data)[col.length] = days - DAYS_1899_TO_1970
    col.length += 1
    return 0


cdef int decimal128_wide(ArrowColumn* col, const char* raw, ifx_u128* magnitude) except -1:
    """Magnitude of a non-NULL packed DECIMAL as the column's unscaled integer, for any digit
    count and scale (the general form of cell_decimal128's fast path)."""
    cdef uint8_t pairs[128]
    cdef int exponent, shift
    cdef bint negative
    cdef Py_ssize_t ndigits, i, used
    cdef uint64_t small = 0
    cdef ifx_u128 value
    ndigits = decimal_digits(&col.plan, raw, pairs, &exponent, &negative)
    used = ndigits
    while used > 0 and pairs[used - 1] == 0:
        used -= 1
    if used > 19:
        raise_bad_value(&col.plan, f"DECIMAL value has {2 * used} digits, more than decimal128 holds")
    for i in range(used if used < 9 else 9):
        small = small * 100 + pairs[i]
    value = ifx_u128_from_halves(0, small)
    for i in range(9, used):
        ifx_u128_mul_add(&value, 100, pairs[i])         # at most 10**38: no overflow
    # value * 100**(exponent - used) is the number; decimal128 stores it * 10**scale.
    shift = 2 * (exponent - <int>used) + col.scale
    if not ifx_u128_is_zero(value):
        if shift < 0:
            for i in range(-shift):
                if ifx_u128_divmod(&value, 10):
                    raise_bad_value(&col.plan, f"DECIMAL value has more than {col.scale} fraction digits")
        else:
            if shift > 38:
                raise_bad_value(&col.plan, "DECIMAL value exceeds its precision")
            for i in range(shift):
                if ifx_u128_mul_add(&value, 10, 0):
                    raise_bad_value(&col.plan, "DECIMAL value exceeds its precision")
    magnitude[0] = value
    return 0


cdef int cell_decimal128(ArrowColumn* col, RowCursor* cur) except -1:
    """Packed base-100 DECIMAL(p,s) -> the 128-bit unscaled integer, digit pairs straight in.

    Fast path (up to 9 significant pairs, the scale within one digit of the wire's): the pairs
    accumulate in 64 bits as stored, a negative value's base-100 complement is undone in one
    subtraction (it is 100**pairs minus the magnitude), one widening multiply scales it.
    """
    cdef const char* raw = take(&col.plan, cur, col.plan.width)
    cdef const uint8_t* pairs = <const uint8_t*>raw + 1
    cdef uint8_t head = <uint8_t>raw[0]
    cdef bint negative = (head & 0x80) == 0
    cdef Py_ssize_t used = col.plan.width - 1, i
    cdef int shift
    cdef uint64_t small = 0
    cdef bint bad_digit = False
    cdef ifx_u128 value
    if packed_is_null(raw):
        return append_null(col)
    while used > 0 and pairs[used - 1] == 0:    # trailing zeros: the same in both signs
        used -= 1
    shift = 2 * (((head ^ 0x7F) & 0x7F if negative else head & 0x7F) - 64 - <int>used) + col.scale
    if used == 0 or used > 9 or shift < -1 or shift > 19:
        decimal128_wide(col, raw, &value)
    else:
        for i in range(used):
            bad_digit |= pairs[i] > 99
            small = small * 100 + pairs[i]
        if bad_digit:
            decimal128_wide(col, raw, &value)   # raises, naming the digit
        if negative:
            small = POWERS_OF_TEN[2 * used] - small
        if shift < 0:
            if small % 10:
                raise_bad_value(&col.plan, f"DECIMAL value has more than {col.scale} fraction digits")
            small //= 10
            shift = 0
        value = ifx_u128_mul_u64(small, POWERS_OF_TEN[shift])
    if not ifx_u128_less(value, col.limit):
        raise_bad_value(&col.plan, "DECIMAL value exceeds its precision")
    ifx_u128_store(fixed_slot(col), ifx_u128_negate(value) if negative else value)  # two's complement
    col.length += 1
    return 0


cdef int cell_decimal_float(ArrowColumn* col, RowCursor* cur) except -1:
    """Floating DECIMAL(p) -> float64, rounded as float(Decimal) rounds (via its text)."""
    cdef const char* raw = take(&col.plan, cur, col.plan.width)
    cdef char text[DECIMAL_TEXT_MAX + 1]
    cdef double value = 0.0
    cdef Py_ssize_t n
    if packed_is_null(raw):
        return append_null(col)
    n = decimal_text(&col.plan, raw, text)
    if n:
        text[n] = 0
        value = strtod(text, NULL)
    (<double*>col.values.data)[col.length] = value
    col.length += 1
    return 0


cdef inline int64_t days_from_civil(int64_t year, int64_t month, int64_t day) noexcept nogil:
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    cdef int64_t era, yoe, doy, doe
    if month <= 2:
        year -= 1
    era = (year if year >= 0 else year - 399) // 400
    yoe = year - era * 400
    doy = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


cdef int store_temporal(ArrowColumn* col, char* slot, const DatetimeFields* f) except -1:
    """Date/time fields -> the column's date32, time64[us] or timestamp value."""
    cdef int64_t days, seconds
    if col.kind == A_DATE32:
        (<int32_t*>slot)[0] = <int32_t>days_from_civil(f.year, f.month, f.day)
        return 0
    seconds = f.hour * 3600 + f.minute * 60 + f.second
    if col.kind == A_TIME64_US:
        (<int64_t*>slot)[0] = seconds * 1000000 + f.micro
        return 0
    seconds += days_from_civil(f.year, f.month, f.day) * SECONDS_PER_DAY
    if col.kind == A_TIMESTAMP_S:
        (<int64_t*>slot)[0] = seconds
    elif col.kind == A_TIMESTAMP_MS:
        (<int64_t*>slot)[0] = seconds * 1000 + f.micro // 1000
    else:
        (<int64_t*>slot)[0] = seconds * 1000000 + f.micro
    return 0


cdef int cell_datetime(ArrowColumn* col, RowCursor* cur) except -1:
    cdef const char* raw = take(&col.plan, cur, col.plan.width)
    cdef DatetimeFields f
    if packed_is_null(raw):
        return append_null(col)
    datetime_fields(&col.plan, raw, &f)
    store_temporal(col, fixed_slot(col), &f)
    col.length += 1
    return 0


cdef int cell_in_python(ArrowColumn* col, RowCursor* cur) except -1:
    """Types the tuple path decodes in Python: that value, appended as an object."""
    return append_object(col, decode_in_python(&col.plan, cur))


# -- Python values (rows already decoded as tuples, and the Python-decoded types) ----------

cdef object binary_of(ArrowColumn* col, object value):
    """The bytes of a binary column's value (RowValue, CollectionValue, LOB locators: .raw)."""
    raw = getattr(value, "raw", value)
    if not isinstance(raw, (bytes, bytearray)):
        raise ProtocolError(f"column {col.plan.index}: {type(value).__name__} for a binary column")
    return raw


cdef int64_t value_bytes(ArrowColumn* col, object value) except -1:
    """Bytes a tuple-path value adds to a string/binary column (UTF-8 for text); 0 for other
    columns and NULLs."""
    cdef Py_ssize_t size = 0
    if value is None:
        return 0
    if col.kind == A_STRING and isinstance(value, str):
        PyUnicode_AsUTF8AndSize(value, &size)   # cached in the str: append_object reuses it
    elif col.kind == A_BINARY:
        size = len(binary_of(col, value))
    return size


cdef int append_object(ArrowColumn* col, object value) except -1:
    """One tuple-path value -> one cell of the column's Arrow type."""
    cdef char* slot
    cdef const char* data
    cdef Py_ssize_t size
    cdef DatetimeFields f
    cdef int64_t micros
    if value is None:
        return append_null(col)
    kind = col.kind
    if kind == A_STRING:
        if not isinstance(value, str):
            raise ProtocolError(f"column {col.plan.index}: {type(value).__name__} for a string column")
        data = PyUnicode_AsUTF8AndSize(value, &size)
        return append_bytes(col, data, size)
    if kind == A_BINARY:
        raw = binary_of(col, value)
        return append_bytes(col, <const char*>raw if isinstance(raw, bytes) else PyByteArray_AS_STRING(raw),
                            len(raw))
    if kind == A_BOOL:
        if value:
            col.values.data[col.length >> 3] |= <char>(1 << (col.length & 7))
        col.length += 1
        return 0
    slot = fixed_slot(col)
    if kind == A_INT16:
        (<int16_t*>slot)[0] = <int16_t>value
    elif kind == A_INT32:
        (<int32_t*>slot)[0] = <int32_t>value
    elif kind == A_INT64:
        (<int64_t*>slot)[0] = <int64_t>value
    elif kind == A_FLOAT32:
        (<float*>slot)[0] = <float>float(value)
    elif kind == A_FLOAT64:
        (<double*>slot)[0] = float(value)
    elif kind == A_MONTH_INTERVAL:
        memset(slot, 0, 16)                     # month_day_nano: months, days 0, nanoseconds 0
        (<int32_t*>slot)[0] = <int32_t>value.months
    elif kind == A_DURATION_US:
        if not PyDelta_Check(value):
            raise ProtocolError(f"column {col.plan.index}: {type(value).__name__} for a duration column")
        micros = (<int64_t>timedelta_days(value) * SECONDS_PER_DAY + timedelta_seconds(value)) * 1000000
        (<int64_t*>slot)[0] = micros + timedelta_microseconds(value)
    elif kind == A_DECIMAL128:
        try:
            unscaled = decimal_unscaled(value, col.scale)
        except ValueError as exc:
            raise ProtocolError(f"column {col.plan.index}: {exc}") from None
        if abs(unscaled) >= int_from_u128(col.limit):
            raise ProtocolError(f"column {col.plan.index}: DECIMAL value exceeds its precision")
        ifx_u128_store(slot, u128_from_int(unscaled))
    else:
        f.year = f.month = f.day = 1
        f.hour = f.minute = f.second = f.micro = 0
        if PyDate_Check(value):
            f.year, f.month, f.day = date_year(value), date_month(value), date_day(value)
            if PyDateTime_Check(value):
                f.hour, f.minute = datetime_hour(value), datetime_minute(value)
                f.second, f.micro = datetime_second(value), datetime_microsecond(value)
        elif PyTime_Check(value):
            f.hour, f.minute = time_hour(value), time_minute(value)
            f.second, f.micro = time_second(value), time_microsecond(value)
        else:
            raise ProtocolError(f"column {col.plan.index}: {type(value).__name__} for a temporal column")
        store_temporal(col, slot, &f)
    col.length += 1
    return 0


# -- the builder ------------------------------------------------------------------------

cdef cell_decoder cell_decoder_for(str kind, ArrowKind arrow_kind) except NULL:
    """The C decoder for a wire kind (plan_column) feeding an Arrow kind."""
    if kind == "smallint" and arrow_kind == A_INT16:
        return cell_smallint
    if kind == "integer" and arrow_kind == A_INT32:
        return cell_integer
    if kind == "bigint" and arrow_kind == A_INT64:
        return cell_bigint
    if kind == "int8" and arrow_kind == A_INT64:
        return cell_int8
    if kind == "float" and arrow_kind == A_FLOAT64:
        return cell_float
    if kind == "smallfloat" and arrow_kind == A_FLOAT32:
        return cell_smallfloat
    if kind == "char" and arrow_kind == A_STRING:
        return cell_char
    if kind == "varchar" and arrow_kind == A_STRING:
        return cell_varchar
    if kind == "lvarchar" and arrow_kind == A_STRING:
        return cell_lvarchar
    if kind == "boolean" and arrow_kind == A_BOOL:
        return cell_boolean
    if kind == "date" and arrow_kind == A_DATE32:
        return cell_date
    if kind == "decimal" and arrow_kind == A_DECIMAL128:
        return cell_decimal128
    if kind == "decimal" and arrow_kind == A_FLOAT64:
        return cell_decimal_float
    if kind == "datetime" and A_DATE32 <= arrow_kind <= A_TIMESTAMP_US:
        return cell_datetime
    return cell_in_python


cdef void free_column(ArrowColumn* col) noexcept:
    free(col.validity.data)
    free(col.values.data)
    free(col.offsets.data)
    col.validity.data = col.values.data = col.offsets.data = NULL
    col.validity.size = col.values.size = col.offsets.size = 0
    col.validity.capacity = col.values.capacity = col.offsets.capacity = 0
    col.length = col.null_count = col.row_capacity = 0


cdef int reset_column(ArrowColumn* col, int64_t byte_limit) except -1:
    """An empty column, no room reserved (variable-width kinds start with offset 0)."""
    col.byte_limit = byte_limit
    col.validity.data = col.values.data = col.offsets.data = NULL
    col.validity.size = col.values.size = col.offsets.size = 0
    col.validity.capacity = col.values.capacity = col.offsets.capacity = 0
    col.length = col.null_count = col.row_capacity = 0
    if col.kind == A_STRING or col.kind == A_BINARY:
        grow_to(&col.offsets, 4)
        (<int32_t*>col.offsets.data)[0] = 0
        col.offsets.size = 4
    return 0


cdef int export_column(ArrowColumn* col, ArrowArray* out) except -1:
    """Moves the column's buffers into ``out`` (the column is left empty)."""
    cdef bint variable = col.kind == A_STRING or col.kind == A_BINARY
    cdef const void** buffers = <const void**>calloc(3, sizeof(void*))
    if buffers == NULL:
        raise MemoryError()
    memset(out, 0, sizeof(ArrowArray))
    out.length = col.length
    out.null_count = col.null_count
    out.n_buffers = 3 if variable else 2
    out.buffers = buffers
    out.release = release_column_array
    if col.null_count:
        buffers[0] = col.validity.data
    else:
        free(col.validity.data)
    if variable:
        buffers[1] = col.offsets.data
        buffers[2] = col.values.data
    else:
        buffers[1] = col.values.data
        free(col.offsets.data)
    col.validity.data = col.values.data = col.offsets.data = NULL
    return 0


cdef class ArrowBatchBuilder:
    """Decodes SQ_TUPLE payloads of one column list into Arrow record batches.

    ``read_tuples(builder, ...)`` feeds it straight from the receive buffer. Every
    ``batch_size`` rows, and before a row that could take a string/binary column past the
    batch byte limit (2 GiB), the batch is sealed; ``take_batches()`` hands sealed batches
    out, ``finish()`` seals the rest.
    """

    cdef ArrowColumn* _cols
    cdef Py_ssize_t _ncols
    cdef readonly int64_t rows             # rows in the batch being built
    cdef int64_t _row_capacity             # rows every column has room for (reserve_rows)
    cdef readonly int64_t batch_size
    cdef bint _needs_payload
    cdef bint _text_columns
    cdef int64_t _text_bound          # upper bound of the largest text column's bytes
    cdef int64_t _byte_limit          # batch_byte_limit when this batch started
    cdef int _text_growth             # UTF-8 bytes one payload byte can become (utf8_growth)
    cdef bint _failed
    cdef list _sealed
    cdef readonly list fields              # [(name bytes, format bytes)]
    cdef readonly tuple columns
    cdef bytes _encoding_name
    cdef list _keepalive

    def __cinit__(self, columns, str encoding not None, batch_size=None):
        cdef Py_ssize_t i
        cdef ArrowColumn* col
        self._cols = NULL
        self.columns = tuple(columns)
        self._ncols = len(self.columns)
        self.batch_size = 0 if batch_size is None else batch_size
        if self.batch_size < 0:
            raise ValueError("batch_size must be positive")
        self._sealed = []
        self._keepalive = []
        self.fields = []
        codec = codec_of(encoding)
        self._text_growth = utf8_growth(codec)
        self._encoding_name = codecs.lookup(encoding).name.encode("ascii")
        self._cols = <ArrowColumn*>calloc(self._ncols or 1, sizeof(ArrowColumn))
        if self._cols == NULL:
            raise MemoryError()
        for i, (column, field) in enumerate(zip(self.columns, arrow_fields(self.columns))):
            col = &self._cols[i]
            kind, width, start_unit, end_unit, exponent = plan_column(column)
            fmt = field.format
            if fmt.startswith("d:"):
                col.kind, col.width = A_DECIMAL128, 16
                col.scale = field.scale
                col.limit = u128_from_int(10 ** field.precision)
            else:
                kind_code, value_width = ARROW_KINDS[fmt]
                col.kind = <ArrowKind><int>kind_code
                col.width = value_width
            col.plan.index = i
            col.plan.width = width
            col.plan.start_unit = start_unit
            col.plan.end_unit = end_unit
            col.plan.exponent = exponent
            col.plan.codec = codec
            col.plan.encoding = <const char*>self._encoding_name
            col.plan.fallback = NULL
            col.decode = cell_decoder_for(kind, col.kind)
            if col.decode == cell_in_python:
                from informix_db.types import decode_tuple_value

                fallback = (decode_tuple_value, column, encoding)
                self._keepalive.append(fallback)
                col.plan.fallback = <PyObject*>fallback
                self._needs_payload = True
            if col.kind == A_STRING or col.kind == A_BINARY:
                self._text_columns = True
            self.fields.append((field.name.encode("utf-8"), fmt.encode("ascii")))
        self._start_batch()

    def __dealloc__(self):
        cdef Py_ssize_t i
        if self._cols != NULL:
            for i in range(self._ncols):
                free_column(&self._cols[i])
            free(self._cols)

    cdef int _check_usable(self) except -1:
        if self._failed:
            raise ProtocolError("a row failed to decode: this Arrow builder holds a partial row")
        return 0

    cdef int _reserve_more_rows(self) except -1:
        """More rows for every column: FIRST_ROWS, then BULK_ROWS, then twice as many each time
        (never more than batch_size). Jumping to BULK_ROWS saves a bulk read four rounds of
        copying and of fresh memory."""
        cdef Py_ssize_t i
        cdef int64_t rows = FIRST_ROWS
        if self._row_capacity >= BULK_ROWS:
            rows = 2 * self._row_capacity
        elif self._row_capacity:
            rows = BULK_ROWS
        if self.batch_size and rows > self.batch_size:
            rows = self.batch_size
        for i in range(self._ncols):
            reserve_rows(&self._cols[i], rows)
        self._row_capacity = rows
        return 0

    cdef int _row_done(self) except -1:
        self.rows += 1
        if self.batch_size and self.rows >= self.batch_size:
            self._seal()
        return 0

    cdef int _append_row(self, const char* data, Py_ssize_t size) except -1:
        """One SQ_TUPLE payload -> one row (called by ReadBuffer.read_tuples)."""
        cdef RowCursor cur
        cdef Py_ssize_t i
        cdef ArrowColumn* col
        cdef object payload = None
        if self._failed:
            self._check_usable()
        if self._text_columns:
            # Text grows by at most growth * size per row: look at the columns only near 2 GiB.
            self._text_bound += self._text_growth * size
            if self._text_bound > self._byte_limit and self._text_would_overflow(size):
                self._seal()
                self._text_bound = self._text_growth * size
        if self.rows == self._row_capacity:
            self._reserve_more_rows()
        if self._needs_payload:
            payload = PyBytes_FromStringAndSize(data, size)
        cur.data = data
        cur.size = size
        cur.pos = 0
        cur.payload = <PyObject*>payload
        self._failed = True             # until the whole row is in: a partial row poisons
        for i in range(self._ncols):
            col = &self._cols[i]
            col.decode(col, &cur)
        if cur.pos != size:
            raise ProtocolError(f"tuple payload has {size - cur.pos} bytes beyond its {self._ncols} columns")
        self._failed = False
        self.rows += 1
        if self.rows == self.batch_size:
            self._seal()
        return 0

    cdef bint _text_would_overflow(self, Py_ssize_t size) noexcept:
        """Whether a row of ``size`` payload bytes could push a text column past the limit."""
        cdef Py_ssize_t i
        cdef ArrowColumn* col
        cdef int64_t largest = 0
        for i in range(self._ncols):
            col = &self._cols[i]
            if (col.kind == A_STRING or col.kind == A_BINARY) and col.values.size > largest:
                largest = col.values.size
        self._text_bound = largest + self._text_growth * size
        return self.rows > 0 and self._text_bound > self._byte_limit

    def append_row(self, payload):
        """One SQ_TUPLE payload (bytes-like, without tag/warn/size/pad)."""
        cdef Py_buffer view
        PyObject_GetBuffer(payload, &view, PyBUF_SIMPLE)
        try:
            self._append_row(<const char*>view.buf, view.len)
        finally:
            PyBuffer_Release(&view)

    def append_rows(self, rows):
        """Rows already decoded by the tuple path (sequences of its values)."""
        cdef Py_ssize_t i
        self._check_usable()
        for row in rows:
            if len(row) != self._ncols:
                raise ValueError(f"row has {len(row)} values for {self._ncols} columns")
            if self._text_columns:
                self._cut_before(row)
            try:
                if self.rows == self._row_capacity:
                    self._reserve_more_rows()
                for i in range(self._ncols):
                    append_object(&self._cols[i], row[i])
            except BaseException:
                self._failed = True
                raise
            self._row_done()

    cdef int _cut_before(self, row) except -1:
        """Seals the batch before a tuple-path row that would take a string/binary column past
        the byte limit, so the row starts the next batch; a value over the limit of that batch
        on its own is refused before any of its row is appended."""
        cdef Py_ssize_t i
        cdef ArrowColumn* col
        cdef int64_t size, largest = 0
        cdef bint full = False
        for i in range(self._ncols):
            col = &self._cols[i]
            if col.kind == A_STRING or col.kind == A_BINARY:
                size = value_bytes(col, row[i])
                full |= col.values.size + size > col.byte_limit
                largest = max(largest, size)
        if full and self.rows:
            self._seal()
        if largest > self._byte_limit:
            for i in range(self._ncols):
                col = &self._cols[i]
                if (col.kind == A_STRING or col.kind == A_BINARY) and value_bytes(col, row[i]) == largest:
                    raise_value_too_large(col, largest)
        self._text_bound += largest     # keeps the fast path's bound when payloads follow
        return 0

    cdef int _start_batch(self) except -1:
        """Empty columns under the byte limit in force now."""
        cdef Py_ssize_t i
        self._byte_limit = batch_byte_limit
        for i in range(self._ncols):
            reset_column(&self._cols[i], self._byte_limit)
        self.rows = 0
        self._row_capacity = 0
        self._text_bound = 0
        return 0

    cdef int _seal(self) except -1:
        cdef ArrowBatch batch = ArrowBatch.__new__(ArrowBatch)
        cdef ArrowArray* array = &batch._array
        cdef ArrowArray* block
        cdef Py_ssize_t i
        memset(array, 0, sizeof(ArrowArray))
        array.buffers = <const void**>calloc(1, sizeof(void*))
        array.children = <ArrowArray**>calloc(self._ncols or 1, sizeof(ArrowArray*))
        block = <ArrowArray*>calloc(self._ncols or 1, sizeof(ArrowArray))
        if array.buffers == NULL or array.children == NULL or block == NULL:
            free(array.buffers)
            free(array.children)
            free(block)
            raise MemoryError()
        array.length = self.rows
        array.n_buffers = 1
        array.n_children = self._ncols
        array.release = release_struct_array
        for i in range(self._ncols):
            array.children[i] = &block[i]
        if self._ncols == 0:
            free(block)
        for i in range(self._ncols):
            export_column(&self._cols[i], &block[i])
        batch.fields = self.fields
        batch.num_rows = self.rows
        self._start_batch()
        self._sealed.append(batch)
        return 0

    def take_batches(self):
        """The sealed batches so far (handed over: the builder forgets them)."""
        batches, self._sealed = self._sealed, []
        return batches

    def finish(self):
        """Seals the rows not yet in a batch and hands every batch over."""
        self._check_usable()
        if self.rows:
            self._seal()
        return self.take_batches()

