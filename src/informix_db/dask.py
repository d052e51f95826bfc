"""Dask DataFrames from and to Informix: one partition per range of a column, each read or
written on its worker with its own connection through the Arrow path.

``pip install 'informix-fast[distributed]'``. Consistency: every partition is a separate
statement in a separate transaction (README, Distributed reads and writes).
"""

from __future__ import annotations

from . import partitions
from .arrow.frames import _require, to_pandas


def read_sql(sql_or_table: str, connect_kwargs: dict, *, partition_on: str, npartitions: int, bounds=None):
    """A lazy ``dask.dataframe.DataFrame`` of a query (or table) cut by ranges of the integer
    or DATE column ``partition_on`` into at most ``npartitions`` partitions.

    ``bounds=(lower, upper)`` sets the range that is cut (default: the column's MIN and MAX,
    one query); rows outside it still go to the first or last partition, NULLs to the first.
    The dtypes (``meta``) come from describing the statement, no row is read for them.
    """
    dd = partitions.require("dask.dataframe", "distributed")
    import informix_db

    conn = informix_db.connect(**connect_kwargs)
    try:
        plan = partitions.plan(conn, sql_or_table, partition_on, npartitions, bounds)
        meta = to_pandas(partitions.empty_table(conn, sql_or_table))
    finally:
        conn.close()
    return dd.from_map(_read_partition, plan, connect_kwargs=connect_kwargs, meta=meta,
                       label="informix-read-sql", enforce_metadata=False)


def _read_partition(partition: partitions.Partition, connect_kwargs: dict):
    return to_pandas(partitions.read_table(partition, connect_kwargs))


def to_informix(ddf, table: str, connect_kwargs: dict, *, mode: str = "append") -> int:
    """Write every partition of ``ddf`` to ``table`` in parallel through ``cursor.ingest``,
    each in its own transaction on its own connection; the rows written.

    ``mode`` as ``ingest``: ``create``/``replace``/``create_append`` make the table from the
    frame's dtypes first, once, on this process. If a partition fails, its transaction is
    rolled back and the error raised here; partitions already committed stay in the table,
    and partitions still running may commit too: the table then holds some partitions, never
    part of one.
    """
    dask = partitions.require("dask", "distributed")
    pa = _require("pyarrow")
    partitions.prepare_table(connect_kwargs, table, pa.Schema.from_pandas(ddf._meta, preserve_index=False), mode)
    writes = [dask.delayed(_write_partition)(part, table, connect_kwargs) for part in ddf.to_delayed()]
    return sum(dask.compute(*writes))


def _write_partition(frame, table: str, connect_kwargs: dict) -> int:
    pa = _require("pyarrow")
    return partitions.write_table(pa.Table.from_pandas(frame, preserve_index=False), table, connect_kwargs)
