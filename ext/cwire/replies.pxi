# The reply to one BIND+EXECUTE in its plain success shape (PROTOCOL.md §4.3-§4.6, §5.8):
# {SQ_DONE | SQ_COST | SQ_XACTSTAT | SQ_INSERTDONE}* SQ_EOT. ReadBuffer.read_execute_replies
# reads a run of them without a Python object per reply; anything else is left to the
# general reply parser of the protocol core.


cdef struct ExecuteReply:
    int32_t rowcount     # the last non-negative SQ_DONE row count, else -1
    int64_t lastrowid    # SERIAL8/BIGSERIAL of the last SQ_INSERTDONE, else SQ_DONE's last SERIAL, else 0


cdef Py_ssize_t plain_execute_reply(const char* data, Py_ssize_t at, Py_ssize_t end,
                                    ExecuteReply* reply) noexcept nogil:
    """End offset of the plain reply starting at ``at``, or -1 when it is incomplete or holds
    anything else (SQ_ERR, SQ_FILE, an unknown tag, a SERIAL8 beyond int64)."""
    cdef uint16_t tag
    cdef int32_t serial = 0
    cdef int32_t value
    cdef int64_t serial8 = 0
    cdef int64_t bigserial
    cdef int16_t sign
    cdef uint64_t magnitude
    reply.rowcount = -1
    while True:
        if end - at < 2:
            return -1
        tag = load_u16(data + at)
        at += 2
        if tag == SQ_EOT:
            break
        if tag == SQ_DONE:  # i16 warnings, i32 rows, i32 rowid, i32 serial
            if end - at < 14:
                return -1
            value = <int32_t>load_u32(data + at + 2)
            if value >= 0:
                reply.rowcount = value
            value = <int32_t>load_u32(data + at + 10)
            if value != 0:
                serial = value
            at += 14
        elif tag == SQ_COST:
            if end - at < 8:
                return -1
            at += 8
        elif tag == SQ_XACTSTAT:
            if end - at < 6:
                return -1
            at += 6
        elif tag == SQ_INSERTDONE:  # SERIAL8 as INT8 (i16 sign, u32 low, u32 high), i64 BIGSERIAL
            if end - at < 18:
                return -1
            bigserial = <int64_t>load_u64(data + at + 10)
            if bigserial != 0:
                serial8 = bigserial
            else:
                sign = <int16_t>load_u16(data + at)
                magnitude = <uint64_t>load_u32(data + at + 2) | (<uint64_t>load_u32(data + at + 6) << 32)
                if sign == 0:
                    serial8 = 0
                elif magnitude > <uint64_t>INT64_MAX:
                    return -1
                elif sign < 0:
                    serial8 = -<int64_t>magnitude
                else:
                    serial8 = <int64_t>magnitude
            at += 18
        else:
            return -1
    reply.lastrowid = serial8 if serial8 != 0 else serial
    return at
