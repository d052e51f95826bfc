"""A dropped network: rows already received stay readable, the next request fails cleanly."""

from __future__ import annotations

import socket

import pytest

import informix_db as ifx


def test_rows_of_a_complete_result_survive_a_network_drop(db_params):
    conn = ifx.connect(**db_params, autocommit=True)
    cur = conn.cursor()
    cur.execute("SELECT FIRST 5 tabid FROM systables ORDER BY tabid")
    assert cur.fetchone() == (1,)
    conn.socket.shutdown(socket.SHUT_RDWR)
    assert len(cur.fetchall()) == 4  # the whole result arrived with execute
    with pytest.raises(ifx.OperationalError):
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert conn.closed
