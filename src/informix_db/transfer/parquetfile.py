"""Parquet through the Arrow path: ``unload`` writes the record batches of
``cursor.fetch_record_batch()`` as they arrive, ``load`` reads the file's batches for
``cursor.ingest``. Values never become Python objects on either side.

Parquet has no type for Arrow's month_day_nano_interval (INTERVAL YEAR TO MONTH): such a
column is stored as its int32 month count, marked in the field metadata, and the reader
turns it back into an interval.
"""

from __future__ import annotations

from typing import BinaryIO

from ..arrow import frames
from ..arrow.frames import _require
from .records import FileOptions

_MONTHS_KEY = b"informix_db.interval"
_MONTHS_VALUE = b"months"


class _CountingStream:
    """The output stream with the bytes written counted (standard output cannot tell())."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.written = 0
        self.closed = False

    def write(self, data) -> int:
        self._stream.write(data)
        self.written += len(data)
        return len(data)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self.closed = True  # the caller owns the stream


class ParquetWriter:
    """Writes record batches (``takes_arrow``: unload hands it Arrow, not rows)."""

    takes_arrow = True

    def __init__(self, stream: BinaryIO, schema, options: FileOptions):
        pa = _require("pyarrow")
        pq = _require("pyarrow.parquet")
        self._pa = pa
        self._out = _CountingStream(stream)
        self._months = [i for i, f in enumerate(schema) if pa.types.is_interval(f.type)]
        for i in self._months:
            schema = schema.set(i, pa.field(schema.field(i).name, pa.int32(), metadata={_MONTHS_KEY: _MONTHS_VALUE}))
        self._schema = schema
        self._writer = pq.ParquetWriter(self._out, schema, compression="zstd")
        self._reported = 0

    def write(self, batch) -> int:
        """Write one record batch; the bytes written since the last call."""
        if self._months:
            columns = list(batch.columns)
            for i in self._months:
                columns[i] = frames.interval_months(columns[i])
            batch = self._pa.record_batch(columns, schema=self._schema)
        self._writer.write_batch(batch)
        return self._newly_written()

    def close(self) -> int:
        self._writer.close()
        return self._newly_written()

    def _newly_written(self) -> int:
        written, self._reported = self._out.written - self._reported, self._out.written
        return written


class ParquetReader:
    """The file's record batches of at most ``batch_rows`` rows, intervals restored."""

    def __init__(self, stream: BinaryIO, options: FileOptions):
        pa = _require("pyarrow")
        self._pa = pa
        self._size = stream.seek(0, 2)
        stream.seek(0)
        self._rows_read = 0
        self._file = _require("pyarrow.parquet").ParquetFile(stream)
        schema = self._file.schema_arrow
        self._months = [i for i, f in enumerate(schema)
                        if (f.metadata or {}).get(_MONTHS_KEY) == _MONTHS_VALUE]
        for i in self._months:
            schema = schema.set(i, pa.field(schema.field(i).name, pa.month_day_nano_interval()))
        self.schema = schema
        self.rows = self._file.metadata.num_rows

    @property
    def bytes_read(self) -> int:
        """The file's share of the rows read so far (pyarrow reads column chunks, not in order)."""
        return self._size * self._rows_read // max(self.rows, 1)

    def column_names(self, table_names: list[str]) -> list[str]:
        return self.schema.names

    def batches(self, batch_rows: int):
        pa = self._pa
        for batch in self._file.iter_batches(batch_size=batch_rows):
            if self._months:
                columns = list(batch.columns)
                for i in self._months:
                    columns[i] = pa.array([None if m is None else pa.MonthDayNano([m, 0, 0])
                                           for m in columns[i].to_pylist()], pa.month_day_nano_interval())
                batch = pa.record_batch(columns, schema=self.schema)
            self._rows_read += batch.num_rows
            yield batch
