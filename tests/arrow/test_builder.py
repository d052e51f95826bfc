"""ArrowBatchBuilder (compiled and pure Python) against the tuple path: the same values for
every type, NULLs and edge values; malformed bytes are ProtocolError, never a crash."""

from __future__ import annotations

import datetime as dt
import importlib.util
import struct
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db import types
from informix_db.exceptions import ProtocolError
from informix_db.types import ColumnDesc
from informix_db.types import typecodes as tc

from .conftest import arrow_rows, pa, table_rows

# The wire-row suite's golden vectors, value strategies and hostile cells are the reference.
_spec = importlib.util.spec_from_file_location(
    "wire_row_vectors", Path(__file__).parent.parent / "unit" / "test_wire_rows.py")
vectors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vectors)


def build(w, columns, payloads, encoding="iso-8859-1", batch_size=None):
    builder = w.ArrowBatchBuilder(columns, encoding, batch_size)
    for payload in payloads:
        builder.append_row(payload)
    return builder, pa.table(w.ArrowStream(builder.fields, builder.finish()))


def expected_rows(w, columns, payloads, fields, encoding="iso-8859-1"):
    decoder = w.RowDecoder(columns, encoding)
    return arrow_rows([decoder.decode(p) for p in payloads], fields)


@pytest.mark.parametrize(("columns", "payload_hex", "expected"), vectors.GOLDEN)
def test_golden_vectors_as_arrow(w, columns, payload_hex, expected):
    payload = bytes.fromhex(payload_hex.replace(" ", ""))
    builder, table = build(w, columns, [payload])
    assert table_rows(table) == arrow_rows([expected], builder.fields)
    assert table.column(0).null_count == (expected[0] is None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(vectors.COLUMN_VALUES, min_size=1, max_size=8), st.integers(1, 4))
def test_encoded_values_arrow_equals_tuple_path(cells, copies):
    columns = tuple(c for c, _ in cells)
    payload = b"".join(types.encode_tuple_value(c, v, "iso-8859-1") for c, v in cells)
    null_row = b"".join(types.encode_tuple_value(c, None, "iso-8859-1") for c in columns)
    payloads = [payload] * copies + [null_row]
    for impl in vectors.IMPLS:
        builder, table = build(impl, columns, payloads)
        assert table_rows(table) == expected_rows(impl, columns, payloads, builder.fields), impl.__name__
        assert [table.column(i).null_count for i in range(len(columns))] == [
            sum(p is null_row or v is None for p in payloads) for _, v in cells]


def test_schema_types(w):
    columns = (
        ColumnDesc("s", tc.SMALLINT, 2), ColumnDesc("i", tc.SERIAL, 4), ColumnDesc("b", tc.BIGINT, 8),
        ColumnDesc("i8", tc.INT8, 10), ColumnDesc("sf", tc.SMALLFLOAT, 4), ColumnDesc("f", tc.FLOAT, 8),
        ColumnDesc("d", tc.DECIMAL, 0x0C02), ColumnDesc("m", tc.MONEY, 0x1004), ColumnDesc("fd", tc.DECIMAL, 0x10FF),
        ColumnDesc("c", tc.CHAR, 5), ColumnDesc("t", tc.TEXT, 56), ColumnDesc("by", tc.BYTE, 56),
        ColumnDesc("bo", tc.UDTFIXED, 1, tc.XID_BOOLEAN, "boolean"), ColumnDesc("da", tc.DATE, 4),
        ColumnDesc("dd", tc.DATETIME, types.make_qualifier(tc.TU_YEAR, tc.TU_DAY)),
        ColumnDesc("dt", tc.DATETIME, types.make_qualifier(tc.TU_HOUR, tc.TU_FRACTION + 5)),
        ColumnDesc("ds", tc.DATETIME, types.make_qualifier(tc.TU_YEAR, tc.TU_SECOND)),
        ColumnDesc("dm", tc.DATETIME, types.make_qualifier(tc.TU_YEAR, tc.TU_FRACTION + 3)),
        ColumnDesc("du", tc.DATETIME, types.make_qualifier(tc.TU_YEAR, tc.TU_FRACTION + 5)),
        ColumnDesc("iv", tc.INTERVAL, types.make_qualifier(tc.TU_DAY, tc.TU_SECOND, 5)),
        ColumnDesc("ym", tc.INTERVAL, types.make_qualifier(tc.TU_YEAR, tc.TU_MONTH, 4)),
        ColumnDesc("r", tc.ROW, 100),
    )
    builder = w.ArrowBatchBuilder(columns, "utf-8")
    schema = pa.schema(w.ArrowStream(builder.fields, builder.finish()))
    assert [str(f.type) for f in schema] == [
        "int16", "int32", "int64", "int64", "float", "double", "decimal128(12, 2)", "decimal128(16, 4)",
        "double", "string", "string", "binary", "bool", "date32[day]", "date32[day]", "time64[us]",
        "timestamp[s]", "timestamp[ms]", "timestamp[us]", "duration[us]", "month_day_nano_interval", "binary"]


def test_batches_are_cut_at_batch_size(w):
    column = (ColumnDesc("i", tc.INTEGER, 4),)
    builder = w.ArrowBatchBuilder(column, "utf-8", 3)
    for i in range(7):
        builder.append_row(struct.pack("!i", i))
    assert [b.num_rows for b in map(pa.record_batch, builder.take_batches())] == [3, 3]
    assert [pa.record_batch(b).num_rows for b in builder.finish()] == [1]


def test_rows_already_decoded_join_the_columns(w):
    columns = (ColumnDesc("d", tc.DECIMAL, 0x0C02), ColumnDesc("v", tc.VARCHAR, 20),
               ColumnDesc("t", tc.DATETIME, types.make_qualifier(tc.TU_YEAR, tc.TU_FRACTION + 3)))
    builder = w.ArrowBatchBuilder(columns, "utf-8")
    rows = [(Decimal("-12.5"), "é", dt.datetime(1, 1, 1, 0, 0, 0, 1000)), (None, None, None)]
    builder.append_rows(rows)
    builder.append_row(b"".join(types.encode_tuple_value(c, v, "utf-8") for c, v in zip(columns, rows[0])))
    table = pa.table(w.ArrowStream(builder.fields, builder.finish()))
    assert table_rows(table) == rows + rows[:1]


def test_latin1_text_becomes_utf8(w):
    raw = "Grüße ¤".encode("latin-1")
    column = (ColumnDesc("v", tc.VARCHAR, 40), ColumnDesc("c", tc.CHAR, 12))
    _, table = build(w, column, [bytes((len(raw),)) + raw + raw.ljust(12, b" ")])
    assert table_rows(table) == [("Grüße ¤", "Grüße ¤")]


HOSTILE = [
    *vectors.test_bad_values_are_protocol_errors.pytestmark[0].args[1],
    (ColumnDesc("d", tc.DECIMAL, 0x0401), "C3010203"),   # more fraction digits than the scale
    (ColumnDesc("d", tc.DECIMAL, 0x0200), "C3010000"),   # more digits than the precision
    (ColumnDesc("i", tc.INTEGER, 4), "0000000102"),      # bytes beyond the columns
]


@pytest.mark.parametrize(("column", "payload_hex"), HOSTILE)
def test_bad_values_are_protocol_errors(w, column, payload_hex):
    builder = w.ArrowBatchBuilder((column,), "latin-1")
    with pytest.raises(ProtocolError):
        builder.append_row(bytes.fromhex(payload_hex))


def test_a_failed_row_poisons_the_builder_instead_of_exporting_a_partial_row(w):
    columns = (ColumnDesc("i", tc.INTEGER, 4), ColumnDesc("v", tc.VARCHAR, 20))
    builder = w.ArrowBatchBuilder(columns, "latin-1")
    with pytest.raises(ProtocolError):
        builder.append_row(b"\x00\x00\x00\x01\x05ab")
    with pytest.raises(ProtocolError):
        builder.finish()


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(vectors.FUZZ_COLUMNS), st.binary(max_size=40))
def test_random_payloads_never_crash(column, payload):
    for impl in vectors.IMPLS:
        tuple_error = arrow_error = None
        try:
            impl.RowDecoder((column,), "latin-1").decode(payload)
        except ProtocolError as exc:
            tuple_error = exc
        try:
            impl.ArrowBatchBuilder((column,), "latin-1").append_row(payload)
        except ProtocolError as exc:
            arrow_error = exc
        if tuple_error is not None:
            assert arrow_error is not None, impl.__name__


def test_read_tuples_feeds_the_builder_from_the_receive_buffer(w):
    column = (ColumnDesc("i", tc.INTEGER, 4),)
    stream = b"".join(struct.pack("!hhi", 14, 0, 4) + struct.pack("!i", i) for i in range(5)) + b"\x00\x0c"
    buf = w.ReadBuffer()
    builder = w.ArrowBatchBuilder(column, "utf-8")
    buf.feed(stream[:30])
    assert buf.read_tuples(builder, None) == 2
    buf.feed(stream[30:])
    assert buf.read_tuples(builder, None) == 3
    assert buf.read_i16() == 12
    table = pa.table(w.ArrowStream(builder.fields, builder.finish()))
    assert table.column(0).to_pylist() == [0, 1, 2, 3, 4]
