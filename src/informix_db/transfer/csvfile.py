"""CSV through the stdlib ``csv`` module: a header row of column names, ISO dates, NULL as
an empty field (so an empty string reads back as NULL: UNL is the lossless format)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from .records import FileFormatError, FileOptions, Record, TextRecordReader
from .textvalues import Column, TextStyle, formatter


class CsvWriter:
    def __init__(self, stream: BinaryIO, columns: list[Column], options: FileOptions):
        self._stream = stream
        self._encoding = options.encoding
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")
        self._render = [formatter(col, TextStyle.iso()) for col in columns]
        self._csv.writerow([col.name for col in columns])

    def write(self, rows) -> int:
        render = self._render
        self._csv.writerows([None if v is None else f(v) for v, f in zip(row, render)] for row in rows)
        return self._flush()

    def _flush(self) -> int:
        data = self._buffer.getvalue().encode(self._encoding)
        self._buffer.seek(0)
        self._buffer.truncate()
        self._stream.write(data)
        return len(data)

    def close(self) -> int:
        return self._flush()


class CsvReader(TextRecordReader):
    """Reads a CSV file whose first row names the table columns its fields go to."""

    text_style = TextStyle.iso()

    def __init__(self, stream: BinaryIO, options: FileOptions):
        super().__init__(stream, options)
        self._lines = self._numbered_lines()
        self._line = 0
        self._reader = csv.reader(self._text_lines())
        try:
            self._header = next(self._reader)
        except StopIteration:
            raise FileFormatError(1, "the CSV file is empty (it needs a header row)") from None
        except csv.Error as exc:
            raise FileFormatError(self._line, str(exc)) from None

    def _text_lines(self) -> Iterator[str]:
        for number, line in self._lines:
            self._line = number
            yield line

    def column_names(self, table_names: list[str]) -> list[str]:
        return [name.strip() for name in self._header]

    def records(self) -> Iterator[Record]:
        start = self._line + 1
        buffer = io.StringIO()
        echo = csv.writer(buffer, lineterminator="")
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileFormatError(self._line, str(exc)) from None
            echo.writerow(row)
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            yield Record(start, text, [field if field != "" else None for field in row])
            start = self._line + 1
