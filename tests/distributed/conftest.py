"""Distributed reads and writes on a local Dask cluster and a local Ray instance.

Marked ``distributed`` (deselected by the main test command; ``.ci/run`` runs them in a
step of their own). The embedded server runs in the pytest process; workers reach it over
TCP with the connect arguments they are given.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from informix_db.types import IntervalYM

ROWS = 3000
COLUMNS = """(k INTEGER NOT NULL, id INTEGER, ch CHAR(10), vc VARCHAR(20), lv LVARCHAR(100), si SMALLINT,
    bi BIGINT, fl FLOAT, sf SMALLFLOAT, de DECIMAL(10,2), df DECIMAL(16), mo MONEY(8,2), da DATE,
    ts DATETIME YEAR TO SECOND, tf DATETIME HOUR TO FRACTION(3), ids INTERVAL DAY(3) TO SECOND,
    iym INTERVAL YEAR TO MONTH, bo BOOLEAN, nv NVARCHAR(10), tx TEXT, by BYTE)"""


def every_type_row(k: int) -> tuple:
    """Row ``k``: every column set, except NULL in all nullable columns on every 7th row and a
    NULL partition column (id) on every 11th."""
    if k % 7 == 0:
        return (k,) + (None,) * 20
    return (k, None if k % 11 == 0 else k * 3 - 1000, f"c{k % 50}", f"v|{k}", "l" * (k % 40), k % 300 - 150,
            k * 2**33, k / 8, float(k % 64), Decimal(k) / 4, Decimal(k) / 8, Decimal(-k) / 100,
            dt.date(2020, 1, 1) + dt.timedelta(days=k), dt.datetime(2026, 1, 2, 3, 4, 5) + dt.timedelta(minutes=k),
            dt.time(k % 24, k % 60, 15, (k % 1000) * 1000), dt.timedelta(days=k % 900, seconds=k),
            IntervalYM(k % 100 - 50), k % 2 == 0, f"n{k}", f"text {k}", bytes([k % 256, 0, 255]))



@pytest.fixture(scope="module")
def every_type_table(db_params):
    """Table ``dist_source`` with ROWS rows of every type, created once per module."""
    import informix_db

    conn = informix_db.connect(**db_params)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS dist_source")
    cur.execute(f"CREATE TABLE dist_source {COLUMNS}")
    cur.executemany(f"INSERT INTO dist_source VALUES ({', '.join('?' * 21)})",
                    (every_type_row(k) for k in range(ROWS)))
    conn.commit()
    yield "dist_source"
    cur.execute("DROP TABLE dist_source")
    conn.commit()
    conn.close()


def single_read(db_params, sql: str):
    """The reference: the whole result as one pyarrow.Table over one connection."""
    import informix_db

    conn = informix_db.connect(**db_params)
    try:
        cur = conn.cursor()
        cur.execute(sql)
        return cur.fetch_arrow_table()
    finally:
        conn.close()


def drop_table(db_params, table: str) -> None:
    import informix_db

    conn = informix_db.connect(**db_params, autocommit=True)
    try:
        conn.cursor().execute(f"DROP TABLE IF EXISTS {table}")
    finally:
        conn.close()


def pytest_ignore_collect(collection_path, config):
    """Collected only when the run selects the ``distributed`` marker (the main test command
    deselects it, and its environment need not have the ``[distributed]`` extra)."""
    selected = "distributed" in config.getoption("markexpr").replace("not distributed", "")
    if not selected and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return True
    return None  # pytest's own rules (--ignore ...) decide


def keys_kept_after_a_failed_write(db_params, table: str, taken_key: int, write, error, match=None) -> list[int]:
    """Make ``table (k INTEGER PRIMARY KEY, vc VARCHAR(20))`` holding ``taken_key``, check
    that ``write(table)`` raises ``error``, and return the keys the table holds then."""
    import informix_db

    drop_table(db_params, table)
    conn = informix_db.connect(**db_params)
    try:
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {table} (k INTEGER PRIMARY KEY, vc VARCHAR(20))")
        cur.execute(f"INSERT INTO {table} VALUES (?, 'already here')", (taken_key,))
        conn.commit()
        with pytest.raises(error, match=match):
            write(table)
        cur.execute(f"SELECT k FROM {table}")
        kept = sorted(row[0] for row in cur.fetchall())
        conn.commit()
    finally:
        conn.close()
        drop_table(db_params, table)
    return kept
