"""End-to-end SELECT of 100,000 rows from the embedded server running in another process.

Measures the client's CPU time (``time.process_time``) per row for this driver, and for
the peer driver run in its own venv against the same server in the same session.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

import informix_db

from server_process import peer_python, report_beside_peer, server_process

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
        cur.execute("CREATE TABLE digits (d INTEGER)")
        cur.executemany("INSERT INTO digits VALUES (?)", [(d,) for d in range(10)])
        # 10^5 rows in one statement: the embedded server inserts row by row far slower.
        cur.execute(
            f"INSERT INTO {TABLE} SELECT n, MOD(n * 7919, 1000003), 'cust' || n, n * 1.5 + 0.25, "
            "(MOD(n::BIGINT * 7654321, 9999999999) + 1 + MOD(n, 100) / 100.0)::DECIMAL(12,2) "
            "FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n "
            "FROM digits a, digits b, digits c, digits e, digits f)"
        )
        assert cur.rowcount == ROWS
        conn.close()
        yield params


@pytest.fixture(scope="module")
def peer_fetch_ns(loaded_server) -> float:
    """The peer's best client CPU ns/row for ``fetchall()`` of the table (its own venv)."""
    peer = subprocess.run(
        [str(peer_python()), str(Path(__file__).with_name("peer_fetch.py")), loaded_server["host"],
         str(loaded_server["port"]), loaded_server["database"], TABLE, "3"],
        capture_output=True, text=True, timeout=600,
    )
    assert peer.returncode == 0, peer.stderr
    result = json.loads(peer.stdout.strip().splitlines()[-1])
    assert result["rows"] == ROWS
    return result["cpu_ns_per_row"]


def _client_cpu(benchmark, loaded_server, fetch, rounds=5):
    """Best client CPU seconds of execute + ``fetch(cursor)``, and the last result."""
    conn = informix_db.connect(**loaded_server, autocommit=True)
    cpu = []

    def run():
        cur = conn.cursor()
        started = time.process_time()
        cur.execute(f"SELECT * FROM {TABLE}")
        result = fetch(cur)
        cpu.append(time.process_time() - started)
        cur.close()
        return result

    result = benchmark.pedantic(run, rounds=rounds, iterations=1)
    conn.close()
    return min(cpu), result


@pytest.mark.timeout(900)
def test_fetch_100k_rows_client_cpu(benchmark, loaded_server, peer_fetch_ns):
    seconds, rows = _client_cpu(benchmark, loaded_server, lambda cur: cur.fetchall())
    assert sorted(row[0] for row in rows) == list(range(ROWS))
    report_beside_peer(benchmark, "end-to-end fetchall()", seconds / ROWS * 1e9, "fetchall()", peer_fetch_ns)


@pytest.mark.timeout(900)
def test_fetch_arrow_table_100k_rows_client_cpu(benchmark, loaded_server, peer_fetch_ns):
    pytest.importorskip("pyarrow")
    seconds, table = _client_cpu(benchmark, loaded_server, lambda cur: cur.fetch_arrow_table())
    assert sorted(table.column("id").to_pylist()) == list(range(ROWS))
    assert str(table.schema.field("amount").type) == "decimal128(12, 2)"
    report_beside_peer(benchmark, "end-to-end fetch_arrow_table()", seconds / ROWS * 1e9, "fetchall()",
                       peer_fetch_ns)
