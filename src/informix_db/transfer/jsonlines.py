"""JSON lines: one object per row keyed by column name; numbers, strings, booleans and null
as JSON has them, DECIMAL/MONEY as strings (exact), other types in their ISO text form."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

from ..types import typecodes as tc
from .records import FileOptions, Record, TextRecordReader
from .textvalues import BOOLEAN_CODE, INTEGER_TYPES, TEXT_TYPES, Column, TextStyle, formatter

_NATIVE_TYPES = INTEGER_TYPES | TEXT_TYPES | {tc.FLOAT, tc.SMALLFLOAT, BOOLEAN_CODE}


class JsonLinesWriter:
    def __init__(self, stream: BinaryIO, columns: list[Column], options: FileOptions):
        self._stream = stream
        self._encoding = options.encoding
        self._names = [col.name for col in columns]
        iso = TextStyle.iso()
        self._render = [None if col.type_code in _NATIVE_TYPES and col.type_code not in (tc.CHAR, tc.NCHAR)
                        else formatter(col, iso) for col in columns]

    def write(self, rows) -> int:
        lines = []
        for row in rows:
            values = [v if f is None or v is None else f(v) for v, f in zip(row, self._render)]
            lines.append(json.dumps(dict(zip(self._names, values)), ensure_ascii=False))
        data = ("\n".join(lines) + "\n").encode(self._encoding) if lines else b""
        self._stream.write(data)
        return len(data)

    def close(self) -> int:
        return 0


class JsonLinesReader(TextRecordReader):
    """Reads one JSON object per line; keys name table columns, absent keys are NULL."""

    text_style = TextStyle.iso()

    def column_names(self, table_names: list[str]) -> list[str]:
        self._names = table_names
        return table_names

    def records(self) -> Iterator[Record]:
        names = self._names
        known = set(names)
        for number, line in self._numbered_lines():
            text = line.rstrip("\n")
            if not text.strip():
                continue
            try:
                obj = json.loads(text, parse_float=Decimal)
            except ValueError as exc:
                yield Record(number, text, [], f"not JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                yield Record(number, text, [], "not a JSON object")
                continue
            unknown = [key for key in obj if key not in known]
            if unknown:
                yield Record(number, text, [], f"no column named {', '.join(map(str, unknown))}")
                continue
            yield Record(number, text, [obj.get(name) for name in names])
