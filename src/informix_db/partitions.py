"""Range partitions of a query for distributed engines (``informix_db.dask``, ``informix_db.ray``).

As Spark's JDBC source does with partitionColumn/lowerBound/upperBound/numPartitions, the
range ``[lower, upper]`` of an integer or DATE column is cut into equal strides; the first
partition is open below and also takes the column's NULLs, the last is open above, so every
row is in exactly one partition whatever the bounds. Each partition is a separate statement
on its own connection: a separate transaction, so the partitions see the table at
different moments (see README, Distributed reads and writes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import itertools
from typing import NamedTuple

from .arrow.frames import _require
from .arrow.ingest import check_identifier

_ALIAS = "ifx_partitioned"


def require(module: str, extra: str):
    """``module``, or an ImportError naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{module} is not installed: pip install 'informix-fast[{extra}]'") from exc


class Partition(NamedTuple):
    """One partition's statement and its parameters."""

    sql: str
    parameters: tuple


def source_sql(sql_or_table: str) -> str:
    """A table name becomes ``SELECT * FROM`` it; a query is used as written."""
    text = sql_or_table.strip().rstrip(";")
    if not any(ch.isspace() for ch in text):
        return f"SELECT * FROM {check_identifier(text, 'table name')}"
    return text


def whole(sql_or_table: str) -> Partition:
    """The query as one partition."""
    return Partition(f"SELECT * FROM ({source_sql(sql_or_table)}) {_ALIAS}", ())


def plan(conn, sql_or_table: str, partition_on: str, npartitions: int, bounds=None) -> list[Partition]:
    """The partitions of ``sql_or_table`` by ranges of ``partition_on`` (at most
    ``npartitions``: fewer when the range has fewer distinct values). ``bounds`` is
    ``(lower, upper)``; by default the column's MIN and MAX."""
    if not isinstance(npartitions, int) or npartitions < 1:
        raise ValueError(f"npartitions must be a positive int, not {npartitions!r}")
    column = check_identifier(partition_on, "partition column")
    source = whole(sql_or_table).sql
    if bounds is None:
        bounds = _min_max(conn, source, column)
    cuts = _cuts(bounds, npartitions)
    if not cuts:
        return [whole(sql_or_table)]
    parts = [Partition(f"{source} WHERE {column} < ? OR {column} IS NULL", (cuts[0],))]
    parts += [Partition(f"{source} WHERE {column} >= ? AND {column} < ?", (low, high))
              for low, high in itertools.pairwise(cuts)]
    parts.append(Partition(f"{source} WHERE {column} >= ?", (cuts[-1],)))
    return parts


def _query(conn, sql: str, fetch):
    cur = conn.cursor()
    try:
        cur.execute(sql)
        return fetch(cur)
    finally:
        cur.close()


def _min_max(conn, source: str, column: str) -> tuple:
    return _query(conn, f"SELECT MIN({column}), MAX({column}) FROM ({source}) ifx_bounds", lambda cur: cur.fetchone())


def _cuts(bounds, npartitions: int) -> list:
    """The values where one partition ends and the next begins (none: one partition)."""
    try:
        lower, upper = bounds
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be (lower, upper), not {bounds!r}") from None
    if lower is None or upper is None or npartitions == 1:
        return []  # no rows (or only NULLs) to cut
    if type(lower) is not type(upper) or not isinstance(lower, (int, dt.date)) \
            or isinstance(lower, (bool, dt.datetime)):
        raise TypeError(f"partitions need an integer or DATE column, not bounds {lower!r}, {upper!r}")
    if lower > upper:
        raise ValueError(f"lower bound {lower!r} is above upper bound {upper!r}")
    if isinstance(lower, dt.date):
        return [dt.date.fromordinal(day) for day in _cuts((lower.toordinal(), upper.toordinal()), npartitions)]
    return sorted({lower + (upper - lower) * i // npartitions for i in range(1, npartitions)})


def empty_table(conn, sql_or_table: str):
    """The query's columns as an empty pyarrow.Table: the statement runs under an
    always-false filter, so the server describes it and no row is read."""
    return _query(conn, f"SELECT * FROM ({source_sql(sql_or_table)}) {_ALIAS} WHERE 1 = 0",
                  lambda cur: cur.fetch_arrow_table())


@contextlib.contextmanager
def _partition_cursor(partition: Partition, connect_kwargs: dict):
    """A cursor on its own connection with ``partition``'s statement executed."""
    import informix_db

    conn = informix_db.connect(**connect_kwargs)
    try:
        cur = conn.cursor()
        cur.execute(partition.sql, partition.parameters or None)
        yield cur
    finally:
        conn.close()


def read_table(partition: Partition, connect_kwargs: dict):
    """One partition as a pyarrow.Table, read on its own connection."""
    with _partition_cursor(partition, connect_kwargs) as cur:
        return cur.fetch_arrow_table()


def read_batches(partition: Partition, connect_kwargs: dict, batch_size: int):
    """One partition as pyarrow.Tables of at most ``batch_size`` rows, in bounded memory;
    one empty table when the partition has no rows."""
    pa = _require("pyarrow")
    with _partition_cursor(partition, connect_kwargs) as cur:
        reader = cur.fetch_record_batch(batch_size)
        empty = True
        for batch in reader:
            empty = False
            yield pa.Table.from_batches([batch])
        if empty:
            yield reader.schema.empty_table()


def prepare_table(connect_kwargs: dict, table: str, schema, mode: str) -> None:
    """Before parallel appends: create (or replace) ``table`` from an Arrow ``schema`` as
    ``ingest`` modes do, on one connection."""
    import informix_db

    if mode == "append":
        return
    conn = informix_db.connect(**connect_kwargs, autocommit=True)
    try:
        conn.cursor().ingest(table, schema.empty_table(), mode=mode)
    finally:
        conn.close()


def write_table(data, table: str, connect_kwargs: dict) -> int:
    """Append Arrow ``data`` (or a sequence of such) to ``table`` in one transaction of its
    own connection; the rows inserted. A failure rolls that transaction back."""
    import informix_db

    conn = informix_db.connect(**connect_kwargs)
    try:
        cur = conn.cursor()
        rows = 0
        for part in data if isinstance(data, (list, tuple)) else [data]:
            if part.num_rows:
                rows += cur.ingest(table, part)
        conn.commit()
        return rows
    except BaseException:
        if conn.in_transaction and not conn.closed:
            conn.rollback()
        raise
    finally:
        conn.close()
