"""fetch_record_batch() streams in bounded memory: the client's RSS growth while reading a
generated result does not grow with the row count (server in another process)."""

from __future__ import annotations

import os
import time

import pytest

import informix_db

from server_process import server_database

BATCH_ROWS = 10_000
SMALL, LARGE = 1_000_000, 10_000_000  # issue 8: a 10M-row read, RSS independent of the row count


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture(scope="module")
def database():
    with server_database("memdb") as params:
        conn = informix_db.connect(**params, autocommit=True)
        cur = conn.cursor()
        cur.execute("CREATE TABLE digits (d INTEGER)")
        cur.executemany("INSERT INTO digits VALUES (?)", [(d,) for d in range(10)])
        conn.close()
        yield params


def generated(rows: int) -> str:
    """A query of ``rows`` rows (a power of ten) of the benchmark's shape, from no table."""
    tables = len(str(rows)) - 1
    number = " + ".join(f"{10 ** i} * t{i}.d" for i in range(tables))
    return (f"SELECT n, MOD(n::BIGINT * 7919, 1000003), 'cust' || n, n * 1.5 + 0.25, "
            f"(MOD(n, 99999) + MOD(n, 100) / 100.0)::DECIMAL(12,2) "
            f"FROM (SELECT {number} AS n FROM {', '.join(f'digits t{i}' for i in range(tables))})")


def stream_growth(params, rows: int) -> tuple[int, int, float]:
    """(rows read, peak RSS growth in bytes, client CPU seconds) of one streamed read."""
    conn = informix_db.connect(**params)
    cur = conn.cursor(stream=True)
    cur.execute(generated(rows))
    baseline = peak = rss_bytes()
    seen = 0
    started = time.process_time()
    for batch in cur.fetch_record_batch(batch_size=BATCH_ROWS):
        seen += batch.num_rows
        peak = max(peak, rss_bytes())
    spent = time.process_time() - started
    conn.close()
    return seen, peak - baseline, spent


@pytest.mark.timeout(1800)
def test_record_batch_rss_does_not_grow_with_rows(benchmark, database):
    pytest.importorskip("pyarrow")
    stream_growth(database, SMALL)  # warm-up: allocator pools, pyarrow imports
    small = stream_growth(database, SMALL)
    large = benchmark.pedantic(lambda: stream_growth(database, LARGE), rounds=1, iterations=1)
    assert (small[0], large[0]) == (SMALL, LARGE)
    benchmark.extra_info.update(small_rows=SMALL, small_rss_growth_mib=round(small[1] / 2**20, 1),
                                large_rows=LARGE, large_rss_growth_mib=round(large[1] / 2**20, 1),
                                large_client_cpu_ns_per_row=round(large[2] / LARGE * 1e9))
    print(f"\nfetch_record_batch RSS growth: {SMALL} rows {small[1] / 2**20:.1f} MiB, "
          f"{LARGE} rows {large[1] / 2**20:.1f} MiB")
    # Ten times the rows, at most a few more batches' worth of memory (not ten times as much).
    assert large[1] <= small[1] + 32 * 2**20
