"""Shared fixtures: a server to test against.

With ``IFX_HOST`` set the suite runs against that server (``IFX_PORT``, ``IFX_USER``,
``IFX_PASSWORD``, ``IFX_SERVER`` as for the peer's suite); otherwise one embedded SQLI server
is started for the whole session.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def server_params(request):
    """Connect keyword arguments for the test server, without a database."""
    if os.environ.get("IFX_HOST"):
        yield {
            "host": os.environ["IFX_HOST"],
            "port": int(os.environ.get("IFX_PORT", "9088")),
            "user": os.environ.get("IFX_USER", "informix"),
            "password": os.environ.get("IFX_PASSWORD", "in4mix"),
            "server": os.environ.get("IFX_SERVER", "informix"),
        }
        return
    yield request.getfixturevalue("ifx_server").connect_kwargs()


@pytest.fixture(scope="session")
def db_params(server_params):
    """Connect keyword arguments for ``testdb``, a logged database created once per session."""
    import informix_db

    conn = informix_db.connect(**server_params, autocommit=True)
    try:
        cur = conn.cursor()
        try:
            cur.execute("CREATE DATABASE testdb WITH LOG")
        except informix_db.DatabaseError as exc:
            if exc.sqlcode != -330:  # -330: database already exists
                raise
    finally:
        conn.close()
    return {**server_params, "database": "testdb"}


@pytest.fixture
def conn(db_params):
    """A fresh connection to testdb (autocommit off), closed after the test."""
    import informix_db

    c = informix_db.connect(**db_params)
    yield c
    c.close()
