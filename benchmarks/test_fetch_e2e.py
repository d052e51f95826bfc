"""End-to-end SELECT of 100,000 rows from the embedded server running in another process.

Measures the client's CPU time (``time.process_time``) per row for this driver, and for
the peer driver run in its own venv against the same server in the same session.
"""

from __future__ import annotations

import json
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest

import informix_db

from server_process import peer_python, server_process

ROWS = 100_000
TABLE = "bench_rows"


@pytest.fixture(scope="module")
def loaded_server():
    with server_process() as params:
        conn = informix_db.connect(**params, autocommit=True)
        cur = conn.cursor()
        cur.execute("CREATE DATABASE benchdb")
        conn.close()
        params = {**params, "database": "benchdb"}
        conn = informix_db.connect(**params, autocommit=True)
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {TABLE} (id INTEGER, qty INTEGER, name VARCHAR(20), price FLOAT, amount DECIMAL(12,2))")
        batch = 10_000
        for start in range(0, ROWS, batch):
            cur.executemany(
                f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?)",
                [(i, (i * 7919) % 1_000_003, f"cust{i:06d}" + "abcd"[: i % 5], i * 1.5 + 0.25,
                  Decimal(f"{1 + (i * 7_654_321) % 9_999_999_999}.{i % 100:02d}"))
                 for i in range(start, min(start + batch, ROWS))],
            )
        conn.close()
        yield params


def test_fetch_100k_rows_client_cpu(benchmark, loaded_server):
    conn = informix_db.connect(**loaded_server, autocommit=True)
    cpu = []

    def fetch_all():
        cur = conn.cursor()
        started = time.process_time()
        cur.execute(f"SELECT * FROM {TABLE}")
        rows = cur.fetchall()
        cpu.append(time.process_time() - started)
        cur.close()
        return rows

    rows = benchmark.pedantic(fetch_all, rounds=5, iterations=1)
    conn.close()
    assert len(rows) == ROWS and rows[7][0] == 7
    ours = min(cpu) / ROWS * 1e9
    benchmark.extra_info["implementation"] = informix_db.IMPLEMENTATION
    benchmark.extra_info["client_cpu_ns_per_row"] = round(ours)

    peer = subprocess.run(
        [peer_python(), str(Path(__file__).with_name("peer_fetch.py")), loaded_server["host"],
         str(loaded_server["port"]), loaded_server["database"], TABLE, "3"],
        capture_output=True, text=True, timeout=600,
    )
    assert peer.returncode == 0, peer.stderr
    result = json.loads(peer.stdout.strip().splitlines()[-1])
    assert result["rows"] == ROWS
    benchmark.extra_info["peer_client_cpu_ns_per_row"] = round(result["cpu_ns_per_row"])
    benchmark.extra_info["peer_over_ours"] = round(result["cpu_ns_per_row"] / ours, 2)
    print(f"\nend-to-end fetch, client CPU: ours ({informix_db.IMPLEMENTATION}) {ours:.0f} ns/row, "
          f"peer {result['cpu_ns_per_row']:.0f} ns/row, ratio peer/ours {result['cpu_ns_per_row'] / ours:.1f}x")
