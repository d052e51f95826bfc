"""``unload`` of 100,000 rows from the embedded server (in another process) to Parquet
(record batches of the Arrow path) and, beside it, to UNL (rows as tuples, text).

The peer has no unload, so the reference is our own UNL path in the same run. Client CPU
(``time.process_time``) is what the benchmark measures; the server's work is the same
SELECT for both. Loads are not here: against the embedded server they take the server's
insert time (about 2,000 rows/s), whichever the format.
"""

from __future__ import annotations

import io
import time

import pytest

import informix_db
from informix_db.transfer import unload

from server_process import server_process

pytest.importorskip("pyarrow.parquet")

ROWS = 100_000
SQL = "SELECT * FROM bench_unload"


@pytest.fixture(scope="module")
def conn():
    with server_process() as params:
        setup = informix_db.connect(**params, autocommit=True)
        setup.cursor().execute("CREATE DATABASE benchdb")
        setup.close()
        connection = informix_db.connect(**params, database="benchdb", autocommit=True)
        cur = connection.cursor()
        cur.execute("CREATE TABLE bench_unload (id INTEGER, name VARCHAR(30), amount DECIMAL(12,2), "
                    "day DATE, price FLOAT)")
        cur.execute("CREATE TABLE digits (d INTEGER)")
        cur.executemany("INSERT INTO digits VALUES (?)", [(d,) for d in range(10)])
        cur.execute("INSERT INTO bench_unload SELECT n, 'customer ' || n, (MOD(n, 10000) / 4.0)::DECIMAL(12,2), "
                    "DATE '2020-01-01' + MOD(n, 3000), n / 3.0 "
                    "FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n "
                    "FROM digits a, digits b, digits c, digits e, digits f)")
        assert cur.rowcount == ROWS
        yield connection
        connection.close()


def cpu_unload(conn, fmt: str) -> float:
    """Client CPU seconds of one unload to memory."""
    start = time.process_time()
    rows, nbytes = unload(conn, SQL, io.BytesIO(), fmt)
    assert rows == ROWS and nbytes > 0
    return time.process_time() - start


@pytest.mark.benchmark(group="unload-100k")
@pytest.mark.parametrize("fmt", ["parquet", "unl"])
def test_unload_client_cpu(benchmark, conn, fmt):
    seconds = benchmark.pedantic(cpu_unload, args=(conn, fmt), rounds=3, iterations=1)
    benchmark.extra_info["client_cpu_us_per_row"] = seconds / ROWS * 1e6
