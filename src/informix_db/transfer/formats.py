"""The file formats ``unload`` writes and ``load`` reads: one writer and one reader each.

A writer is ``Writer(stream, columns, options)`` with ``write(rows) -> bytes written`` and
``close() -> bytes written``; a reader is ``Reader(stream, options)`` with
``column_names(table_columns)``, ``records()`` and ``bytes_read``. A new format (Parquet
through the Arrow path) registers its pair here.
"""

from __future__ import annotations

from .csvfile import CsvReader, CsvWriter
from .jsonlines import JsonLinesReader, JsonLinesWriter
from .unl import UnlReader, UnlWriter

WRITERS = {"unl": UnlWriter, "csv": CsvWriter, "jsonl": JsonLinesWriter}
READERS = {"unl": UnlReader, "csv": CsvReader, "jsonl": JsonLinesReader}
FORMATS = tuple(WRITERS)


def format_of(path: str, requested: str | None) -> str:
    """The format asked for, else the one the file name's extension names, else UNL."""
    if requested:
        return requested
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl"}.get(extension, "unl")
