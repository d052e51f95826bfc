"""Fixtures for fault injection: one embedded server per module, a fresh proxy per test."""

from __future__ import annotations

import pytest

from informix_db.testing import EmbeddedServer

from .proxy import FaultProxy


@pytest.fixture(scope="module")
def fault_server():
    with EmbeddedServer() as srv:
        yield srv


@pytest.fixture
def proxy(fault_server):
    proxy = FaultProxy((fault_server.host, fault_server.port))
    yield proxy
    proxy.close()
