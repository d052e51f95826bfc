"""Query to file: rows stream from a forward-only cursor into a format's writer."""

from __future__ import annotations

from typing import BinaryIO

from .formats import WRITERS
from .records import FileOptions
from .textvalues import Column

FETCH_ROWS = 2000


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
