"""JSON lines: one object per row keyed by column name; numbers, strings, booleans and null
as JSON has them, DECIMAL/MONEY as strings (exact), other types in their ISO text form."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import BinaryIO

from ..types import typecodes as tc
from .records import FileOptions, Record, TextRecordReader
from .textvalues import BOOLEAN_CODE, INTEGER_TYPES, TEXT_TYPES, Column, TextStyle, display_formatter

_NATIVE_TYPES = INTEGER_TYPES | TEXT_TYPES | {tc.FLOAT, tc.SMALLFLOAT}


def object_maker(columns: list[Column]) -> Callable[[Sequence], dict]:
    """The function that turns a row into a JSON-ready dict keyed by column name."""
    names = [col.name for col in columns]
    iso = TextStyle.iso()
    render = [None if _is_native(col) else display_formatter(col, iso) for col in columns]

    def make(row) -> dict:
        return dict(zip(names, [v if f is None or v is None else f(v) for v, f in zip(row, render)]))
    return make


def _is_native(column: Column) -> bool:
    if column.type_code == BOOLEAN_CODE:
        return column.length == 1  # BLOB/CLOB locators share BOOLEAN's code
    return column.type_code in _NATIVE_TYPES


class JsonLinesWriter:
    def __init__(self, stream: BinaryIO, columns: list[Column], options: FileOptions):
        self._stream = stream
        self._encoding = options.encoding
        self._make = object_maker(columns)

    def write(self, rows) -> int:
        lines = [json.dumps(self._make(row), ensure_ascii=False) for row in rows]
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
