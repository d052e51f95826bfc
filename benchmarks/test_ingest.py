"""Ingest of generated rows (INT, INT, VARCHAR(20), FLOAT, DECIMAL(12,2)) into the embedded
server in another process: client CPU of ``cursor.ingest`` (Arrow table) and of our
``executemany``, beside the peer's ``executemany`` of the same rows, in one run."""

from __future__ import annotations

import decimal
import json
import subprocess
import time
from pathlib import Path

import pytest

import informix_db

from server_process import peer_python, report_beside_peer, server_database

ROWS = 100_000  # issue 8: ingest() of 100k rows against the peer's executemany
SCHEMA = "(id INTEGER, qty INTEGER, name VARCHAR(20), price FLOAT, amount DECIMAL(12,2))"


def row_values(i: int) -> tuple:
    return (i, (i * 7919) % 1_000_003, f"cust{i:06d}", i * 1.5 + 0.25,
            decimal.Decimal(f"{i % 99999}.{i % 100:02d}"))


@pytest.fixture(scope="module")
def database():
    with server_database("ingestdb", "WITH LOG") as params:
        yield params


def _fresh_table(params, name: str) -> None:
    conn = informix_db.connect(**params, autocommit=True)
    cur = conn.cursor()
    try:
        cur.execute(f"DROP TABLE {name}")
    except informix_db.Error:
        pass
    cur.execute(f"CREATE TABLE {name} {SCHEMA}")
    conn.close()


def _our_cpu(params, load) -> float:
    """Client CPU seconds of ``load(cursor)`` + commit into a fresh table."""
    _fresh_table(params, "ingest_ours")
    conn = informix_db.connect(**params)
    cur = conn.cursor()
    started = time.process_time()
    load(cur)
    conn.commit()
    spent = time.process_time() - started
    cur.execute("SELECT COUNT(*) FROM ingest_ours")
    assert int(cur.fetchone()[0]) == ROWS
    conn.close()
    return spent


@pytest.fixture(scope="module")
def peer_insert_ns(database) -> float:
    _fresh_table(database, "ingest_peer")
    peer = subprocess.run(
        [str(peer_python()), str(Path(__file__).with_name("peer_insert.py")), database["host"],
         str(database["port"]), database["database"], "ingest_peer", str(ROWS)],
        capture_output=True, text=True, timeout=900,
    )
    assert peer.returncode == 0, peer.stderr
    result = json.loads(peer.stdout.strip().splitlines()[-1])
    assert result["rows"] == ROWS
    return result["cpu_ns_per_row"]


@pytest.mark.timeout(900)
def test_ingest_arrow_client_cpu(benchmark, database, peer_insert_ns):
    pa = pytest.importorskip("pyarrow")
    columns = list(zip(*(row_values(i) for i in range(ROWS))))
    table = pa.table({"id": pa.array(columns[0], pa.int32()), "qty": pa.array(columns[1], pa.int32()),
                      "name": columns[2], "price": columns[3],
                      "amount": pa.array(columns[4], pa.decimal128(12, 2))})
    cpu = []
    benchmark.pedantic(lambda: cpu.append(_our_cpu(database, lambda cur: cur.ingest("ingest_ours", table))),
                       rounds=2, iterations=1)
    report_beside_peer(benchmark, f"ingest(Arrow table) of {ROWS} rows", min(cpu) / ROWS * 1e9,
                       "executemany", peer_insert_ns)


@pytest.mark.timeout(900)
def test_executemany_client_cpu(benchmark, database, peer_insert_ns):
    rows = [row_values(i) for i in range(ROWS)]
    sql = "INSERT INTO ingest_ours VALUES (?, ?, ?, ?, ?)"
    cpu = []
    benchmark.pedantic(lambda: cpu.append(_our_cpu(database, lambda cur: cur.executemany(sql, rows))),
                       rounds=2, iterations=1)
    report_beside_peer(benchmark, f"executemany of {ROWS} rows", min(cpu) / ROWS * 1e9, "executemany",
                       peer_insert_ns)
