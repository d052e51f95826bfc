"""pytest fixtures for code that talks to Informix: an embedded SQLI server per session.

Enable in a ``conftest.py`` with ``pytest_plugins = ["informix_db.testing.pytest_plugin"]``.
"""

from __future__ import annotations

import pytest

from .server import EmbeddedServer


@pytest.fixture(scope="session")
def ifx_server():
    """A running :class:`EmbeddedServer` (free port, in-memory databases) for the session."""
    with EmbeddedServer() as server:
        yield server


@pytest.fixture
def ifx_connection(ifx_server):
    """A connection to the embedded server's ``sysmaster`` database, closed after the test."""
    import informix_db

    conn = informix_db.connect(**ifx_server.connect_kwargs(), database="sysmaster")
    yield conn
    conn.close()
