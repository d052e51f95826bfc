"""Pure-Python twin of the compiled ``ArrowBatchBuilder``/``ArrowStream`` (needs pyarrow).

Rows are decoded by the tuple path's ``RowDecoder`` and turned into pyarrow record batches
column by column, so both implementations give the same values (differential tests).
"""

from __future__ import annotations

import datetime

from ..arrow.schema import arrow_fields, decimal_unscaled
from ..exceptions import ProtocolError
from .decoders import RowDecoder

_INT32_LIMIT = 0x7FFFFFFF


def _pyarrow():
    try:
        import pyarrow
    except ImportError as exc:
        raise ImportError("the pure-Python Arrow path needs pyarrow: pip install 'informix-fast[arrow]'") from exc
    return pyarrow


def arrow_type(fmt: str):
    """A pyarrow type from an Arrow C format string of informix_db.arrow.schema."""
    pa = _pyarrow()
    if fmt.startswith("d:"):
        precision, scale = map(int, fmt[2:].split(","))
        return pa.decimal128(precision, scale)
    return {
        "s": pa.int16(), "i": pa.int32(), "l": pa.int64(), "f": pa.float32(), "g": pa.float64(),
        "b": pa.bool_(), "u": pa.string(), "z": pa.binary(), "tdD": pa.date32(),
        "ttu": pa.time64("us"), "tss:": pa.timestamp("s"), "tsm:": pa.timestamp("ms"),
        "tsu:": pa.timestamp("us"), "tDu": pa.duration("us"), "tin": pa.month_day_nano_interval(),
    }[fmt]


def _converter(fmt: str, scale: int, index: int):
    """Tuple-path value -> the value pyarrow takes for the Arrow type (None stays None)."""
    pa = _pyarrow()

    def bad(value, what):
        raise ProtocolError(f"column {index}: {type(value).__name__} for a {what} column")

    if fmt.startswith("d:"):
        def to_decimal(value):
            decimal_unscaled(value, scale)  # refuses digits beyond the scale, as the compiled path
            return value
        return to_decimal
    if fmt == "g":
        return float
    if fmt == "u":
        return lambda value: value if isinstance(value, str) else bad(value, "string")
    if fmt == "z":
        def to_bytes(value):
            raw = getattr(value, "raw", value)
            return bytes(raw) if isinstance(raw, (bytes, bytearray)) else bad(value, "binary")
        return to_bytes
    if fmt == "tin":
        return lambda value: pa.MonthDayNano([value.months, 0, 0])
    if fmt.startswith("ts"):
        def to_datetime(value):
            if isinstance(value, datetime.datetime):
                return value
            if isinstance(value, datetime.date):
                return datetime.datetime(value.year, value.month, value.day)
            return bad(value, "timestamp")
        return to_datetime
    return None


class ArrowBatchBuilder:
    """SQ_TUPLE payloads (or tuple-path rows) -> pyarrow record batches of ``batch_size`` rows."""

    def __init__(self, columns, encoding: str, batch_size=None) -> None:
        if batch_size is not None and batch_size < 0:
            raise ValueError("batch_size must be positive")
        self.columns = tuple(columns)
        self.batch_size = batch_size or 0
        self._decoder = RowDecoder(self.columns, encoding)
        specs = arrow_fields(self.columns)
        self.fields = [(f.name.encode("utf-8"), f.format.encode("ascii")) for f in specs]
        self._schema = _pyarrow().schema([(f.name, arrow_type(f.format)) for f in specs])
        self._converters = [_converter(f.format, f.scale, i) for i, f in enumerate(specs)]
        self._rows: list = []
        self._sealed: list = []

    @property
    def rows(self) -> int:
        return len(self._rows)

    def append_row(self, payload) -> None:
        self.append_rows([self._decoder.decode(payload)])

    def append_rows(self, rows) -> None:
        ncols = len(self.columns)
        for row in rows:
            if len(row) != ncols:
                raise ValueError(f"row has {len(row)} values for {ncols} columns")
            self._rows.append(row)
            if self.batch_size and len(self._rows) >= self.batch_size:
                self._seal()

    def _seal(self) -> None:
        pa = _pyarrow()
        arrays = []
        for index, (convert, field) in enumerate(zip(self._converters, self._schema)):
            values = [row[index] for row in self._rows]
            if convert is not None:
                values = [None if v is None else convert(v) for v in values]
            arrays.append(pa.array(values, type=field.type))
        self._sealed.append(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        self._rows = []

    def take_batches(self) -> list:
        batches, self._sealed = self._sealed, []
        return batches

    def finish(self) -> list:
        if self._rows:
            self._seal()
        return self.take_batches()


class ArrowStream:
    """Record batches with one schema behind the Arrow PyCapsule stream interface."""

    def __init__(self, fields: list, batches) -> None:
        self._fields = fields
        self._batches = iter(batches)

    def _schema(self):
        pa = _pyarrow()
        return pa.schema([(name.decode("utf-8"), arrow_type(fmt.decode("ascii"))) for name, fmt in self._fields])

    def __arrow_c_schema__(self):
        return self._schema().__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema=None):
        if self._batches is None:
            raise ValueError("this Arrow stream was already exported")
        batches, self._batches = self._batches, None
        reader = _pyarrow().RecordBatchReader.from_batches(self._schema(), batches)
        return reader.__arrow_c_stream__(requested_schema)
