"""What ``cursor.ingest`` needs besides the executemany pipeline: the rows of the input,
and the Informix column types ``mode="create"`` gives Arrow columns."""

from __future__ import annotations

import re

from ..exceptions import DataError, NotSupportedError, ProgrammingError
from ..types.interval import IntervalYM
from .frames import _require

MODES = ("append", "create", "replace", "create_append")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?")


def check_identifier(name: str, what: str) -> str:
    """Table and column names go into SQL text: plain identifiers only."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        raise ProgrammingError(f"{what} {name!r} is not a plain Informix identifier")
    return name


def informix_type(arrow_type) -> str:
    """The Informix column type holding every value of ``arrow_type`` (mode="create")."""
    pa = _require("pyarrow")
    t = pa.types
    if t.is_int8(arrow_type) or t.is_int16(arrow_type) or t.is_uint8(arrow_type):
        return "SMALLINT"
    if t.is_int32(arrow_type) or t.is_uint16(arrow_type):
        return "INTEGER"
    if t.is_int64(arrow_type) or t.is_uint32(arrow_type):
        return "BIGINT"
    if t.is_uint64(arrow_type):
        return "DECIMAL(20,0)"
    if t.is_float16(arrow_type) or t.is_float32(arrow_type):
        return "SMALLFLOAT"
    if t.is_float64(arrow_type):
        return "FLOAT"
    if t.is_boolean(arrow_type):
        return "BOOLEAN"
    if t.is_decimal(arrow_type):
        if arrow_type.precision > 32:
            raise NotSupportedError(f"{arrow_type}: Informix DECIMAL holds at most 32 digits")
        return f"DECIMAL({arrow_type.precision},{arrow_type.scale})"
    if t.is_string(arrow_type) or t.is_large_string(arrow_type) or getattr(t, "is_string_view", bool)(arrow_type):
        return "LVARCHAR(32739)"
    if t.is_binary(arrow_type) or t.is_large_binary(arrow_type) or t.is_fixed_size_binary(arrow_type):
        return "BYTE"
    if t.is_date(arrow_type):
        return "DATE"
    if t.is_timestamp(arrow_type):
        return {"s": "DATETIME YEAR TO SECOND", "ms": "DATETIME YEAR TO FRACTION(3)"}.get(
            arrow_type.unit, "DATETIME YEAR TO FRACTION(5)")
    if t.is_time(arrow_type):
        return "DATETIME HOUR TO FRACTION(5)"
    if t.is_duration(arrow_type):
        return "INTERVAL DAY(9) TO FRACTION(5)"
    if t.is_interval(arrow_type):
        return "INTERVAL YEAR(9) TO MONTH"
    raise NotSupportedError(f"no Informix column type for Arrow type {arrow_type}")


def create_table_sql(table_name: str, schema) -> str:
    columns = ", ".join(f"{check_identifier(field.name, 'column name')} {informix_type(field.type)}"
                        for field in schema)
    return f"CREATE TABLE {table_name} ({columns})"


def _python_values(column) -> list:
    """One Arrow column as the Python values the bind encoder takes."""
    pa = _require("pyarrow")
    t = pa.types
    if t.is_timestamp(column.type) and column.type.unit == "ns":
        try:
            column = column.cast(pa.timestamp("us", column.type.tz))
        except pa.ArrowInvalid as exc:
            raise DataError(f"nanosecond timestamps do not fit DATETIME FRACTION(5): {exc}") from None
    values = column.to_pylist()
    if t.is_interval(column.type):
        for i, value in enumerate(values):
            if value is not None:
                if value.days or value.nanoseconds:
                    raise DataError(f"interval {value} has days or nanoseconds: only months fit "
                                    "INTERVAL YEAR TO MONTH")
                values[i] = IntervalYM(value.months)
    return values


def column_values(batch, index: int) -> list:
    """Column ``index`` of a record batch as the Python values the bind encoder takes."""
    return _python_values(batch.column(index))


def has_binary_columns(schema) -> bool:
    """BYTE values need an SQ_BBIND section: such batches take the per-row path."""
    pa = _require("pyarrow")
    return any(pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)
               or pa.types.is_fixed_size_binary(f.type) for f in schema)


def batch_rows(batch):
    """Rows of a record batch as tuples of Python values."""
    return zip(*(_python_values(column) for column in batch.columns))


def arrow_source(data):
    """``(schema, iterator of record batches)`` for Arrow data (an object exporting
    ``__arrow_c_stream__``/``__arrow_c_array__``, read batch by batch), else
    ``(None, iterator of row sequences)``."""
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        pa = _require("pyarrow")
        if hasattr(data, "__arrow_c_stream__"):
            reader = pa.RecordBatchReader.from_stream(data)
            return reader.schema, iter(reader)
        batch = pa.record_batch(data)
        return batch.schema, iter([batch])
    if isinstance(data, (str, bytes)):
        raise ProgrammingError("ingest data must be Arrow data or an iterable of rows")
    return None, iter(data)
