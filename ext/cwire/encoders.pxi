# Bind parameter encoding for SQ_BIND (PROTOCOL.md §3.7). Common exact types are written
# straight into the WriteBuffer; every other value goes through
# informix_db.types.encode_bind_value, which defines the format.

cdef object date_type = datetime_module.date
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
        if bits == 0xFFFFFFFFFFFFFFFFULL:               # FLOAT's NULL pattern: refused there
            return False
        write_param_head(wbuf, 3, 0)                     # FLOAT
        wbuf._put_i64(<int64_t>bits)
        return True
    if kind is str:
        raw = encode_text(<str>value, codec, encoding)
        if raw is None:
            return False
        n = PyBytes_GET_SIZE(raw)
        if n > 0x7FFF or ends_in_nul(PyBytes_AS_STRING(raw), n):
            return False                                 # TEXT, or refused, there
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
    return False


cdef inline bint ends_in_nul(const char* data, Py_ssize_t n):
    """Whether the last byte before any trailing blanks is a NUL (CHAR/VARCHAR would drop it)."""
    while n > 0 and data[n - 1] == b' ':
        n -= 1
    return n > 0 and data[n - 1] == 0


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
