"""Shared helpers of the Arrow tests: the Arrow form of a tuple-path value."""

from __future__ import annotations

import pytest

from informix_db._impl import wire_implementations

pa = pytest.importorskip("pyarrow")


def arrow_form(value, fmt: str):
    """What ``to_pylist()`` of the Arrow column must give for a tuple-path ``value``."""
    if value is None:
        return None
    if fmt == "g":
        return float(value)
    if fmt == "tin":
        return pa.MonthDayNano([value.months, 0, 0])
    if fmt == "z":
        return bytes(getattr(value, "raw", value))
    return value


def arrow_rows(rows, fields) -> list[tuple]:
    """Tuple-path rows in their expected Arrow form (fields: [(name, format)] as bytes)."""
    formats = [fmt.decode() for _, fmt in fields]
    return [tuple(arrow_form(v, f) for v, f in zip(row, formats)) for row in rows]


def table_rows(table) -> list[tuple]:
    """Rows of a pyarrow table as tuples (by position: column names may repeat)."""
    return list(zip(*(column.to_pylist() for column in table.columns)))


@pytest.fixture(params=[pytest.param(m, id=m.__name__.rsplit(".", 1)[-1]) for m in wire_implementations()])
def w(request):
    """Each wire implementation in turn (pure Python, then compiled)."""
    return request.param


@pytest.fixture
def batch_byte_limit():
    """Sets the string/binary byte limit of new Arrow batches in every wire implementation
    (instead of 2 GiB), restored after the test."""
    saved = []

    def lower(limit: int) -> None:
        saved.extend((module, module._set_batch_byte_limit_for_tests(limit)) for module in wire_implementations())

    yield lower
    for module, previous in reversed(saved):
        module._set_batch_byte_limit_for_tests(previous)
