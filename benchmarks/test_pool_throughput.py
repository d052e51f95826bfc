"""Pool throughput of small SELECTs: default settings (a transaction per checkout) against
``autocommit=True``, for the thread pool and the asyncio pool (issue 9's target: >= 0.8x).

A SELECT under ``autocommit=False`` opens a transaction that the pool must end at release.
The pool ends a read-only one lazily: its ROLLBACK rides in front of the next borrower's
first request instead of costing a round trip of its own. ``default, eager rollback`` runs
the same workload with that turned off (what every checkout used to cost). The peer's
thread pool runs the same workload against the same server in the same session.
The server runs in another process; figures are wall-clock queries per second.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import threading
import time
from pathlib import Path

import pytest

import informix_db
from informix_db import aio
from informix_db.protocol.core import Session

from server_process import peer_python, server_process

QUERY = "SELECT FIRST 1 tabid FROM systables WHERE tabid = ?"
THREADS, TASKS, MAX_SIZE = 16, 64, 4
QUERIES = 960  # per measured round, spread over the threads or tasks
RESULTS: dict[str, float] = {}


@pytest.fixture(scope="module")
def params():
    with server_process() as p:
        with informix_db.connect(**p, autocommit=True) as conn:
            conn.cursor().execute("CREATE DATABASE benchpool WITH LOG")
        yield {**p, "database": "benchpool"}


@pytest.fixture(params=["lazy", "eager"])
def rollback_mode(request, monkeypatch):
    if request.param == "eager":
        monkeypatch.setattr(Session, "end_transaction_lazily", lambda self: False)
    return request.param


def _threads_round(pool) -> None:
    def work(n: int) -> None:
        for i in range(QUERIES // THREADS):
            with pool.connection() as conn:
                cur = conn.cursor()
                cur.execute(QUERY, (1 + (n + i) % 5,))
                cur.fetchall()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


async def _tasks_round(pool) -> None:
    async def work(n: int) -> None:
        for i in range(QUERIES // TASKS):
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute(QUERY, (1 + (n + i) % 5,))
                await cur.fetchall()

    await asyncio.gather(*(work(n) for n in range(TASKS)))


def _record(benchmark, name: str) -> None:
    qps = QUERIES / benchmark.stats.stats.median
    RESULTS[name] = qps
    benchmark.extra_info["queries_per_second"] = round(qps)


@pytest.mark.parametrize("autocommit", [False, True], ids=["default", "autocommit"])
def test_thread_pool(benchmark, params, autocommit, rollback_mode):
    if autocommit and rollback_mode == "eager":
        pytest.skip("no transaction to end under autocommit")
    with informix_db.create_pool(**params, min_size=MAX_SIZE, max_size=MAX_SIZE,
                                 autocommit=autocommit) as pool:
        benchmark.pedantic(_threads_round, args=(pool,), rounds=5, warmup_rounds=1)
    _record(benchmark, f"threads, {'autocommit' if autocommit else 'default'}"
                       f"{', eager rollback' if rollback_mode == 'eager' else ''}")


@pytest.mark.parametrize("autocommit", [False, True], ids=["default", "autocommit"])
def test_asyncio_pool(benchmark, params, autocommit, rollback_mode):
    if autocommit and rollback_mode == "eager":
        pytest.skip("no transaction to end under autocommit")
    loop = asyncio.new_event_loop()
    try:
        pool = loop.run_until_complete(aio.create_pool(**params, min_size=MAX_SIZE,
                                                       max_size=MAX_SIZE, autocommit=autocommit))
        benchmark.pedantic(lambda: loop.run_until_complete(_tasks_round(pool)), rounds=5,
                           warmup_rounds=1)
        loop.run_until_complete(pool.close())
    finally:
        loop.close()
    _record(benchmark, f"asyncio, {'autocommit' if autocommit else 'default'}"
                       f"{', eager rollback' if rollback_mode == 'eager' else ''}")


def test_peer_thread_pool_same_workload(params):
    out = subprocess.run(
        [str(peer_python()), str(Path(__file__).with_name("peer_pool_throughput.py")),
         params["host"], str(params["port"]), params["database"], str(THREADS), str(MAX_SIZE),
         str(QUERIES)],
        capture_output=True, text=True, timeout=900,
    )
    assert out.returncode == 0, out.stderr
    peer = json.loads(out.stdout.strip().splitlines()[-1])
    RESULTS["peer threads, default"] = peer["default"]
    RESULTS["peer threads, autocommit"] = peer["autocommit"]
    lines = [f"{name:<36}{qps:>9.0f} q/s" for name, qps in RESULTS.items()]
    for side in ("threads", "asyncio", "peer threads"):
        default, auto = RESULTS.get(f"{side}, default"), RESULTS.get(f"{side}, autocommit")
        if default and auto:
            lines.append(f"{side}: default / autocommit = {default / auto:.2f}x")
    print("\npool throughput, small SELECTs\n  " + "\n  ".join(lines))
