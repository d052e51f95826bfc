"""What every file format shares: its options, the records it reads, and byte counting."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple

from .textvalues import TextStyle


@dataclass(frozen=True)
class FileOptions:
    """Options of a data file: UNL delimiter, value style (DBDATE, DBMONEY) and encoding."""

    delimiter: str = "|"
    style: TextStyle = field(default_factory=TextStyle)
    encoding: str = "utf-8"


class Record(NamedTuple):
    """One record of a data file: where it starts, its text (for a reject file), its fields,
    and why it cannot be loaded if the reader already knows."""

    line: int
    text: str
    fields: list
    problem: str | None = None


class TextRecordReader:
    """Base of the readers: decodes the file line by line and counts the bytes read."""

    def __init__(self, stream: BinaryIO, options: FileOptions):
        self._stream = stream
        self._encoding = options.encoding
        self._options = options
        self.bytes_read = 0

    @property
    def text_style(self) -> TextStyle:
        """How the file writes DATE and MONEY values (a format with fixed forms overrides it)."""
        return self._options.style

    def column_names(self, table_names: list[str]) -> list[str]:
        """The table columns the file's fields go to, in field order (all of them by default)."""
        return table_names

    def _numbered_lines(self) -> Iterator[tuple[int, str]]:
        for number, raw in enumerate(self._stream, 1):
            self.bytes_read += len(raw)
            try:
                yield number, raw.decode(self._encoding)
            except UnicodeDecodeError as exc:
                raise FileFormatError(number, f"not {self._encoding} text ({exc.reason})") from None


class FileFormatError(Exception):
    """The file cannot be read on (its structure, not one record's values, is broken)."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
