"""Pure-Python twin of the compiled ``ArrowBatchBuilder``/``ArrowStream`` (needs pyarrow).

Rows are decoded by the tuple path's ``RowDecoder`` and turned into pyarrow record batches
column by column, so both implementations give the same values (differential tests).
"""

from __future__ import annotations

from ..arrow.schema import arrow_fields, decimal_unscaled
from ..exceptions import NotSupportedError, ProtocolError
from .decoders import RowDecoder

_INT32_LIMIT = 0x7FFFFFFF
# Most bytes one string/binary column of a batch holds (32-bit offsets). A batch reads it when
# it starts (ArrowBatchBuilder._start_batch); only tests lower it.
_batch_byte_limit = _INT32_LIMIT


def _set_batch_byte_limit_for_tests(limit: int) -> int:
    """Lowers the byte limit of the batches builders start from now on, so a test crosses it
    without 2 GiB of data; returns the previous limit (to restore it)."""
    global _batch_byte_limit
    if not 0 < limit <= _INT32_LIMIT:
        raise ValueError(f"the batch byte limit must be in 1..{_INT32_LIMIT}, not {limit}")
    previous, _batch_byte_limit = _batch_byte_limit, limit
    return previous


def _value_bytes(value) -> int:
    """Bytes a converted string/binary value adds to its column's data (UTF-8 for text)."""
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8"))
    return len(value)


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


def _converter(fmt: str, precision: int, scale: int, index: int):
    """Tuple-path value (not None) -> the value pyarrow takes for the Arrow type; a value the
    type cannot hold is a ProtocolError, as in the compiled builder."""
    pa = _pyarrow()

    def bad(value, what):
        raise ProtocolError(f"column {index}: {type(value).__name__} for a {what} column")

    if fmt.startswith("d:"):
        def to_decimal(value):
            try:
                unscaled = decimal_unscaled(value, scale)
            except ValueError as exc:
                raise ProtocolError(f"column {index}: {exc}") from None
            if abs(unscaled) >= 10 ** precision:
                raise ProtocolError(f"column {index}: DECIMAL value exceeds its precision")
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
    return lambda value: value


class ArrowBatchBuilder:
    """SQ_TUPLE payloads (or tuple-path rows) -> pyarrow record batches of ``batch_size`` rows,
    each sealed early before a row that would take a string/binary column past the byte limit."""

    def __init__(self, columns, encoding: str, batch_size=None) -> None:
        if batch_size is not None and batch_size < 0:
            raise ValueError("batch_size must be positive")
        self.columns = tuple(columns)
        self.batch_size = batch_size or 0
        self._decoder = RowDecoder(self.columns, encoding)
        specs = arrow_fields(self.columns)
        self.fields = [(f.name.encode("utf-8"), f.format.encode("ascii")) for f in specs]
        self._schema = _pyarrow().schema([(f.name, arrow_type(f.format)) for f in specs])
        self._converters = [_converter(f.format, f.precision, f.scale, i) for i, f in enumerate(specs)]
        self._variable = [i for i, f in enumerate(specs) if f.format in ("u", "z")]
        self._sealed: list = []
        self._failed = False
        self._start_batch()

    def _start_batch(self) -> None:
        """Empty columns under the byte limit in force now."""
        self._byte_limit = _batch_byte_limit
        self._values: list[list] = [[] for _ in self.columns]
        self._bytes = [0] * len(self.columns)
        self.rows = 0

    def append_row(self, payload) -> None:
        self._check_usable()
        try:
            row = self._decoder.decode(payload)
        except BaseException:
            self._failed = True
            raise
        self.append_rows([row])

    def append_rows(self, rows) -> None:
        self._check_usable()
        ncols = len(self.columns)
        for row in rows:
            if len(row) != ncols:
                raise ValueError(f"row has {len(row)} values for {ncols} columns")
            try:
                converted = [None if v is None else convert(v) for convert, v in zip(self._converters, row)]
            except BaseException:
                self._failed = True
                raise
            if self._variable:
                self._cut_before(converted)
            for values, value in zip(self._values, converted):
                values.append(value)
            self.rows += 1
            if self.batch_size and self.rows >= self.batch_size:
                self._seal()

    def _cut_before(self, row: list) -> None:
        """Seals the batch before a row that would take a string/binary column past the byte
        limit, so the row starts the next batch; a value over the limit of that batch on its own
        is refused before any of its row is appended."""
        sizes = [(i, _value_bytes(row[i])) for i in self._variable if row[i] is not None]
        if self.rows and any(self._bytes[i] + size > self._byte_limit for i, size in sizes):
            self._seal()
        for i, size in sizes:
            if size > self._byte_limit:
                raise ProtocolError(f"column {i}: a value of {size} bytes is more than a string or "
                                    f"binary Arrow array holds ({self._byte_limit} bytes: 32-bit offsets)")
        for i, size in sizes:
            self._bytes[i] += size

    def _check_usable(self) -> None:
        if self._failed:
            raise ProtocolError("a row failed to decode: this Arrow builder holds a partial row")

    def _seal(self) -> None:
        pa = _pyarrow()
        arrays = [pa.array(values, type=field.type) for values, field in zip(self._values, self._schema)]
        self._sealed.append(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        self._start_batch()

    def take_batches(self) -> list:
        batches, self._sealed = self._sealed, []
        return batches

    def finish(self) -> list:
        self._check_usable()
        if self.rows:
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


class ArrowBindEncoder:
    """The rows of Arrow record batches as SQ_BIND requests (one bytes object per row),
    through their Python values; the compiled twin reads the Arrow buffers directly."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self.rows_encoded = 0

    def encode(self, batch) -> list:
        from ..arrow.ingest import batch_rows
        from ..protocol import constants as c
        from .buffers import WriteBuffer
        from .encoders import encode_params

        out = []
        for row in batch_rows(_pyarrow().record_batch(batch)):
            wbuf = WriteBuffer()
            wbuf.write_i16(c.SQ_ID)
            wbuf.write_i32(c.SQ_BIND)
            try:
                if encode_params(wbuf, row, self._encoding):
                    raise NotSupportedError("BYTE/TEXT values cannot be ingested from Arrow data")
            except Exception as exc:
                exc.args = (f"row {self.rows_encoded}: {exc.args[0] if exc.args else exc}",)
                exc.row_index = self.rows_encoded  # type: ignore[attr-defined]  # as executemany's errors
                raise
            out.append(wbuf.getvalue())
            self.rows_encoded += 1
        return out
