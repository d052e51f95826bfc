"""Pool checkout overhead as a fraction of one bare ``SELECT 1`` round trip.

(a) the idle connection completed a round trip within ``check_interval`` (no ping);
(b) it has been idle beyond it (``check_interval=0``: one ping per checkout).
The peer's pool, which runs a SELECT 1 on every acquire, is measured in the same run.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import informix_db

from server_process import peer_python, server_process

PROBE = "SELECT 1 FROM systables WHERE tabid = 1"
RESULTS: dict[str, float] = {}


@pytest.fixture(scope="module")
def params():
    with server_process() as p:
        yield {**p, "database": "sysmaster", "autocommit": True}


def _bare(conn):
    cur = conn.cursor()

    def run():
        cur.execute(PROBE)
        cur.fetchall()

    return run


def test_bare_select_1(benchmark, params):
    conn = informix_db.connect(**params)
    benchmark(_bare(conn))
    RESULTS["bare"] = benchmark.stats.stats.median
    conn.close()


@pytest.mark.parametrize("case,check_interval", [("recent", 60.0), ("idle", 0.0)])
def test_checkout(benchmark, params, case, check_interval):
    pool = informix_db.create_pool(**params, min_size=1, max_size=1, check_interval=check_interval)

    def checkout():
        with pool.connection():
            pass

    benchmark(checkout)
    RESULTS[case] = benchmark.stats.stats.median
    pool.close()
    if "bare" in RESULTS:
        benchmark.extra_info["overhead_in_round_trips"] = round(RESULTS[case] / RESULTS["bare"], 3)


@pytest.mark.parametrize("case,check_interval", [("recent+query", 60.0)])
def test_checkout_and_query(benchmark, params, case, check_interval):
    pool = informix_db.create_pool(**params, min_size=1, max_size=1, check_interval=check_interval)

    def checkout_query():
        with pool.connection() as conn:
            cur = conn.cursor()
            cur.execute(PROBE)
            cur.fetchall()

    benchmark(checkout_query)
    RESULTS[case] = benchmark.stats.stats.median
    pool.close()


def test_peer_pool_same_server(params):
    out = subprocess.run(
        [str(peer_python()), str(Path(__file__).with_name("peer_pool.py")), params["host"], str(params["port"]),
         "sysmaster", "300"],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    peer = json.loads(out.stdout.strip().splitlines()[-1])
    lines = [f"peer: checkout = {peer['checkout'] / peer['bare']:.2f} bare round trips"]
    if "bare" in RESULTS:
        for case in ("recent", "idle", "recent+query"):
            if case in RESULTS:
                lines.append(f"ours ({case}): {RESULTS[case] / RESULTS['bare']:.3f} bare round trips")
    print("\npool checkout overhead\n  " + "\n  ".join(lines))
