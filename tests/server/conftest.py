"""Fixtures for byte-level tests of the embedded server (raw sockets, no driver)."""

from __future__ import annotations

import pytest

from informix_db.testing import EmbeddedServer
from informix_db.testing import rawclient as rc


@pytest.fixture(scope="session")
def server():
    with EmbeddedServer() as srv:
        with rc.RawConnection(srv.host, srv.port) as conn:
            conn.session()
            for sql in ("CREATE DATABASE srvtest WITH LOG",):
                reply = conn.request(rc.prepare(sql))
                assert reply[-1].tag == 12 and all(m.tag != 13 for m in reply), reply
                assert all(m.tag != 13 for m in conn.request(rc.EXECUTE))
                conn.request(rc.RELEASE)
        yield srv


@pytest.fixture
def connect(server):
    """Factory: a raw connection, logged in and initialised (optionally with a database open)."""
    opened = []

    def make(database: str | None = "srvtest") -> rc.RawConnection:
        conn = rc.RawConnection(server.host, server.port)
        opened.append(conn)
        conn.session(database)
        return conn

    yield make
    for conn in opened:
        conn.close()
