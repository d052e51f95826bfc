"""``informix_db.spark``: the ``informix`` data source on a local Spark (two cores)."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

import pyarrow as pa

from .conftest import ROWS, single_read

pytestmark = pytest.mark.distributed


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    from informix_db.spark import InformixDataSource

    session = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    session.dataSource.register(InformixDataSource)
    yield session
    session.stop()


def options(db_params) -> dict:
    return {name: str(value) for name, value in db_params.items()}


def expected_rows(db_params, sql: str) -> list[dict]:
    """The single-connection read with INTERVAL YEAR TO MONTH as its month count."""
    rows = single_read(db_params, sql).sort_by("k").to_pylist()
    for row in rows:
        if "iym" in row and row["iym"] is not None:
            row["iym"] = row["iym"].months
    return rows


@pytest.mark.parametrize("partitioning", [{"partitionColumn": "id", "numPartitions": "3"},
                                          {"partitionColumn": "da", "numPartitions": "4",
                                           "lowerBound": "2021-01-01", "upperBound": "2099-01-01"}])
def test_partitioned_spark_read_equals_a_single_connection_read_for_every_type(
        spark, db_params, every_type_table, partitioning):
    frame = (spark.read.format("informix").options(**options(db_params), dbtable=every_type_table,
                                                   **partitioning).load())
    assert frame.rdd.getNumPartitions() == int(partitioning["numPartitions"])
    got = frame.toArrow()
    assert got.num_rows == ROWS
    assert got.sort_by("k").to_pylist() == expected_rows(db_params, f"SELECT * FROM {every_type_table}")


def test_a_query_with_empty_partitions(spark, db_params, every_type_table):
    sql = f"SELECT k, id, da FROM {every_type_table} WHERE k < 100"
    frame = (spark.read.format("informix").options(**options(db_params), query=sql, partitionColumn="id",
                                                   numPartitions="4", lowerBound="-1000", upperBound="100000").load())
    sizes = frame.rdd.glom().map(len).collect()
    assert sizes[1:] == [0, 0, 0]
    assert pa.Table.from_pylist(frame.toArrow().sort_by("k").to_pylist()).to_pylist() == \
        expected_rows(db_params, sql)
