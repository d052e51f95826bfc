"""The embedded server's speed, wall time, with ``ifx serve`` in another process: loading rows
with executemany, streaming them back with fetchall, and the latency of small statements.

Our driver and the peer driver (its own venv) run the same workload (server_workload.py)
against the same server in the same run; the figures land in ``extra_info`` and are printed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import server_workload

import informix_db

from server_process import peer_python, server_process

ROWS = 100_000
PEER_LOAD_ROWS = 10_000  # the peer runs one round trip per row: a smaller load says as much
MILLION = 1_000_000


@pytest.fixture(scope="module")
def server():
    with server_process() as params:
        conn = informix_db.connect(**params, autocommit=True)
        conn.cursor().execute("CREATE DATABASE speeddb WITH LOG")
        conn.close()
        yield {**params, "database": "speeddb"}


@pytest.mark.timeout(1800)
def test_load_fetch_and_latency_beside_peer(benchmark, server):
    figures = {}

    def run():
        figures["load_rows_per_s"] = server_workload.load(server, "ours_rows", ROWS)
        figures["fetch_rows"], figures["fetch_rows_per_s"] = server_workload.fetch(server, "ours_rows")
        figures.update(server_workload.latencies(server, "ours_rows"))

    benchmark.pedantic(run, rounds=1, iterations=1)
    assert figures["fetch_rows"] == ROWS
    peer = subprocess.run(
        [str(peer_python()), str(Path(__file__).with_name("server_workload.py")), server["host"],
         str(server["port"]), server["database"], "peer_rows", str(PEER_LOAD_ROWS), "ours_rows"],
        capture_output=True, text=True, timeout=1500,
    )
    assert peer.returncode == 0, peer.stderr
    theirs = json.loads(peer.stdout.strip().splitlines()[-1])
    assert theirs["fetch_rows"] >= ROWS
    for name, value in figures.items():
        benchmark.extra_info[name] = round(value)
        benchmark.extra_info[f"peer_{name}"] = round(theirs[name])
    print("\nembedded server, wall time (ours | peer driver):")
    for name in ("load_rows_per_s", "fetch_rows_per_s", "select_1_us", "select_plain_us", "insert_1_us"):
        print(f"  {name:<18}{figures[name]:>12,.0f} | {theirs[name]:>12,.0f}")


@pytest.mark.timeout(1800)
def test_load_a_million_wide_rows(benchmark, server):
    """1,000,000 rows of a 10-column table with executemany, one transaction."""
    rate = benchmark.pedantic(server_workload.load, args=(server, "wide_rows", MILLION, server_workload.WIDE_SHAPE,
                                                          server_workload.wide_rows), rounds=1, iterations=1)
    benchmark.extra_info["rows_per_s"] = round(rate)
    benchmark.extra_info["seconds"] = round(MILLION / rate, 1)
    print(f"\n1M rows x 10 columns: {MILLION / rate:.1f} s ({rate:,.0f} rows/s)")
