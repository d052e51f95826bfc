"""A cursor's rows as SQ_TUPLE messages, encoded column by column in compiled code.

The engine hands over query results in Arrow form (``ArrowResultCursor``); the compiled
``TupleWriter`` turns integers, floats, dates, ASCII VARCHARs and DECIMALs of up to 18 digits
into tuple bytes in C and leaves every other value to the column's Python encoder, so the
bytes are exactly those the column's codec (``informix_db.types.codecs``) gives.
"""

from __future__ import annotations

from functools import lru_cache

from informix_db.types import typecodes as tc
from informix_db.types.codecs import VARCHAR_MAX, codec_for
from informix_db.types.column import ColumnDesc
from informix_db.types.packed_decimal import packed_width

try:
    from informix_db import _cserver
except ImportError:  # a build without compiled modules: rows are encoded one by one
    _cserver = None

# Rows encoded per Python-encoded column at a time (values beyond a fetch wait in the batch).
BATCH_ROWS = 1024
_WIDEST_INT64_DECIMAL = 18
_ASCII = bytes(range(128))


def tuple_writer(result, columns: list[ColumnDesc], encoding: str):
    """A writer of ``result``'s remaining rows as SQ_TUPLE messages; None unless the result is
    columnar and the compiled module is there."""
    if _cserver is None or not hasattr(result, "record_batches"):
        return None
    schema = result.table.schema
    plans = [
        _plan(col, schema.field(i).type, result.converters[i], result.as_stored[i], encoding)
        for i, col in enumerate(columns)
    ]
    return _cserver.TupleWriter(result.record_batches(BATCH_ROWS), plans)


def _plan(col: ColumnDesc, arrow_type, converter, as_stored: bool, encoding: str) -> tuple:
    """(kind, width, scale, NULL form, exact Python encoding of one value) of one column."""
    encode = codec_for(col, encoding).encode
    python = encode if converter is None else (lambda value: encode(converter(value)))
    kind, width, scale = _cserver.KIND_PYTHON, 0, 0
    if as_stored:
        kind, width, scale = _compiled_kind(col, str(arrow_type), encoding)
    return kind, width, scale, encode(None), python


@lru_cache(maxsize=16)
def _keeps_ascii(encoding: str) -> bool:
    """Whether ``encoding`` writes ASCII text as its ASCII bytes (Arrow holds UTF-8)."""
    try:
        return _ASCII.decode("ascii").encode(encoding) == _ASCII
    except (LookupError, UnicodeError):
        return False


def _compiled_kind(col: ColumnDesc, arrow_type: str, encoding: str) -> tuple[int, int, int]:
    code = col.type_code
    simple = {
        (tc.SMALLINT, "int16"): _cserver.KIND_INT16,
        (tc.INTEGER, "int32"): _cserver.KIND_INT32,
        (tc.SERIAL, "int32"): _cserver.KIND_INT32,
        (tc.BIGINT, "int64"): _cserver.KIND_INT64,
        (tc.BIGSERIAL, "int64"): _cserver.KIND_INT64,
        (tc.FLOAT, "double"): _cserver.KIND_FLOAT64,
        (tc.SMALLFLOAT, "float"): _cserver.KIND_FLOAT32,
        (tc.DATE, "date32[day]"): _cserver.KIND_DATE32,
    }.get((code, arrow_type))
    if simple is not None:
        return simple, 0, 0
    if code in (tc.VARCHAR, tc.NVARCHAR) and arrow_type == "string" and _keeps_ascii(encoding):
        return _cserver.KIND_VARCHAR, (col.encoded_length & 0xFF) or VARCHAR_MAX, 0
    if code in (tc.DECIMAL, tc.MONEY) and arrow_type.startswith("decimal128("):
        precision, scale = (int(part) for part in arrow_type[len("decimal128("):-1].split(","))
        if precision <= _WIDEST_INT64_DECIMAL and scale == col.scale:
            return _cserver.KIND_DECIMAL64, packed_width(col.encoded_length), scale
    return _cserver.KIND_PYTHON, 0, 0
