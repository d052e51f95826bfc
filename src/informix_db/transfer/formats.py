"""The file formats ``unload`` writes and ``load`` reads: one writer and one reader each.

A writer is ``Writer(stream, columns, options)`` with ``write(rows) -> bytes written`` and
``close() -> bytes written``; a reader is ``Reader(stream, options)`` with
``column_names(table_columns)``, ``records()`` and ``bytes_read``. Parquet goes through the
Arrow path instead: its writer (``takes_arrow``) is handed record batches and its reader
yields them for ``cursor.ingest`` (a reader with ``batches`` takes that path in ``load``).
"""

from __future__ import annotations

from .csvfile import CsvReader, CsvWriter
from .jsonlines import JsonLinesReader, JsonLinesWriter
from .parquetfile import ParquetReader, ParquetWriter
from .unl import UnlReader, UnlWriter

WRITERS = {"unl": UnlWriter, "csv": CsvWriter, "jsonl": JsonLinesWriter, "parquet": ParquetWriter}
READERS = {"unl": UnlReader, "csv": CsvReader, "jsonl": JsonLinesReader, "parquet": ParquetReader}
FORMATS = tuple(WRITERS)


def format_of(path: str, requested: str | None) -> str:
    """The format asked for, else the one the file name's extension names, else UNL."""
    if requested:
        return requested
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl", "parquet": "parquet",
            "pq": "parquet"}.get(extension, "unl")
