"""The packaged pytest fixtures (informix_db.testing.pytest_plugin) work as documented."""

from __future__ import annotations


def test_ifx_connection_fixture_queries_the_embedded_server(ifx_connection, ifx_server):
    cur = ifx_connection.cursor()
    cur.execute("SELECT tabname FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [("systables",)]
    assert ifx_server.port > 0 and ifx_connection.database == "sysmaster"
