"""Hand Arrow streams to pyarrow, pandas and polars (each imported only when asked for)."""

from __future__ import annotations


def _require(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{module} is not installed: pip install 'informix-fast[arrow]'") from exc


def to_table(stream):
    """pyarrow.Table of every batch of ``stream`` (an object exporting __arrow_c_stream__)."""
    pa = _require("pyarrow")
    return pa.RecordBatchReader.from_stream(stream).read_all()


def to_reader(stream):
    """pyarrow.RecordBatchReader that pulls batches from ``stream`` as it is read."""
    return _require("pyarrow").RecordBatchReader.from_stream(stream)


def to_batch(batch):
    """pyarrow.RecordBatch of one built batch (an object exporting __arrow_c_array__)."""
    return _require("pyarrow").record_batch(batch)


def to_pandas(table):
    """pandas.DataFrame with exact dtypes: NumPy dtypes where they hold the values exactly
    (non-null integers, floats, timestamps), pandas.ArrowDtype everywhere else."""
    pa = _require("pyarrow")
    pd = _require("pandas")

    def dtype(arrow_type):
        if pa.types.is_floating(arrow_type) or pa.types.is_timestamp(arrow_type) \
                or pa.types.is_duration(arrow_type):
            return None  # NumPy float64/float32, datetime64, timedelta64: exact, NULL as NaN/NaT
        return pd.ArrowDtype(arrow_type)

    mapping = {field.type: dtype(field.type) for field in table.schema}
    return table.to_pandas(types_mapper=mapping.get)


def to_polars(table):
    """polars.DataFrame; INTERVAL YEAR TO MONTH becomes its month count (int32), as polars
    has no calendar-interval type."""
    return _require("polars").from_arrow(intervals_as_months(table))


def interval_months(column):
    """An INTERVAL YEAR TO MONTH column (month_day_nano_interval) as its int32 month count,
    the form polars, Parquet and Spark take: none of them has Arrow's calendar interval."""
    pa = _require("pyarrow")
    return pa.array([None if v is None else v.months for v in column.to_pylist()], pa.int32())


def intervals_as_months(table):
    """``table`` with every INTERVAL YEAR TO MONTH column as its int32 month count."""
    pa = _require("pyarrow")
    for index, field in enumerate(table.schema):
        if pa.types.is_interval(field.type):
            table = table.set_column(index, field.name, interval_months(table.column(index)))
    return table
