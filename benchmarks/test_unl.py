"""Client CPU of the UNL format: 100,000 rows written and read back, in memory.

The peer has no unload or load, so the reference beside these figures is the stdlib
``csv`` module writing and reading the same values as plain strings (the least a text
format costs in Python). The rows are (INTEGER, VARCHAR(30), DECIMAL(10,2), DATE) with a
NULL in every tenth row and a delimiter to escape in every hundredth.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from informix_db.transfer import FileOptions
from informix_db.transfer.load import _converter
from informix_db.transfer.textvalues import Column, TextStyle
from informix_db.transfer.unl import UnlReader, UnlWriter
from informix_db.types import typecodes as tc

ROWS = 100_000
COLUMNS = [Column("k", tc.INTEGER, 4), Column("name", tc.VARCHAR, 30), Column("amount", tc.DECIMAL, (10 << 8) | 2),
           Column("day", tc.DATE, 4)]
DATA = [(i, None if i % 10 == 0 else (f"name|{i}" if i % 100 == 1 else f"customer {i}"),
         Decimal(i) / 4, dt.date(2026, 1, 1) + dt.timedelta(days=i % 365)) for i in range(ROWS)]


def write_unl() -> bytes:
    out = io.BytesIO()
    writer = UnlWriter(out, COLUMNS, FileOptions())
    for start in range(0, ROWS, 2000):
        writer.write(DATA[start:start + 2000])
    return out.getvalue()


UNL = write_unl()


def read_unl() -> int:
    """Parse every record and convert its fields to the values a load binds."""
    converters = [_converter(col, TextStyle()) for col in COLUMNS]
    count = 0
    for record in UnlReader(io.BytesIO(UNL), FileOptions()).records():
        tuple(None if f is None else c(f) for f, c in zip(record.fields, converters))
        count += 1
    return count


def write_csv() -> int:
    out = io.StringIO()
    csv.writer(out).writerows([None if v is None else str(v) for v in row] for row in DATA)
    return len(out.getvalue())


def write_csv_text() -> str:
    out = io.StringIO()
    csv.writer(out).writerows(DATA)
    return out.getvalue()


@pytest.mark.benchmark(group="unl-write")
def test_unl_write(benchmark):
    assert benchmark.pedantic(write_unl, rounds=3, iterations=1) == UNL


@pytest.mark.benchmark(group="unl-write")
def test_stdlib_csv_write_reference(benchmark):
    assert benchmark.pedantic(write_csv, rounds=3, iterations=1) > 0


@pytest.mark.benchmark(group="unl-read")
def test_unl_read_and_convert(benchmark):
    assert benchmark.pedantic(read_unl, rounds=3, iterations=1) == ROWS


@pytest.mark.benchmark(group="unl-read")
def test_stdlib_csv_read_reference(benchmark):
    text = write_csv_text()
    assert benchmark.pedantic(lambda: sum(1 for _ in csv.reader(io.StringIO(text))), rounds=3, iterations=1) == ROWS
