"""Query to file: rows stream from a forward-only cursor into a format's writer."""

from __future__ import annotations

from typing import BinaryIO

from .formats import WRITERS
from .records import FileOptions
from .textvalues import Column

FETCH_ROWS = 2000
ARROW_BATCH_ROWS = 65536


def unload(conn, sql: str, stream: BinaryIO, fmt: str = "unl", options: FileOptions | None = None,
           parameters=None, progress=None) -> tuple[int, int]:
    """Write the rows of ``sql`` to ``stream`` in format ``fmt``; ``(rows, bytes)`` written.

    ``progress(rows, nbytes)`` is called after each batch with the running totals.
    """
    options = options or FileOptions()
    cur = conn.cursor(stream=True)
    try:
        cur.execute(sql, parameters)
        if not cur.description:
            raise ValueError("unload needs a statement that returns rows (a SELECT)")
        if getattr(WRITERS[fmt], "takes_arrow", False):
            return _unload_arrow(cur, WRITERS[fmt], stream, options, progress)
        writer = WRITERS[fmt](stream, Column.from_description(cur.description), options)
        rows = nbytes = 0
        while batch := cur.fetchmany(FETCH_ROWS):
            nbytes += writer.write(batch)
            rows += len(batch)
            if progress is not None:
                progress(rows, nbytes)
        nbytes += writer.close()
        return rows, nbytes
    finally:
        cur.close()


def _unload_arrow(cur, writer_class, stream: BinaryIO, options: FileOptions, progress) -> tuple[int, int]:
    """A columnar format: record batches from the Arrow path, memory bounded by one batch."""
    reader = cur.fetch_record_batch(ARROW_BATCH_ROWS)
    writer = writer_class(stream, reader.schema, options)
    rows = nbytes = 0
    for batch in reader:
        nbytes += writer.write(batch)
        rows += batch.num_rows
        if progress is not None:
            progress(rows, nbytes)
    nbytes += writer.close()
    return rows, nbytes
