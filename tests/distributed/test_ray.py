"""``informix_db.ray`` on a local Ray instance (two CPUs, a small object store)."""

from __future__ import annotations

import pytest

ray = pytest.importorskip("ray")

import pyarrow as pa  # noqa: E402

from .conftest import ROWS, drop_table, keys_kept_after_a_failed_write, single_read  # noqa: E402

pytestmark = pytest.mark.distributed


@pytest.fixture(scope="module")
def ray_instance():
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=100 * 2**20, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def ifx_ray(ray_instance):
    from informix_db import ray as ifx_ray

    return ifx_ray


def blocks_of(dataset) -> list:
    return ray.get(dataset.to_arrow_refs())


@pytest.mark.parametrize("partition_on, npartitions", [("id", 4), ("da", 2)])
def test_partitioned_read_equals_a_single_connection_read_for_every_type(
        ifx_ray, db_params, every_type_table, partition_on, npartitions):
    expected = single_read(db_params, f"SELECT * FROM {every_type_table}")
    dataset = ifx_ray.read_sql(every_type_table, db_params, partition_on=partition_on, npartitions=npartitions)
    blocks = blocks_of(dataset)
    assert all(block.schema.equals(expected.schema) for block in blocks)
    got = pa.concat_tables(blocks)
    assert got.num_rows == ROWS
    assert got.sort_by("k").equals(expected.sort_by("k"))


def test_empty_partitions_and_null_keys_lose_no_row(ifx_ray, db_params, every_type_table):
    sql = f"SELECT * FROM {every_type_table} WHERE k < 300"
    expected = single_read(db_params, sql)
    source = ifx_ray.InformixDatasource(sql, db_params, partition_on="id", npartitions=5, bounds=(-2000, 100_000))
    tasks = source.get_read_tasks(2)
    assert len(tasks) == 5  # one task per partition, whatever parallelism Ray suggests
    per_task = [pa.concat_tables(list(task())) for task in tasks]
    assert [t.num_rows for t in per_task][1:] == [0, 0, 0, 0]
    assert per_task[0].sort_by("k").equals(expected.sort_by("k"))
    got = pa.concat_tables(blocks_of(ifx_ray.read_sql(sql, db_params, partition_on="id", npartitions=5,
                                                      bounds=(-2000, 100_000))))
    assert got.sort_by("k").equals(expected.sort_by("k"))


def test_datasink_writes_every_block_and_reads_back_equal(ifx_ray, db_params, every_type_table):
    dataset = ifx_ray.read_sql(every_type_table, db_params, partition_on="k", npartitions=3)
    drop_table(db_params, "ray_copy")
    try:
        assert ifx_ray.to_informix(dataset, "ray_copy", db_params, mode="create") == ROWS
        copy = single_read(db_params, "SELECT * FROM ray_copy")
        expected = single_read(db_params, f"SELECT * FROM {every_type_table}")
        assert copy.sort_by("k").to_pylist() == expected.sort_by("k").to_pylist()
    finally:
        drop_table(db_params, "ray_copy")


def test_a_failing_write_task_is_rolled_back(ifx_ray, db_params, every_type_table):
    dataset = ifx_ray.read_sql(f"SELECT k, vc FROM {every_type_table}", db_params, partition_on="k",
                               npartitions=2, bounds=(0, ROWS))
    kept = keys_kept_after_a_failed_write(db_params, "ray_unique", 2500,
                                          lambda table: ifx_ray.to_informix(dataset, table, db_params),
                                          Exception, match="-268")  # Ray wraps the task's error
    assert [k for k in kept if k >= 1500] == [2500]  # none of the failed task's rows
    assert [k for k in kept if k < 1500] in ([], list(range(1500)))
