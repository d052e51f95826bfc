"""A lost socket: the connection says so and fails cleanly (the peer's resilience tests,
reaching into its socket wrapper, check the same behaviours on its driver)."""

from __future__ import annotations

import asyncio

import pytest

import informix_db
from informix_db import aio

PROBE = "SELECT 1 FROM systables WHERE tabid = 1"


def test_locally_closed_socket_gives_operational_error_on_next_query(db_params):
    conn = informix_db.connect(**db_params)
    cur = conn.cursor()
    conn.socket.close()
    with pytest.raises(informix_db.OperationalError):
        cur.execute(PROBE)
    conn.close()


def test_io_error_marks_connection_unusable(db_params):
    conn = informix_db.connect(**db_params)
    assert not conn.closed
    conn.socket.close()
    with pytest.raises(informix_db.OperationalError):
        conn.cursor().execute(PROBE)
    assert conn.closed and conn.socket is None
    with pytest.raises(informix_db.InterfaceError, match="closed"):
        conn.cursor()
    conn.close()  # still idempotent


def test_aio_lost_transport_gives_operational_error_and_marks_unusable(db_params):
    async def main():
        conn = await aio.connect(**db_params)
        cur = await conn.cursor()
        conn._protocol.transport.abort()  # the socket goes away under the connection
        await asyncio.sleep(0)
        assert conn.closed
        with pytest.raises(informix_db.OperationalError):
            await cur.execute(PROBE)
        with pytest.raises(informix_db.InterfaceError, match="closed"):
            await conn.cursor()
        await conn.close()

    asyncio.run(main())
