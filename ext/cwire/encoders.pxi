# Bind parameter encoding for SQ_BIND (PROTOCOL.md §3.7). Common exact types are written
# straight into the WriteBuffer; every other value goes through
# informix_db.types.encode_bind_value, which defines the format.

cdef object date_type = datetime_module.date
cdef object decimal_type = decimal.Decimal

cdef enum:
    BIND_DECIMAL_DIGIT_BYTES = 17     # informix_db.types.packed_decimal.MAX_DIGIT_BYTES
cdef long DATE_EPOCH_ORDINAL = datetime_module.date(1899, 12, 31).toordinal()


cdef int write_param_head(WriteBuffer wbuf, int16_t type_code, int16_t prec) except -1:
    wbuf._put_i16(type_code)
    wbuf._put_i16(0)
    wbuf._put_i16(prec)
    return 0


cdef bint write_native_param(WriteBuffer wbuf, object value, int codec, const char* encoding) except -1:
    """Writes ``value`` if it has a native encoding here; False sends it to encode_bind_value."""
    cdef type kind = type(value)
    cdef long long number
    cdef double real
    cdef uint64_t bits
    cdef Py_ssize_t n
    cdef int overflow = 0
    if value is None:
        wbuf._put_i16(0)
        wbuf._put_i16(-1)
        wbuf._put_i16(0)
        return True
    if kind is int:
        number = PyLong_AsLongLongAndOverflow(value, &overflow)
        if overflow:
            return False
        if -0x80000000 <= number <= 0x7FFFFFFF:
            write_param_head(wbuf, 2, 0x0A00)            # INTEGER
            wbuf._put_i32(<int32_t>number)
        else:
            write_param_head(wbuf, 52, 0x1300)           # BIGINT
            wbuf._put_i64(<int64_t>number)
        return True
    if kind is float:
        real = value
        memcpy(&bits, &real, 8)
        write_param_head(wbuf, 3, 0)                     # FLOAT
        wbuf._put_i64(<int64_t>bits)
        return True
    if kind is str:
        raw = encode_text(<str>value, codec, encoding)
        if raw is None:
            return False
        n = PyBytes_GET_SIZE(raw)
        if n > 0x7FFF:
            return False
        write_param_head(wbuf, 0, 0)                     # CHAR, i16 length inside the data
        wbuf._put_i16(<int16_t>n)
        wbuf._put_raw(PyBytes_AS_STRING(raw), n)
        wbuf._put_pad(n + 2)
        return True
    if kind is bool:
        write_param_head(wbuf, 0, 0)
        wbuf._put_i16(1)
        wbuf._put_raw("t" if value is True else "f", 1)
        wbuf._put_pad(3)
        return True
    if kind is date_type:
        write_param_head(wbuf, 7, 0)                     # DATE
        wbuf._put_i32(<int32_t>(value.toordinal() - DATE_EPOCH_ORDINAL))
        return True
    if kind is decimal_type:
        return write_decimal_param(wbuf, value)
    return False


cdef bint write_decimal_param(WriteBuffer wbuf, object value) except -1:
    """A finite Decimal as packed base-100 (types.packed_decimal.pack_decimal, bind form);
    False for anything unusual (NaN, exponent or digit count out of range), which the Python
    encoder then reports."""
    cdef uint8_t digits[80]
    cdef Py_ssize_t ndigits, i
    sign, digit_tuple, exponent = value.as_tuple()
    if type(exponent) is not int or len(digit_tuple) > 76 or not -10000 < exponent < 10000:
        return False
    ndigits = len(digit_tuple)
    for i in range(ndigits):
        digits[i + 1] = <uint8_t>(<long>digit_tuple[i])
    return write_decimal_digits(wbuf, sign != 0, digits, ndigits, exponent)


cdef bint write_decimal_digits(WriteBuffer wbuf, bint negative, uint8_t* digits, Py_ssize_t ndigits,
                               int exponent) except -1:
    """Decimal digits ``digits[1..ndigits]`` (``digits`` has room for two more) times
    10**exponent, as a DECIMAL parameter; False if it does not fit the bind form."""
    cdef uint8_t body[BIND_DECIMAL_DIGIT_BYTES + 1]
    cdef Py_ssize_t i, npairs, last, start = 1
    cdef int point, biased, scale
    cdef bint any_digit = False
    for i in range(ndigits):
        any_digit = any_digit or digits[i + 1] != 0
    if not any_digit:
        negative = False
        if not -100 < exponent < 100:
            ndigits = 1
            digits[1] = 0
            exponent = 0
    scale = -exponent if exponent < 0 else 0
    point = <int>ndigits + exponent
    if point & 1:                       # a leading zero keeps pairs aligned on the point
        digits[0] = 0
        start = 0
        ndigits += 1
        point += 1
    if ndigits & 1:
        digits[start + ndigits] = 0
        ndigits += 1
    biased = (point >> 1) + 64
    if not 0 <= biased <= 0x7F:
        return False
    npairs = ndigits >> 1
    last = npairs
    while last > BIND_DECIMAL_DIGIT_BYTES and digits[start + 2 * (last - 1)] == 0 \
            and digits[start + 2 * (last - 1) + 1] == 0:
        last -= 1
    if last > BIND_DECIMAL_DIGIT_BYTES:
        return False
    for i in range(last):
        body[i + 1] = <uint8_t>(digits[start + 2 * i] * 10 + digits[start + 2 * i + 1])
    if negative:
        complement_base100(body + 1, last)
        body[0] = <uint8_t>(biased ^ 0x7F)
    else:
        body[0] = <uint8_t>(biased | 0x80)
    write_param_head(wbuf, 5, <int16_t>((ndigits << 8) | (scale & 0xFF)))   # DECIMAL
    wbuf._put_i16(<int16_t>(last + 1))
    wbuf._put_raw(<const char*>body, last + 1)
    wbuf._put_pad(last + 3)
    return True


cdef void complement_base100(uint8_t* digits, Py_ssize_t n) noexcept:
    """Magnitude digits -> negative form (types.packed_decimal.base100_complement)."""
    cdef Py_ssize_t last = n - 1, i
    while last >= 0 and digits[last] == 0:
        last -= 1
    if last < 0:
        return
    digits[last] = <uint8_t>(100 - digits[last])
    for i in range(last):
        digits[i] = <uint8_t>(99 - digits[i])


cdef object encode_text(str value, int codec, const char* encoding):
    """Encoded bytes, or None when the codec fails (encode_bind_value then reports it)."""
    cdef PyObject* raw
    if codec == CODEC_UTF8:
        raw = raw_encode_utf8(value)
    elif codec == CODEC_LATIN1:
        raw = raw_encode_latin1(value)
    else:
        raw = raw_encode(value, encoding, NULL)
    if raw == NULL:
        PyErr_Clear()
        return None
    result = <object>raw
    Py_DECREF(result)
    return result


def encode_params(WriteBuffer wbuf not None, params, str encoding not None):
    """Writes ``i16 nparams`` and each parameter; returns the BYTE/TEXT payloads for SQ_BBIND.

    Each parameter is ``i16 type, i16 indicator, i16 prec, padded data``, byte for byte what
    ``informix_db.types.encode_bind_value`` produces.
    """
    cdef int codec = codec_of(encoding)
    cdef bytes codec_name = codecs.lookup(encoding).name.encode("ascii")
    cdef list blobs = []
    cdef int16_t type_code, indicator
    params = params if type(params) is list or type(params) is tuple else list(params)
    if len(params) > 0x7FFF:
        raise OverflowError(f"{len(params)} parameters do not fit an i16 count")
    wbuf._put_i16(<int16_t>len(params))
    for value in params:
        if write_native_param(wbuf, value, codec, codec_name):
            continue
        type_code, indicator, prec, data = encode_bind_value_fn()(value, encoding)
        wbuf._put_i16(type_code)
        wbuf._put_i16(indicator)
        wbuf._put_i16(prec)
        wbuf.write_padded(data)
        if indicator == 0 and (type_code == 11 or type_code == 12):   # BYTE / TEXT
            blobs.append(value.encode(encoding) if isinstance(value, str) else bytes(value))
    return blobs


cdef object encode_bind_value_fn():
    from informix_db.types import encode_bind_value
    return encode_bind_value
