"""The embedded server's speed as a client sees it (wall time), through the public driver API.

Imported by test_server_speed.py for our driver and run as a script by the peer's own
interpreter against the same ``ifx serve`` process:

    python server_workload.py HOST PORT DATABASE LOAD_TABLE LOAD_ROWS FETCH_TABLE

prints one JSON line of figures.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from decimal import Decimal

import informix_db

SHAPE = "(id INTEGER, qty INTEGER, name VARCHAR(20), price FLOAT, amount DECIMAL(12,2))"
WIDE_SHAPE = ("(id INTEGER, qty INTEGER, name VARCHAR(20), price FLOAT, amount DECIMAL(12,2),"
              " code SMALLINT, total BIGINT, city VARCHAR(30), rate FLOAT, fee DECIMAL(10,4))")
BATCH_ROWS = 10_000
LATENCY_ROUNDS = 300


def rows(start: int, count: int) -> list[tuple]:
    return [(n, n * 7919 % 1000003, f"cust{n}", n * 1.5 + 0.25, Decimal(n % 100000) / 100)
            for n in range(start, start + count)]


def wide_rows(start: int, count: int) -> list[tuple]:
    return [row + (n % 30000, n * 1000, f"city {n % 977}", n / 3, Decimal(n % 1000) / 10000)
            for n, row in zip(range(start, start + count), rows(start, count))]


def load(params: dict, table: str, count: int, shape: str = SHAPE, make=rows) -> float:
    """Create ``table`` and fill it with ``executemany`` in 10k-row batches, one transaction;
    rows per second of wall time (row generation excluded)."""
    conn = informix_db.connect(**params)
    try:
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {table} {shape}")
        conn.commit()
        marks = ", ".join("?" for _ in range(len(make(0, 1)[0])))
        sql = f"INSERT INTO {table} VALUES ({marks})"
        spent = 0.0
        for start in range(0, count, BATCH_ROWS):
            batch = make(start, min(BATCH_ROWS, count - start))
            started = time.perf_counter()
            cur.executemany(sql, batch)
            spent += time.perf_counter() - started
        started = time.perf_counter()
        conn.commit()
        spent += time.perf_counter() - started
        return count / spent
    finally:
        conn.close()


def fetch(params: dict, table: str, rounds: int = 3) -> tuple[int, float]:
    """(rows, best rows per second of wall time) of ``SELECT *`` with fetchall."""
    conn = informix_db.connect(**params, autocommit=True)
    try:
        best = 0.0
        for _ in range(rounds):
            cur = conn.cursor()
            started = time.perf_counter()
            cur.execute(f"SELECT * FROM {table}")
            got = cur.fetchall()
            best = max(best, len(got) / (time.perf_counter() - started))
            cur.close()
        return len(got), best
    finally:
        conn.close()


def latencies(params: dict, table: str) -> dict[str, float]:
    """Median microseconds of a SELECT 1 round trip (the usual Informix ping, from systables, and
    the plain one) and of a prepared single-row INSERT (autocommit)."""
    conn = informix_db.connect(**params, autocommit=True)
    try:
        cur = conn.cursor()
        row = rows(10**8, 1)[0]
        work = {
            "select_1_us": lambda: (cur.execute("SELECT 1 FROM systables WHERE tabid = 1"), cur.fetchall()),
            "select_plain_us": lambda: (cur.execute("SELECT 1"), cur.fetchall()),
            "insert_1_us": lambda: cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", row),
        }
        figures = {}
        for name, run in work.items():
            run()
            spent = []
            for _ in range(LATENCY_ROUNDS):
                started = time.perf_counter()
                run()
                spent.append(time.perf_counter() - started)
            figures[name] = statistics.median(spent) * 1e6
        return figures
    finally:
        conn.close()


def main(argv: list[str]) -> None:
    host, port, database, load_table, load_rows, fetch_table = argv
    params = {"host": host, "port": int(port), "user": "informix", "password": "in4mix", "server": "informix",
              "database": database}
    figures = {"load_rows_per_s": load(params, load_table, int(load_rows))}
    figures["fetch_rows"], figures["fetch_rows_per_s"] = fetch(params, fetch_table)
    figures.update(latencies(params, load_table))
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
