"""``informix_db.dask`` on a local Dask cluster (two worker processes)."""

from __future__ import annotations

import datetime as dt

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import informix_db  # noqa: E402
from informix_db import dask as ifx_dask  # noqa: E402
from informix_db.arrow.frames import to_pandas  # noqa: E402

from .conftest import ROWS, drop_table, keys_kept_after_a_failed_write, single_read  # noqa: E402

pytestmark = pytest.mark.distributed


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit="1GiB") as cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


def assert_same_frame(got, expected):
    """Equal values and dtypes, in any row order (compared as Arrow: pandas cannot compare
    its ArrowDtype of month_day_nano_interval)."""
    import pyarrow as pa

    assert list(got.dtypes) == list(expected.dtypes)
    got, expected = (pa.Table.from_pandas(frame, preserve_index=False).sort_by("k") for frame in (got, expected))
    assert got.equals(expected)


@pytest.mark.parametrize("partition_on, npartitions", [("id", 4), ("da", 3), ("k", 1)])
def test_partitioned_read_equals_a_single_connection_read_for_every_type(
        client, db_params, every_type_table, partition_on, npartitions):
    expected = to_pandas(single_read(db_params, f"SELECT * FROM {every_type_table}"))
    ddf = ifx_dask.read_sql(every_type_table, db_params, partition_on=partition_on, npartitions=npartitions)
    assert ddf.npartitions == npartitions
    assert list(ddf.dtypes) == list(expected.dtypes)  # meta, before any partition is read
    sizes = ddf.map_partitions(len).compute()
    assert len(sizes) == npartitions and sum(sizes) == ROWS
    assert_same_frame(ddf.compute(), expected)


def test_nulls_of_the_partition_column_are_all_in_the_first_partition(client, db_params, every_type_table):
    ddf = ifx_dask.read_sql(every_type_table, db_params, partition_on="id", npartitions=3)
    nulls = ddf.map_partitions(lambda frame: int(frame["id"].isna().sum())).compute()
    expected = sum(1 for k in range(ROWS) if k % 7 == 0 or k % 11 == 0)
    assert list(nulls) == [expected, 0, 0]


def test_bounds_beyond_the_data_give_empty_partitions_and_lose_no_row(client, db_params, every_type_table):
    sql = f"SELECT * FROM {every_type_table} WHERE k < 500"
    expected = to_pandas(single_read(db_params, sql))
    ddf = ifx_dask.read_sql(sql, db_params, partition_on="id", npartitions=6, bounds=(-200, 100_000))
    sizes = list(ddf.map_partitions(len).compute())
    assert sizes[2:] == [0, 0, 0, 0] and sum(sizes) == len(expected)
    assert_same_frame(ddf.compute(), expected)


def test_date_bounds_narrower_than_the_data_keep_the_rows_outside_in_the_end_partitions(
        client, db_params, every_type_table):
    expected = to_pandas(single_read(db_params, f"SELECT k, da FROM {every_type_table}"))
    ddf = ifx_dask.read_sql(f"SELECT k, da FROM {every_type_table}", db_params, partition_on="da",
                            npartitions=4, bounds=(dt.date(2021, 1, 1), dt.date(2022, 1, 1)))
    assert_same_frame(ddf.compute(), expected)


def test_an_empty_result_reads_as_one_empty_partition_with_its_dtypes(client, db_params, every_type_table):
    expected = to_pandas(single_read(db_params, f"SELECT * FROM {every_type_table} WHERE k < 0"))
    ddf = ifx_dask.read_sql(f"SELECT * FROM {every_type_table} WHERE k < 0", db_params, partition_on="id",
                            npartitions=4)
    assert ddf.npartitions == 1
    got = ddf.compute()
    assert len(got) == 0 and list(got.dtypes) == list(expected.dtypes)


def test_a_partition_column_that_is_not_an_integer_or_date_is_refused(db_params, every_type_table):
    with pytest.raises(TypeError, match="integer or DATE"):
        ifx_dask.read_sql(every_type_table, db_params, partition_on="vc", npartitions=2)


def test_to_informix_writes_every_partition_and_reads_back_equal(client, db_params, every_type_table):
    source = f"SELECT * FROM {every_type_table}"
    ddf = ifx_dask.read_sql(every_type_table, db_params, partition_on="k", npartitions=3)
    drop_table(db_params, "dist_copy")
    try:
        assert ifx_dask.to_informix(ddf, "dist_copy", db_params, mode="create") == ROWS
        copy = single_read(db_params, "SELECT * FROM dist_copy")
        assert copy.sort_by("k").to_pylist() == single_read(db_params, source).sort_by("k").to_pylist()
    finally:
        drop_table(db_params, "dist_copy")


def test_a_failing_partition_is_rolled_back_and_the_others_stay(client, db_params, every_type_table):
    ddf = ifx_dask.read_sql(f"SELECT k, vc FROM {every_type_table}", db_params, partition_on="k", npartitions=3,
                            bounds=(0, ROWS))  # partitions k < 1000, 1000 <= k < 2000, k >= 2000
    kept = keys_kept_after_a_failed_write(db_params, "dist_unique", 1500,
                                          lambda table: ifx_dask.to_informix(ddf, table, db_params),
                                          informix_db.IntegrityError)
    middle = [k for k in kept if 1000 <= k < 2000]
    assert middle == [1500]  # none of the failed partition's rows
    for low, high in ((0, 1000), (2000, ROWS)):  # each other partition: all of it or none of it
        assert [k for k in kept if low <= k < high] in ([], list(range(low, high)))
