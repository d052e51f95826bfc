# Big-endian loads and text decoding shared by the buffers and the column decoders, and the
# protocol numbers the C code writes (checked against informix_db.types.typecodes and
# informix_db.protocol.constants by tests/arrow/test_constants.py through c_constants()).

cdef enum:
    TC_CHAR = 0
    TC_INTEGER = 2
    TC_FLOAT = 3
    TC_DECIMAL = 5
    TC_DATE = 7
    TC_BYTE = 11
    TC_TEXT = 12
    TC_BIGINT = 52
    TU_YEAR = 0
    TU_MONTH = 2
    TU_DAY = 4
    TU_HOUR = 6
    TU_MINUTE = 8
    TU_SECOND = 10
    SQ_ID = 4
    SQ_BIND = 5
    SQ_EOT = 12
    SQ_DONE = 15
    SQ_COST = 55
    SQ_INSERTDONE = 94
    SQ_XACTSTAT = 99


def c_constants():
    """The protocol numbers compiled into this module, by their Python names."""
    return {"CHAR": TC_CHAR, "INTEGER": TC_INTEGER, "FLOAT": TC_FLOAT, "DECIMAL": TC_DECIMAL,
            "DATE": TC_DATE, "BYTE": TC_BYTE, "TEXT": TC_TEXT, "BIGINT": TC_BIGINT, "TU_YEAR": TU_YEAR,
            "TU_MONTH": TU_MONTH, "TU_DAY": TU_DAY, "TU_HOUR": TU_HOUR, "TU_MINUTE": TU_MINUTE,
            "TU_SECOND": TU_SECOND, "SQ_ID": SQ_ID,
            "SQ_BIND": SQ_BIND, "SQ_TUPLE": SQ_TUPLE, "SQ_EOT": SQ_EOT, "SQ_DONE": SQ_DONE,
            "SQ_COST": SQ_COST, "SQ_INSERTDONE": SQ_INSERTDONE, "SQ_XACTSTAT": SQ_XACTSTAT}

cdef extern from "Python.h":
    # Declared returning a raw pointer so a decode failure can be turned into ProtocolError
    # without a try/except frame on the hot path.
    PyObject* raw_decode_utf8 "PyUnicode_DecodeUTF8" (const char* s, Py_ssize_t size, const char* errors)
    PyObject* raw_decode "PyUnicode_Decode" (const char* s, Py_ssize_t size, const char* encoding, const char* errors)
    object PyUnicode_DecodeLatin1(const char* s, Py_ssize_t size, const char* errors)
    PyObject* raw_encode_utf8 "PyUnicode_AsUTF8String" (object text)
    PyObject* raw_encode_latin1 "PyUnicode_AsLatin1String" (object text)
    PyObject* raw_encode "PyUnicode_AsEncodedString" (object text, const char* encoding, const char* errors)
    long long PyLong_AsLongLongAndOverflow(object value, int* overflow) except? -1


cdef inline uint16_t load_u16(const char* p) noexcept nogil:
    cdef const uint8_t* b = <const uint8_t*>p
    return <uint16_t>((b[0] << 8) | b[1])


cdef inline uint32_t load_u32(const char* p) noexcept nogil:
    cdef const uint8_t* b = <const uint8_t*>p
    return (<uint32_t>b[0] << 24) | (<uint32_t>b[1] << 16) | (<uint32_t>b[2] << 8) | <uint32_t>b[3]


cdef inline uint64_t load_u64(const char* p) noexcept nogil:
    return (<uint64_t>load_u32(p) << 32) | <uint64_t>load_u32(p + 4)


cdef inline void store_u16(char* p, uint16_t v) noexcept nogil:
    p[0] = <char>(v >> 8)
    p[1] = <char>v


cdef inline void store_u32(char* p, uint32_t v) noexcept nogil:
    p[0] = <char>(v >> 24)
    p[1] = <char>(v >> 16)
    p[2] = <char>(v >> 8)
    p[3] = <char>v


cdef inline void store_u64(char* p, uint64_t v) noexcept nogil:
    store_u32(p, <uint32_t>(v >> 32))
    store_u32(p + 4, <uint32_t>v)


cdef int codec_of(str encoding) except -1:
    """Classifies a Python codec name; unknown names raise LookupError up front."""
    name = codecs.lookup(encoding).name
    if name == "utf-8":
        return CODEC_UTF8
    if name == "iso8859-1":
        return CODEC_LATIN1
    return CODEC_OTHER


cdef object decode_text(const char* data, Py_ssize_t size, int codec, const char* encoding):
    """Bytes -> str with the connection codec; undecodable bytes raise ProtocolError."""
    cdef PyObject* text
    if codec == CODEC_LATIN1:
        return PyUnicode_DecodeLatin1(data, size, NULL)
    if codec == CODEC_UTF8:
        text = raw_decode_utf8(data, size, NULL)
    else:
        text = raw_decode(data, size, encoding, NULL)
    if text == NULL:
        raise_undecodable(data, size, encoding)
    result = <object>text
    Py_DECREF(result)   # the cast took a second reference
    return result


cdef int raise_undecodable(const char* data, Py_ssize_t size, const char* encoding) except -1:
    # Cold path: a C-level decode failed; redo it in Python to chain the original error.
    PyErr_Clear()
    raw = PyBytes_FromStringAndSize(data, size)
    codec_name = encoding.decode("ascii") if encoding != NULL else "utf-8"
    try:
        raw.decode(codec_name)
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"text bytes are not valid {codec_name}: {exc}") from exc
    raise ProtocolError(f"text bytes could not be decoded as {codec_name}")
