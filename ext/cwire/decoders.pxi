# Column decoders for SQ_TUPLE payloads (PROTOCOL.md §4.2, §6). The RowDecoder picks one per
# column when it is built (informix_db.types.codecs.plan_column, the plan of the Python codecs)
# and calls it through a C function pointer for every cell.

from cpython.bool cimport PyBool_FromLong
from cpython.float cimport PyFloat_FromDouble
from cpython.long cimport PyLong_FromLong, PyLong_FromLongLong, PyLong_FromUnsignedLongLong
from cpython.unicode cimport PyUnicode_DecodeASCII

from informix_db.types.codecs import plan_column

cdef object DecimalType = decimal.Decimal
cdef object DECIMAL_ZERO = decimal.Decimal(0)

cdef enum:
    DATE_MIN_DAYS = -693594     # 0001-01-01 as days since 1899-12-31
    DATE_MAX_DAYS = 2958464     # 9999-12-31
    DAYS_1899_TO_1970 = 25568
    DECIMAL_TEXT_MAX = 1024     # 2 * 128 digits + 128 exponent zeros + sign and point


cdef int raise_truncated(const ColumnPlan* plan, RowCursor* cur, Py_ssize_t need) except -1:
    raise ProtocolError(
        f"column {plan.index}: needs {need} bytes at offset {cur.pos}, "
        f"tuple payload has {cur.size - cur.pos} left"
    )


cdef inline const char* take(const ColumnPlan* plan, RowCursor* cur, Py_ssize_t nbytes) except NULL:
    """Consumes ``nbytes`` of the payload, checking they are there."""
    cdef Py_ssize_t start = cur.pos
    if nbytes > cur.size - start:
        raise_truncated(plan, cur, nbytes)
        return NULL
    cur.pos = start + nbytes
    return cur.data + start


cdef int raise_bad_value(const ColumnPlan* plan, str what) except -1:
    raise ProtocolError(f"column {plan.index}: {what}")


cdef object decode_smallint(const ColumnPlan* plan, RowCursor* cur):
    cdef int16_t value = <int16_t>load_u16(take(plan, cur, 2))
    if value == -0x8000:
        return None
    return PyLong_FromLong(value)


cdef object decode_integer(const ColumnPlan* plan, RowCursor* cur):
    cdef int32_t value = <int32_t>load_u32(take(plan, cur, 4))
    if value == <int32_t>0x80000000:
        return None
    return PyLong_FromLong(value)


cdef object decode_bigint(const ColumnPlan* plan, RowCursor* cur):
    cdef int64_t value = <int64_t>load_u64(take(plan, cur, 8))
    if value == <int64_t>0x8000000000000000:
        return None
    return PyLong_FromLongLong(value)


cdef object decode_int8(const ColumnPlan* plan, RowCursor* cur):
    """10-byte sign-magnitude INT8/SERIAL8: sign word, low 32 bits, high 32 bits (§6.5)."""
    cdef const char* raw = take(plan, cur, 10)
    cdef int16_t sign = <int16_t>load_u16(raw)
    cdef uint64_t magnitude = (<uint64_t>load_u32(raw + 6) << 32) | load_u32(raw + 2)
    if sign == 0:
        return None
    if sign < 0:
        return -PyLong_FromUnsignedLongLong(magnitude)
    return PyLong_FromUnsignedLongLong(magnitude)


cdef object decode_float(const ColumnPlan* plan, RowCursor* cur):
    cdef uint64_t bits = load_u64(take(plan, cur, 8))
    cdef double value
    if bits == 0xFFFFFFFFFFFFFFFFULL:
        return None
    memcpy(&value, &bits, 8)
    return PyFloat_FromDouble(value)


cdef object decode_smallfloat(const ColumnPlan* plan, RowCursor* cur):
    cdef uint32_t bits = load_u32(take(plan, cur, 4))
    cdef float value
    if bits == 0xFFFFFFFF:
        return None
    memcpy(&value, &bits, 4)
    return PyFloat_FromDouble(value)


cdef object decode_char(const ColumnPlan* plan, RowCursor* cur):
    """Fixed width, blank padded; a leading nul marks NULL (§6.7)."""
    cdef const char* raw = take(plan, cur, plan.width)
    cdef Py_ssize_t n = plan.width
    if n == 0 or raw[0] == 0:
        return None
    while n > 0 and (raw[n - 1] == 32 or raw[n - 1] == 0):
        n -= 1
    return decode_text(raw, n, plan.codec, plan.encoding)


cdef object decode_varchar(const ColumnPlan* plan, RowCursor* cur):
    """u8 length + bytes; the single byte 00 is NULL (§6.8)."""
    cdef Py_ssize_t n = <uint8_t>take(plan, cur, 1)[0]
    cdef const char* raw = take(plan, cur, n)
    if n == 1 and raw[0] == 0:
        return None
    while n > 0 and raw[n - 1] == 0:
        n -= 1
    return decode_text(raw, n, plan.codec, plan.encoding)


cdef const char* take_envelope(const ColumnPlan* plan, RowCursor* cur, Py_ssize_t* length) except NULL:
    """UDT envelope (§6.13): u8 indicator (1 = NULL), i32 length, body. ``length`` -1 for NULL."""
    cdef const char* head = take(plan, cur, 5)
    cdef int32_t n = <int32_t>load_u32(head + 1)
    if n < 0:
        raise_bad_value(plan, f"negative UDT length {n}")
    if head[0] == 1:
        length[0] = -1
        return head
    length[0] = n
    return take(plan, cur, n)


cdef object decode_lvarchar(const ColumnPlan* plan, RowCursor* cur):
    cdef Py_ssize_t n
    cdef const char* body = take_envelope(plan, cur, &n)
    if n < 0:
        return None
    return decode_text(body, n, plan.codec, plan.encoding)


cdef object decode_boolean(const ColumnPlan* plan, RowCursor* cur):
    """BOOLEAN in a UDT envelope: 't', 'T' or byte 1 is true."""
    cdef Py_ssize_t n
    cdef const char* body = take_envelope(plan, cur, &n)
    if n < 0:
        return None
    return PyBool_FromLong(n > 0 and (body[0] == b't' or body[0] == b'T' or body[0] == 1))


cdef object decode_date(const ColumnPlan* plan, RowCursor* cur):
    """i32 days since 1899-12-31 -> date, by civil-from-days arithmetic (no Python calls)."""
    cdef int32_t days = <int32_t>load_u32(take(plan, cur, 4))
    cdef int64_t z, era, doe, yoe, doy, mp, year, month, day
    if days == <int32_t>0x80000000:
        return None
    if days < DATE_MIN_DAYS or days > DATE_MAX_DAYS:
        raise_bad_value(plan, f"DATE day number {days} is outside 0001-01-01..9999-12-31")
    z = <int64_t>days - DAYS_1899_TO_1970 + 719468   # >= 0 within the checked range
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return date_new(<int>year, <int>month, <int>day)


cdef int digit_byte(const ColumnPlan* plan, const char* raw, Py_ssize_t i) except -1:
    cdef uint8_t value = <uint8_t>raw[i]
    if value > 99:
        raise_bad_value(plan, f"digit byte {value} is not base-100")
    return value


cdef Py_ssize_t decimal_digits(const ColumnPlan* plan, const char* raw, uint8_t* pairs, int* exponent,
                               bint* negative) except -1:
    """Base-100 digits of a non-NULL packed DECIMAL (§6.9) as a magnitude: ``pairs`` gets the
    ``plan.width - 1`` digit pairs (complement undone), ``exponent`` the pairs before the point."""
    cdef Py_ssize_t ndigits = plan.width - 1, i
    cdef uint8_t head = <uint8_t>raw[0]
    cdef int borrow
    negative[0] = (head & 0x80) == 0
    exponent[0] = ((head ^ 0x7F) & 0x7F if negative[0] else head & 0x7F) - 64
    for i in range(ndigits):
        pairs[i] = <uint8_t>raw[i + 1]
        if pairs[i] > 99:
            digit_byte(plan, raw + 1, i)    # raises
    if negative[0]:
        # Base-100 complement from the right: trailing zeros stay, the first non-zero digit
        # d becomes 100 - d, every digit left of it 99 - d.
        borrow = 100
        for i in range(ndigits - 1, -1, -1):
            if pairs[i] == 0 and borrow == 100:
                continue
            pairs[i] = <uint8_t>(borrow - pairs[i])
            borrow = 99
    return ndigits


cdef Py_ssize_t decimal_text(const ColumnPlan* plan, const char* raw, char* text) except -1:
    """A non-NULL packed DECIMAL as plain decimal text (trailing fraction zeros dropped) in
    ``text`` (DECIMAL_TEXT_MAX bytes); returns its length, 0 for the value zero."""
    cdef Py_ssize_t ndigits, i, first, last, point, n = 0
    cdef int exponent
    cdef bint negative
    cdef uint8_t pairs[128]
    cdef char digits[256]
    ndigits = decimal_digits(plan, raw, pairs, &exponent, &negative)
    for i in range(ndigits):
        digits[2 * i] = <char>(48 + pairs[i] // 10)
        digits[2 * i + 1] = <char>(48 + pairs[i] % 10)
    first = 0
    while first < 2 * ndigits and digits[first] == 48:
        first += 1
    if first == 2 * ndigits:
        return 0
    last = 2 * ndigits - 1
    while digits[last] == 48:
        last -= 1
    point = 2 * exponent            # decimal digits of `digits` before the point
    if negative:
        text[n] = 45                # '-'
        n += 1
    if last < point:                # an integer: significant digits, then zeros up to the point
        for i in range(first, last + 1):
            text[n] = digits[i]
            n += 1
        for i in range(last + 1, point):
            text[n] = 48
            n += 1
    else:
        if first < point:
            for i in range(first, point):
                text[n] = digits[i]
                n += 1
        else:
            text[n] = 48
            n += 1
        text[n] = 46                # '.'
        n += 1
        for i in range(point, first):
            text[n] = 48
            n += 1
        for i in range(first if first > point else point, last + 1):
            text[n] = digits[i]
            n += 1
    return n


cdef inline bint packed_is_null(const char* raw) noexcept:
    return raw[0] == 0 and raw[1] == 0


cdef object decode_decimal(const ColumnPlan* plan, RowCursor* cur):
    """Packed base-100 DECIMAL/MONEY (§6.9) -> Decimal, trailing fraction zeros dropped."""
    cdef const char* raw = take(plan, cur, plan.width)
    cdef char text[DECIMAL_TEXT_MAX]
    cdef Py_ssize_t n
    if packed_is_null(raw):
        return None
    n = decimal_text(plan, raw, text)
    if n == 0:
        return DECIMAL_ZERO
    return DecimalType(PyUnicode_DecodeASCII(text, n, NULL))


cdef inline bint is_leap(int year) noexcept nogil:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


cdef int days_in_month(int year, int month) noexcept nogil:
    if month == 2:
        return 29 if is_leap(year) else 28
    if month == 4 or month == 6 or month == 9 or month == 11:
        return 30
    return 31


cdef struct DatetimeFields:
    int year, month, day, hour, minute, second, micro


cdef int datetime_fields(const ColumnPlan* plan, const char* raw, DatetimeFields* f) except -1:
    """Fields of a non-NULL DATETIME per qualifier (§6.11), validated.

    A normalised value (smaller exponent, leading zero bytes left out) is re-aligned by its
    head byte's exponent; the fraction is truncated to the qualifier's digits. Fields outside
    the qualifier are year 1, month 1, day 1, zero time.
    """
    cdef int start = plan.start_unit, end = plan.end_unit
    cdef Py_ssize_t ndigits = plan.width - 1, at = 0, shift, i
    cdef int fraction_digits, fraction_bytes
    cdef uint8_t head = <uint8_t>raw[0]
    cdef uint8_t digits[128]
    f.year = f.month = f.day = 1
    f.hour = f.minute = f.second = f.micro = 0
    for i in range(ndigits):
        digits[i] = <uint8_t>digit_byte(plan, raw + 1, i)
    if not head & 0x80:
        raise_bad_value(plan, "a DATETIME cannot be negative")
    shift = plan.exponent - ((head & 0x7F) - 64)
    if shift < 0:
        raise_bad_value(plan, f"DATETIME exponent {(head & 0x7F) - 64} exceeds its qualifier")
    if shift > 0:
        for i in range(ndigits - shift if ndigits > shift else 0, ndigits):
            if digits[i]:
                raise_bad_value(plan, "DATETIME value has more digits than its qualifier")
        for i in range(ndigits - 1, -1, -1):
            digits[i] = digits[i - shift] if i >= shift else 0
    if start == TU_YEAR:
        f.year = digits[0] * 100 + digits[1]
        at = 2
    if start <= TU_MONTH <= end:
        f.month = digits[at]
        at += 1
    if start <= TU_DAY <= end:
        f.day = digits[at]
        at += 1
    if start <= TU_HOUR <= end:
        f.hour = digits[at]
        at += 1
    if start <= TU_MINUTE <= end:
        f.minute = digits[at]
        at += 1
    if start <= TU_SECOND <= end:
        f.second = digits[at]
        at += 1
    if end > TU_SECOND:
        fraction_digits = end - TU_SECOND
        fraction_bytes = (fraction_digits + 1) // 2
        for i in range(fraction_bytes):
            f.micro = f.micro * 100 + digits[at + i]
        if fraction_digits & 1:
            f.micro //= 10
        for i in range(6 - fraction_digits):
            f.micro *= 10
    if (f.year < 1 or f.month < 1 or f.month > 12 or f.day < 1 or f.day > days_in_month(f.year, f.month)
            or f.hour > 23 or f.minute > 59 or f.second > 59):
        raise_bad_value(
            plan, f"DATETIME fields {f.year:04d}-{f.month:02d}-{f.day:02d} "
                  f"{f.hour:02d}:{f.minute:02d}:{f.second:02d} are invalid"
        )
    return 0


cdef object decode_datetime(const ColumnPlan* plan, RowCursor* cur):
    """DATETIME per qualifier (§6.11) -> date, time or datetime."""
    cdef const char* raw = take(plan, cur, plan.width)
    cdef DatetimeFields f
    if packed_is_null(raw):
        return None
    datetime_fields(plan, raw, &f)
    if plan.start_unit >= TU_HOUR:
        return time_new(f.hour, f.minute, f.second, f.micro, None)
    if plan.end_unit <= TU_DAY:
        return date_new(f.year, f.month, f.day)
    return datetime_new(f.year, f.month, f.day, f.hour, f.minute, f.second, f.micro, None)


cdef object decode_in_python(const ColumnPlan* plan, RowCursor* cur):
    """Types without a native decoder: informix_db.types.decode_tuple_value on the payload."""
    decode, column, encoding = <tuple>plan.fallback
    try:
        value, new_pos = decode(column, <bytes>cur.payload, cur.pos, encoding)
    except FALLBACK_ERRORS as exc:
        raise ProtocolError(f"column {plan.index} ({column.name}): {exc}") from exc
    if type(new_pos) is not int or not cur.pos <= new_pos <= cur.size:
        raise_bad_value(plan, f"decoder of {column.name} ended at {new_pos!r}, outside the payload")
    cur.pos = new_pos
    return value


def c_has_decoder(str kind):
    """Whether this module has a column decoder for ``kind`` (checked against
    informix_db.types.codecs.DECODER_KINDS by tests/arrow/test_constants.py)."""
    try:
        decoder_for(kind)
    except ValueError:
        return False
    return True


cdef column_decoder decoder_for(str kind) except NULL:
    """The C decoder of a kind named by informix_db.types.codecs.plan_column."""
    if kind == "smallint":
        return decode_smallint
    if kind == "integer":
        return decode_integer
    if kind == "bigint":
        return decode_bigint
    if kind == "int8":
        return decode_int8
    if kind == "float":
        return decode_float
    if kind == "smallfloat":
        return decode_smallfloat
    if kind == "char":
        return decode_char
    if kind == "varchar":
        return decode_varchar
    if kind == "lvarchar":
        return decode_lvarchar
    if kind == "boolean":
        return decode_boolean
    if kind == "date":
        return decode_date
    if kind == "decimal":
        return decode_decimal
    if kind == "datetime":
        return decode_datetime
    if kind == "python":
        return decode_in_python
    raise ValueError(f"no decoder for column kind {kind!r}")


cdef class RowDecoder:
    """Decodes SQ_TUPLE payloads of one column list into plain tuples.

    One decoder per column is chosen here, once; ``decode`` then only calls through the
    chosen C function pointers.
    """

    def __cinit__(self, columns, str encoding not None):
        cdef Py_ssize_t i
        cdef ColumnPlan* plan
        self._slots = NULL
        self.columns = tuple(columns)
        self.encoding = encoding
        self._ncols = len(self.columns)
        self._keepalive = []
        self._needs_payload = False
        codec = codec_of(encoding)
        self._encoding_name = codecs.lookup(encoding).name.encode("ascii")
        self._slots = <ColumnSlot*>PyMem_Malloc(sizeof(ColumnSlot) * (self._ncols or 1))
        if self._slots == NULL:
            raise MemoryError()
        for i, column in enumerate(self.columns):
            kind, width, start_unit, end_unit, exponent = plan_column(column)
            plan = &self._slots[i].plan
            plan.index = i
            plan.width = width
            plan.start_unit = start_unit
            plan.end_unit = end_unit
            plan.exponent = exponent
            plan.codec = codec
            plan.encoding = <const char*>self._encoding_name
            plan.fallback = NULL
            self._slots[i].decode = decoder_for(kind)
            if kind == "python":
                from informix_db.types import decode_tuple_value

                fallback = (decode_tuple_value, column, encoding)
                self._keepalive.append(fallback)
                plan.fallback = <PyObject*>fallback
                self._needs_payload = True

    def __dealloc__(self):
        PyMem_Free(self._slots)

    cdef tuple _decode_row(self, const char* data, Py_ssize_t size, object payload):
        cdef RowCursor cur
        cdef Py_ssize_t i
        cdef ColumnSlot* slot
        if self._needs_payload and payload is None:
            payload = PyBytes_FromStringAndSize(data, size)
        cur.data = data
        cur.size = size
        cur.pos = 0
        cur.payload = <PyObject*>payload
        row = PyTuple_New(self._ncols)
        for i in range(self._ncols):
            slot = &self._slots[i]
            value = slot.decode(&slot.plan, &cur)
            Py_INCREF(value)
            PyTuple_SET_ITEM(row, i, value)
        if cur.pos != size:
            raise ProtocolError(f"tuple payload has {size - cur.pos} bytes beyond its {self._ncols} columns")
        return row

    def decode(self, payload):
        """One SQ_TUPLE payload (bytes-like, without tag/warn/size/pad) -> tuple."""
        cdef Py_buffer view
        PyObject_GetBuffer(payload, &view, PyBUF_SIMPLE)
        try:
            return self._decode_row(<const char*>view.buf, view.len, payload if type(payload) is bytes else None)
        finally:
            PyBuffer_Release(&view)
