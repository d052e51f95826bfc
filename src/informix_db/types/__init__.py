"""Value formats of every Informix type, both directions (PROTOCOL.md §3.7, §6).

Pure Python and stdlib only: the client's pure-Python wire module, the embedded server and
the tests share it; the compiled ``_cwire`` module mirrors its behaviour.
"""

from . import typecodes
from .binds import (
    NULL_BIND,
    bind_data_length,
    decode_bind_value,
    encode_bind_value,
)
from .codecs import (
    BLOB_DESCRIPTOR_NULL,
    BLOB_DESCRIPTOR_SIZE,
    Codec,
    blob_descriptor,
    codec_for,
    decode_tuple_value,
    encode_tuple_value,
    plan_column,
)
from .column import ColumnDesc
from .int8 import INT8_WIDTH, pack_int8, unpack_int8
from .interval import IntervalYM
from .packed_decimal import (
    decimal_bind_prec,
    decimal_width,
    pack_decimal,
    packed_width,
    unpack_decimal,
)
from .qualifier import (
    first_precision,
    format_qualifier,
    is_year_month,
    make_qualifier,
    parse_interval_qualifier,
    parse_qualifier,
    qualifier_parts,
    qualifier_width,
)
from .temporal import (
    DATE_EPOCH,
    date_to_days,
    days_to_date,
    pack_datetime,
    pack_interval,
    unpack_datetime,
    unpack_interval,
)
from .udt import BlobLocator, ClobLocator, CollectionValue, RowValue

__all__ = [
    "BLOB_DESCRIPTOR_NULL", "BLOB_DESCRIPTOR_SIZE", "DATE_EPOCH", "INT8_WIDTH", "NULL_BIND",
    "BlobLocator", "ClobLocator", "Codec", "CollectionValue", "ColumnDesc", "IntervalYM", "RowValue",
    "bind_data_length", "blob_descriptor", "codec_for", "date_to_days", "days_to_date", "decimal_bind_prec",
    "decimal_width", "decode_bind_value", "decode_tuple_value", "encode_bind_value",
    "encode_tuple_value", "first_precision", "format_qualifier",
    "is_year_month", "make_qualifier",
    "pack_datetime", "pack_decimal", "pack_int8", "pack_interval", "packed_width",
    "parse_interval_qualifier", "plan_column", "parse_qualifier", "qualifier_parts", "qualifier_width",
    "typecodes", "unpack_datetime", "unpack_decimal", "unpack_int8", "unpack_interval",
]
