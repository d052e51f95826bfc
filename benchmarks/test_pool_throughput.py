"""Pool throughput of small SELECTs: default settings (a transaction per checkout) against
``autocommit=True``, for the thread pool and the asyncio pool (issue 9's target: >= 0.8x).

A SELECT under ``autocommit=False`` opens a transaction that the pool must end at release.
The pool ends a read-only one lazily: its ROLLBACK rides in front of the next borrower's
first request instead of costing a round trip of its own. ``default, eager rollback`` runs
the same workload with that turned off (what every checkout used to cost). The peer's
thread pool runs the same workload against the same server in the same session.
The server runs in another process; figures are wall-clock queries per second.

Two queries: a catalog lookup (the usual ping; the server serves it from kept catalog rows,
so a read-only checkout costs its engine no transaction at all) and a lookup in a user table
(its transaction's engine BEGIN and ROLLBACK are part of the price of the default mode).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import informix_db
from informix_db import aio
from informix_db.protocol.core import Session

from server_process import peer_python, server_process

QUERY_BY_KIND = {
    "catalog": "SELECT FIRST 1 tabid FROM systables WHERE tabid = ?",
    "table": "SELECT FIRST 1 k FROM pool_t WHERE k = ?",
}
THREADS, TASKS, MAX_SIZE = 16, 64, 4
QUERIES = 960  # per measured round, spread over the threads or tasks
RESULTS: dict[str, float] = {}


@pytest.fixture(scope="module")
def params():
    with server_process() as p:
        with informix_db.connect(**p, autocommit=True) as conn:
            conn.cursor().execute("CREATE DATABASE benchpool WITH LOG")
        with informix_db.connect(**p, database="benchpool", autocommit=True) as conn:
            conn.cursor().execute("CREATE TABLE pool_t (k INT)")
            conn.cursor().executemany("INSERT INTO pool_t VALUES (?)", [(k,) for k in range(10)])
        yield {**p, "database": "benchpool"}


MODES = ("default", "default, eager rollback", "autocommit")


@contextmanager
def _rollback_at_release(eager: bool):
    """``eager``: a read-only transaction pays its ROLLBACK round trip at release, as before."""
    lazy = Session.end_transaction_lazily
    if eager:
        Session.end_transaction_lazily = lambda self: False
    try:
        yield
    finally:
        Session.end_transaction_lazily = lazy


def _threads_round(pool, query: str) -> None:
    def work(n: int) -> None:
        for i in range(QUERIES // THREADS):
            with pool.connection() as conn:
                cur = conn.cursor()
                cur.execute(query, (1 + (n + i) % 5,))
                cur.fetchall()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


async def _tasks_round(pool, query: str) -> None:
    async def work(n: int) -> None:
        for i in range(QUERIES // TASKS):
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute(query, (1 + (n + i) % 5,))
                await cur.fetchall()

    await asyncio.gather(*(work(n) for n in range(TASKS)))


def _measure(benchmark, side: str, run_round, pools: dict) -> None:
    """One benchmark round runs every mode once, in turn, so that the load of a shared
    machine weighs on all of them alike; each mode's median round gives its rate."""
    seconds: dict[str, list[float]] = {mode: [] for mode in MODES}

    def rounds_in_turn() -> None:
        for mode in MODES:
            with _rollback_at_release(eager=mode.endswith("eager rollback")):
                started = time.perf_counter()
                run_round(pools["autocommit" if mode == "autocommit" else "default"])
                seconds[mode].append(time.perf_counter() - started)

    benchmark.pedantic(rounds_in_turn, rounds=5, warmup_rounds=1)
    for mode, spent in seconds.items():
        RESULTS[f"{side}, {mode}"] = QUERIES / statistics.median(spent[1:])  # without warm-up
        benchmark.extra_info[f"{mode} q/s"] = round(RESULTS[f"{side}, {mode}"])
    benchmark.extra_info["default / autocommit"] = round(
        RESULTS[f"{side}, default"] / RESULTS[f"{side}, autocommit"], 2)


@pytest.mark.parametrize("kind", QUERY_BY_KIND)
def test_thread_pool(benchmark, params, kind):
    pools = {name: informix_db.create_pool(**params, min_size=MAX_SIZE, max_size=MAX_SIZE,
                                           autocommit=name == "autocommit")
             for name in ("default", "autocommit")}
    try:
        _measure(benchmark, f"threads ({kind})", lambda pool: _threads_round(pool, QUERY_BY_KIND[kind]), pools)
    finally:
        for pool in pools.values():
            pool.close()


@pytest.mark.parametrize("kind", QUERY_BY_KIND)
def test_asyncio_pool(benchmark, params, kind):
    loop = asyncio.new_event_loop()
    pools = {name: loop.run_until_complete(aio.create_pool(
                 **params, min_size=MAX_SIZE, max_size=MAX_SIZE, autocommit=name == "autocommit"))
             for name in ("default", "autocommit")}
    try:
        _measure(benchmark, f"asyncio ({kind})",
                 lambda pool: loop.run_until_complete(_tasks_round(pool, QUERY_BY_KIND[kind])), pools)
    finally:
        for pool in pools.values():
            loop.run_until_complete(pool.close())
        loop.close()


def test_peer_thread_pool_same_workload(params):
    out = subprocess.run(
        [str(peer_python()), str(Path(__file__).with_name("peer_pool_throughput.py")),
         params["host"], str(params["port"]), params["database"], str(THREADS), str(MAX_SIZE),
         str(QUERIES)],
        capture_output=True, text=True, timeout=900,
    )
    assert out.returncode == 0, out.stderr
    peer = json.loads(out.stdout.strip().splitlines()[-1])
    RESULTS["peer threads (catalog), default"] = peer["default"]
    RESULTS["peer threads (catalog), autocommit"] = peer["autocommit"]
    lines = [f"{name:<44}{qps:>9.0f} q/s" for name, qps in sorted(RESULTS.items())]
    for side in [f"{pool} ({kind})" for kind in QUERY_BY_KIND for pool in ("threads", "asyncio", "peer threads")]:
        default, auto = RESULTS.get(f"{side}, default"), RESULTS.get(f"{side}, autocommit")
        if default and auto:
            lines.append(f"{side}: default / autocommit = {default / auto:.2f}x")
    print("\npool throughput, small SELECTs\n  " + "\n  ".join(lines))
