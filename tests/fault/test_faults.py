"""A connection broken at a chosen moment: the driver raises OperationalError and closes the
connection, never hangs, and the server keeps committed data and drops uncommitted data."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

import informix_db as ifx
from informix_db import aio
from informix_db.protocol import constants as c

from .proxy import TO_CLIENT, TO_SERVER, after_bytes, containing, message

ROWS = 1000
COMMIT = message(c.SQ_CMMTWORK, c.SQ_EOT)
_tables = itertools.count()


@pytest.fixture(scope="module")
def database(new_database):
    cur = new_database("faultdb")
    cur.execute("CREATE TABLE many_rows (id INT, label VARCHAR(40))")
    cur.executemany("INSERT INTO many_rows VALUES (?, ?)", [(i, f"row {i}") for i in range(ROWS)])
    return "faultdb"


@pytest.fixture
def direct(fault_server, database):
    """A connection that bypasses the proxy, to look at what the server kept."""
    with ifx.connect(**fault_server.connect_kwargs(), database=database, autocommit=True) as conn:
        yield conn


@pytest.fixture
def table(direct):
    name = f"t_fault_{next(_tables)}"
    direct.cursor().execute(f"CREATE TABLE {name} (id INT, payload VARCHAR(100))")
    return name


@pytest.fixture
def through(proxy, fault_server, database):
    """Connect keyword arguments that go through the proxy."""
    return {**proxy.connect_kwargs(fault_server), "database": database}


def count(conn, table: str) -> int:
    cur = conn.cursor()
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    return cur.fetchone()[0]


def test_server_killed_mid_fetch(proxy, through):
    conn = ifx.connect(**through, fetch_buffer_size=512)
    cur = conn.cursor()
    cur.execute("SELECT id, label FROM many_rows ORDER BY id")
    first = [cur.fetchone() for _ in range(5)]
    proxy.kill()
    with pytest.raises(ifx.OperationalError):
        cur.fetchall()
    assert first == [(i, f"row {i}") for i in range(5)]
    assert conn.closed
    with pytest.raises(ifx.InterfaceError):
        conn.cursor()


def test_connection_dropped_before_the_commit_reaches_the_server(proxy, through, direct, table):
    conn = ifx.connect(**through)
    conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)", [(i, "x") for i in range(3)])
    fault = proxy.arm(TO_SERVER, containing(COMMIT))
    with pytest.raises(ifx.OperationalError):
        conn.commit()
    assert fault.fired.is_set() and conn.closed
    assert count(direct, table) == 0  # never committed: the server rolled it back


def test_commit_reply_lost_after_the_server_committed(proxy, through, direct, table):
    conn = ifx.connect(**through)
    conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)", [(i, "x") for i in range(3)])
    proxy.arm(TO_CLIENT, lambda chunk: True)  # the next reply is the commit's
    with pytest.raises(ifx.OperationalError):
        conn.commit()
    assert conn.closed
    assert count(direct, table) == 3  # committed, although the client could not learn it


def test_connection_dropped_mid_executemany(proxy, through, direct, table):
    conn = ifx.connect(**through)
    proxy.arm(TO_SERVER, after_bytes(60_000))
    with pytest.raises(ifx.OperationalError):
        conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)",
                                  [(i, "p" * 60) for i in range(5000)])
    assert conn.closed
    assert count(direct, table) == 0  # the open transaction went with the connection


def test_read_timeout_mid_result(proxy, through):
    conn = ifx.connect(**through, fetch_buffer_size=512, read_timeout=0.3)
    cur = conn.cursor()
    cur.execute("SELECT id, label FROM many_rows ORDER BY id")
    assert cur.fetchone() == (0, "row 0")
    proxy.arm(TO_CLIENT, lambda chunk: True, action="stall")
    started = time.monotonic()
    with pytest.raises(ifx.OperationalError, match="timed out"):
        cur.fetchall()
    assert time.monotonic() - started < 5
    assert conn.closed


def test_connection_dropped_during_login(proxy, through, fault_server):
    proxy.arm(TO_CLIENT, lambda chunk: True)  # the CONACC never arrives
    with pytest.raises(ifx.OperationalError):
        ifx.connect(**through, connect_timeout=5)
    deadline = time.monotonic() + 5
    while fault_server.connection_count > 1:  # the server let the half-open session go
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_committed_rows_survive_and_uncommitted_vanish_when_the_server_dies(proxy, through, direct, table):
    conn = ifx.connect(**through)
    cur = conn.cursor()
    cur.execute(f"INSERT INTO {table} VALUES (1, 'committed')")
    conn.commit()
    cur.execute(f"INSERT INTO {table} VALUES (2, 'pending')")
    proxy.kill()
    with pytest.raises(ifx.OperationalError):
        cur.execute(f"INSERT INTO {table} VALUES (3, 'after')")
    cur = direct.cursor()
    cur.execute(f"SELECT id, payload FROM {table}")
    assert cur.fetchall() == [(1, "committed")]


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


def test_asyncio_connection_dropped_before_the_commit(proxy, through, direct, table):
    async def main():
        conn = await aio.connect(**through)
        cur = await conn.cursor()
        await cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(i, "x") for i in range(3)])
        proxy.arm(TO_SERVER, containing(COMMIT))
        with pytest.raises(ifx.OperationalError):
            await conn.commit()
        assert conn.closed

    run(main())
    assert count(direct, table) == 0


def test_asyncio_read_timeout_mid_result(proxy, through):
    async def main():
        conn = await aio.connect(**through, fetch_buffer_size=512, read_timeout=0.3)
        cur = await conn.cursor()
        await cur.execute("SELECT id, label FROM many_rows ORDER BY id")
        proxy.arm(TO_CLIENT, lambda chunk: True, action="stall")
        with pytest.raises(ifx.OperationalError):
            await cur.fetchall()
        assert conn.closed

    run(main())


def test_asyncio_task_cancelled_mid_query(proxy, through, direct, table):
    async def main():
        conn = await aio.connect(**through)
        cur = await conn.cursor()
        await cur.execute(f"INSERT INTO {table} VALUES (1, 'uncommitted')")
        proxy.arm(TO_CLIENT, lambda chunk: True, action="stall")  # the next reply never comes
        task = asyncio.create_task(cur.execute(f"SELECT COUNT(*) FROM {table}"))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert conn.closed  # the stream position was unknown: the connection is given up
        await conn.close()

    run(main())
    deadline = time.monotonic() + 5
    while count(direct, table):  # the abandoned transaction is rolled back once the server sees it
        assert time.monotonic() < deadline
        time.sleep(0.05)
