"""Ray Data from and to Informix: a ``Datasource`` whose read tasks each read one range
partition on their own connection as Arrow blocks, and a ``Datasink`` whose write tasks
each ingest their blocks in one transaction.

``pip install 'informix-fast[distributed]'``. Consistency: every partition is a separate
statement in a separate transaction (README, Distributed reads and writes).
"""

from __future__ import annotations

import functools

from . import partitions
from .arrow.frames import _require

_ray_data = partitions.require("ray.data", "distributed")

BLOCK_ROWS = 65536


class InformixDatasource(_ray_data.Datasource):
    """Range partitions of a query (see ``informix_db.partitions``), one read task each."""

    def __init__(self, sql_or_table: str, connect_kwargs: dict, *, partition_on: str, npartitions: int,
                 bounds=None):
        import informix_db

        conn = informix_db.connect(**connect_kwargs)
        try:
            self._plan = partitions.plan(conn, sql_or_table, partition_on, npartitions, bounds)
            self._schema = partitions.empty_table(conn, sql_or_table).schema
        finally:
            conn.close()
        self._connect_kwargs = connect_kwargs

    def estimate_inmemory_data_size(self):
        return None  # unknown without reading

    def get_read_tasks(self, parallelism: int, per_task_row_limit=None, data_context=None):
        """One task per partition, whatever ``parallelism`` Ray suggests: the partitions are
        the ranges asked for."""
        metadata = _ray_data.block.BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None, input_files=None)
        return [_ray_data.ReadTask(functools.partial(_read_blocks, part, self._connect_kwargs), metadata,
                                   schema=self._schema, per_task_row_limit=per_task_row_limit)
                for part in self._plan]


def _read_blocks(partition, connect_kwargs):
    return partitions.read_batches(partition, connect_kwargs, BLOCK_ROWS)


class InformixDatasink(_ray_data.Datasink):
    """Appends each write task's blocks to ``table`` through ``cursor.ingest``, one
    transaction per task; ``rows_written`` after the write. A failed task rolls its
    transaction back; tasks already committed stay."""

    def __init__(self, table: str, connect_kwargs: dict):
        self._table = table
        self._connect_kwargs = connect_kwargs
        self.rows_written = 0

    def write(self, blocks, ctx) -> int:
        pa = _require("pyarrow")
        tables = [block if isinstance(block, pa.Table) else pa.Table.from_pandas(block, preserve_index=False)
                  for block in blocks]
        return partitions.write_table(tables, self._table, self._connect_kwargs)

    def on_write_complete(self, write_result) -> None:
        self.rows_written = sum(write_result.write_returns)


def read_sql(sql_or_table: str, connect_kwargs: dict, *, partition_on: str, npartitions: int, bounds=None):
    """A ``ray.data.Dataset`` of a query (or table) cut by ranges of the integer or DATE
    column ``partition_on``, as ``informix_db.dask.read_sql`` cuts it."""
    source = InformixDatasource(sql_or_table, connect_kwargs, partition_on=partition_on,
                                npartitions=npartitions, bounds=bounds)
    return _ray_data.read_datasource(source, override_num_blocks=len(source._plan))


def to_informix(dataset, table: str, connect_kwargs: dict, *, mode: str = "append") -> int:
    """Write ``dataset`` to ``table`` through ``InformixDatasink``; the rows written.
    ``mode`` as ``ingest`` (the table is made from the dataset's schema first)."""
    partitions.prepare_table(connect_kwargs, table, dataset.schema().base_schema, mode)
    sink = InformixDatasink(table, connect_kwargs)
    dataset.write_datasink(sink)
    return sink.rows_written
