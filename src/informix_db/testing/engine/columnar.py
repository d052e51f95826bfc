"""Rows as Arrow columns, DuckDB's fastest way in and out, where pyarrow is installed."""

from __future__ import annotations

import re
import warnings

try:
    import pyarrow
except ImportError:  # the engine then moves rows as Python lists
    pyarrow = None

# DuckDB suggests its relational API for Arrow output, which refuses to run while a cursor of the
# session's connection is still open; the copy it warns about costs less than the rows as tuples.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
_ARROW_TYPES = {} if pyarrow is None else {
    "SMALLINT": pyarrow.int16(),
    "INTEGER": pyarrow.int32(),
    "BIGINT": pyarrow.int64(),
    "DOUBLE": pyarrow.float64(),
    "REAL": pyarrow.float32(),
    "FLOAT": pyarrow.float32(),
    "VARCHAR": pyarrow.string(),
    "DATE": pyarrow.date32(),
    "BOOLEAN": pyarrow.bool_(),
}


def arrow_type(duck_type: str):
    """The Arrow type holding values of a DuckDB storage type exactly; None if there is none here."""
    found = _DECIMAL.fullmatch(duck_type)
    if found and pyarrow is not None:
        return pyarrow.decimal128(int(found.group(1)), int(found.group(2)))
    return _ARROW_TYPES.get(duck_type)


def arrow_table(names: list[str], storage: list[str], columns: list[list]):
    """An Arrow table of ``columns`` typed as their DuckDB ``storage``; None when pyarrow is
    missing or a value does not convert exactly (the caller then uses Python lists)."""
    types = [arrow_type(duck) for duck in storage]
    if pyarrow is None or None in types:
        return None
    try:
        arrays = [pyarrow.array(values, type=kind) for values, kind in zip(columns, types)]
    except (pyarrow.ArrowException, TypeError, ValueError, OverflowError):
        return None
    return pyarrow.table(arrays, names=[f"c{i}" for i in range(len(arrays))])


def concat(rows: list[tuple], rest):
    """The Arrow table of ``rows`` (Python values of ``rest``'s columns) followed by ``rest``."""
    head = pyarrow.Table.from_arrays(
        [pyarrow.array(list(values), type=field.type) for values, field in zip(zip(*rows), rest.schema)],
        schema=rest.schema,
    )
    return pyarrow.concat_tables([head, rest])


def fetch_table(result):
    """The rest of a DuckDB result as an Arrow table (the method's name differs across versions)."""
    fetch = getattr(result, "to_arrow_table", None) or result.fetch_arrow_table
    return fetch()


def is_table(value) -> bool:
    return pyarrow is not None and isinstance(value, pyarrow.Table)
