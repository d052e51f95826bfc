"""The UNL format of Informix's UNLOAD and LOAD statements (and dbload's delimited files).

One record per row: each field followed by the delimiter (``|`` or ``DBDELIMITER``), then a
newline. A backslash escapes the delimiter, a backslash and a newline inside a value. NULL
is an empty field; an empty (non-NULL) character value is a backslash and a blank (``\\ ``),
as Informix writes it since it stopped using ``||`` for both. CHAR values lose their
trailing blanks; VARCHAR, LVARCHAR and TEXT keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from .records import FileOptions, Record, TextRecordReader
from .textvalues import TEXT_TYPES, Column, ValueFormatError, formatter

EMPTY_STRING = "\\ "
_FORBIDDEN_DELIMITERS = frozenset("\\\n\r0123456789abcdefABCDEF")


def check_delimiter(delimiter: str) -> str:
    """The delimiter if Informix accepts it: one character, not a backslash, newline or hex digit."""
    if len(delimiter) != 1 or delimiter in _FORBIDDEN_DELIMITERS:
        raise ValueError(f"{delimiter!r} cannot be a UNL delimiter (one character, not a backslash, "
                         "newline or hexadecimal digit)")
    return delimiter


class UnlWriter:
    """Writes rows as UNL records, one formatter per column chosen once."""

    def __init__(self, stream: BinaryIO, columns: list[Column], options: FileOptions):
        self._stream = stream
        self._encoding = options.encoding
        delimiter = check_delimiter(options.delimiter)
        self._delimiter = delimiter
        escapes = (("\\", "\\\\"), (delimiter, "\\" + delimiter), ("\n", "\\\n"))
        special = re.compile("[" + re.escape("\\\n" + delimiter) + "]").search
        self._fields = [_field_writer(formatter(col, options.style), col.type_code in TEXT_TYPES, special, escapes,
                                      blank_delimited=delimiter == " ")
                        for col in columns]

    def write(self, rows) -> int:
        """Write a batch of rows; the number of bytes written."""
        delimiter = self._delimiter
        fields = self._fields
        end = delimiter + "\n"
        text = "".join([delimiter.join([f(v) for f, v in zip(fields, row)]) + end for row in rows])
        data = text.encode(self._encoding)
        self._stream.write(data)
        return len(data)

    def close(self) -> int:
        return 0


class UnlReader(TextRecordReader):
    """Reads UNL records: fields are text, ``None`` for NULL and ``""`` for an empty string."""

    def __init__(self, stream: BinaryIO, options: FileOptions):
        super().__init__(stream, options)
        self._delimiter = check_delimiter(options.delimiter)
        self._token = re.compile(r"\\(.)|" + re.escape(self._delimiter), re.DOTALL)

    def records(self) -> Iterator[Record]:
        pending: list[str] = []
        first_line = 0
        for number, line in self._numbered_lines():
            if line.endswith("\\\n") and _ends_with_escape(line[:-1]):
                if not pending:
                    first_line = number
                pending.append(line)  # an escaped newline: the value goes on in the next line
                continue
            if pending:
                pending.append(line)
                line, number, pending = "".join(pending), first_line, []
            text = line[:-1] if line.endswith("\n") else line
            yield Record(number, text, self._split(text))
        if pending:
            text = "".join(pending)
            yield Record(first_line, text, self._split(text))

    def _split(self, text: str) -> list[str | None]:
        """Fields of one record; a delimiter ending the record ends the last field."""
        if "\\" not in text:  # nothing escaped: a plain split
            if not text:
                return []
            fields = text.split(self._delimiter)
            if len(fields) > 1 and not fields[-1]:
                fields.pop()
            return [field or None for field in fields]
        fields: list[str | None] = []
        piece: list[str] = []
        raw_start = 0
        at = 0
        for match in self._token.finditer(text):
            piece.append(text[at:match.start()])
            at = match.end()
            if match.group(1) is not None:
                piece.append(match.group(1))
                continue
            fields.append(_field_value(text[raw_start:match.start()], piece))
            piece = []
            raw_start = at
        if at < len(text) or raw_start < len(text):
            piece.append(text[at:])
            fields.append(_field_value(text[raw_start:], piece))
        return fields


def _field_writer(render, is_text: bool, special, escapes, blank_delimited: bool = False):
    """The function that writes one column's value as a UNL field (without its delimiter).

    With a blank delimiter, a value of one blank would be written as the escaped delimiter,
    ``\\ ``: the very field that means an empty string. It is refused rather than changed."""
    def field(value) -> str:
        if value is None:
            return ""
        text = render(value)
        if blank_delimited and is_text and text == " ":
            raise ValueFormatError("a value of one blank reads back as an empty string when the delimiter "
                                   "is a blank: choose another delimiter")
        if special(text) is None:
            return text if text or not is_text else EMPTY_STRING
        for plain, escaped in escapes:
            text = text.replace(plain, escaped)
        return text
    return field


def _ends_with_escape(body: str) -> bool:
    """True if ``body`` ends with an odd run of backslashes (its last one escapes what follows)."""
    run = len(body) - len(body.rstrip("\\"))
    return run % 2 == 1


def _field_value(raw: str, pieces: list[str]) -> str | None:
    if not raw:
        return None
    if raw == EMPTY_STRING:
        return ""
    return "".join(pieces)
