"""Compiled SQLI wire module: read/write buffers, the row decoder and bind encoding.

Same names and behaviour as the pure-Python twin ``informix_db.wire`` (see
docs/ARCHITECTURE.md, "Contract: the wire module"). Every read checks its length against
the bytes present first (bounds checking is off for the whole module), so a truncated or
hostile stream raises ``NeedMoreData`` or ``ProtocolError``, never reads out of bounds.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_FromStringAndSize
from cpython.buffer cimport PyBUF_SIMPLE, PyObject_GetBuffer, PyBuffer_Release
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.datetime cimport date_new, datetime_new, import_datetime, time_new
from cpython.exc cimport PyErr_Clear
from cpython.list cimport PyList_Append
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.stdint cimport (
    INT32_MIN, INT64_MAX, INT64_MIN, UINT32_MAX, UINT64_MAX, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t,
    uint64_t,
)
from libc.string cimport memcpy, memmove

import codecs
import datetime as datetime_module
import decimal

from informix_db.exceptions import DataError, NotSupportedError, ProgrammingError, ProtocolError
from informix_db.wire.buffers import NeedMoreData
from informix_db.wire.decoders import FALLBACK_ERRORS

import_datetime()

__all__ = ["ArrowBatchBuilder", "ArrowBindEncoder", "ArrowStream", "NeedMoreData", "ReadBuffer", "RowDecoder",
           "WriteBuffer", "encode_params"]

cdef enum:
    # A single length field above this is treated as a desynchronised stream (as the peer does).
    MAX_FIELD_LENGTH = 256 * 1024 * 1024
    # How text columns are decoded: the two common codecs get direct C calls.
    CODEC_LATIN1 = 1
    CODEC_UTF8 = 2
    CODEC_OTHER = 3
    SQ_TUPLE = 14
    MIN_FREE_TAIL = 4096              # smallest writable tail get_buffer() offers
    WRITE_INITIAL_CAPACITY = 256

include "cwire/common.pxi"
include "cwire/decoders.pxi"
include "cwire/arrow_c.pxi"
include "cwire/int128.pxi"
include "cwire/arrow_builder.pxi"
include "cwire/replies.pxi"
include "cwire/buffers.pxi"
include "cwire/encoders.pxi"
include "cwire/arrow_binds.pxi"
