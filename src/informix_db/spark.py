"""PySpark 4 data source ``informix`` (Python data source API): range partitions of a
query, each read by a Spark task on its own connection through the Arrow path.

``pip install 'informix-fast[spark]'`` (needs a Java 17+ runtime). Options, as Spark's JDBC
source names them: ``host``, ``port``, ``user``, ``password``, ``database``, ``server``,
``dbtable`` or ``query``, ``partitionColumn``, ``numPartitions`` (default 1), and
optionally ``lowerBound``/``upperBound`` (default: the column's MIN and MAX). Spark
redacts options named like ``password`` in its plans and UI.
"""

from __future__ import annotations

import datetime as dt

from . import partitions
from .arrow import frames
from .arrow.frames import _require

_datasource = partitions.require("pyspark.sql.datasource", "spark")

BLOCK_ROWS = 65536
_CONNECT_OPTIONS = ("host", "port", "user", "password", "database", "server")


class InformixDataSource(_datasource.DataSource):
    """``spark.read.format("informix").options(...).load()`` once registered with
    ``spark.dataSource.register(InformixDataSource)``."""

    @classmethod
    def name(cls) -> str:
        return "informix"

    def schema(self):
        """Spark types of the query's Arrow columns (INTERVAL YEAR TO MONTH as its int
        month count: Spark reads no Arrow calendar interval); no row is read."""
        import informix_db

        conn = informix_db.connect(**_connect_kwargs(self.options))
        try:
            arrow_schema = partitions.empty_table(conn, _source(self.options)).schema
        finally:
            conn.close()
        from pyspark.sql.pandas.types import from_arrow_schema

        return from_arrow_schema(_spark_arrow_schema(arrow_schema))

    def reader(self, schema):
        return _Reader({key.lower(): value for key, value in self.options.items()}, schema)


class _Reader(_datasource.DataSourceReader):
    def __init__(self, options: dict, schema):
        self._options = options  # keys in lower case: Spark's options are case-insensitive
        from pyspark.sql.pandas.types import to_arrow_schema

        self._arrow_schema = to_arrow_schema(schema)

    def partitions(self):
        import informix_db

        options = self._options
        column = options.get("partitioncolumn")
        npartitions = int(options.get("numpartitions", "1"))
        kwargs = _connect_kwargs(options)
        if column is None:
            return [_datasource.InputPartition(partitions.whole(_source(options)))]
        if ("lowerbound" in options) != ("upperbound" in options):
            raise ValueError("give both lowerBound and upperBound, or neither")
        bounds = (_bound(options["lowerbound"]), _bound(options["upperbound"])) if "lowerbound" in options else None
        conn = informix_db.connect(**kwargs)
        try:
            plan = partitions.plan(conn, _source(options), column, npartitions, bounds)
        finally:
            conn.close()
        return [_datasource.InputPartition(part) for part in plan]

    def read(self, partition):
        for table in partitions.read_batches(partition.value, _connect_kwargs(self._options), BLOCK_ROWS):
            yield from frames.intervals_as_months(table).cast(self._arrow_schema).to_batches()


def _source(options) -> str:
    if ("dbtable" in options) == ("query" in options):
        raise ValueError("give one of the options dbtable and query")
    return options["dbtable"] if "dbtable" in options else options["query"]


def _connect_kwargs(options) -> dict:
    kwargs = {name: options[name] for name in _CONNECT_OPTIONS if name in options}
    if "port" in kwargs:
        kwargs["port"] = int(kwargs["port"])
    return kwargs


def _bound(text: str):
    """A bound option: an integer, else an ISO date."""
    try:
        return int(text)
    except ValueError:
        return dt.date.fromisoformat(text)


def _spark_arrow_schema(schema):
    pa = _require("pyarrow")
    for i, field in enumerate(schema):
        if pa.types.is_interval(field.type):
            schema = schema.set(i, pa.field(field.name, pa.int32()))
    return schema

