"""Fixtures for fault injection: one embedded server per module, a fresh proxy per test."""

from __future__ import annotations

import pytest

import informix_db
from informix_db.testing import EmbeddedServer

from .proxy import FaultProxy


@pytest.fixture(scope="module")
def fault_server():
    with EmbeddedServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def new_database(fault_server):
    """Factory: an autocommit cursor inside a new logged database of the given name."""
    opened = []

    def make(name: str):
        conn = informix_db.connect(**fault_server.connect_kwargs(), autocommit=True)
        opened.append(conn)
        cur = conn.cursor()
        cur.execute(f"CREATE DATABASE {name} WITH LOG")
        cur.execute(f"DATABASE {name}")
        return cur

    yield make
    for conn in opened:
        conn.close()


@pytest.fixture
def proxy(fault_server):
    proxy = FaultProxy((fault_server.host, fault_server.port))
    yield proxy
    proxy.close()
