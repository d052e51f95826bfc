"""Garbage, truncated and mutated requests: the server answers or closes, and keeps serving."""

from __future__ import annotations

import socket

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db.testing import rawclient as rc

VALID_REQUESTS = [
    rc.prepare("SELECT 1 FROM systables WHERE tabid = 1"),
    rc.open_fetch(),
    rc.nfetch(),
    rc.sfetch(6, 3),
    rc.bind([rc.int_param(42), rc.str_param("hello"), rc.NULL_PARAM]),
    rc.bind([(5, 0, 0x0602, bytes.fromhex("0004c20c2238")), (10, 0, 0x0E0A, bytes.fromhex("0008c7141a081f0c1e0f"))]),
    rc.dbopen("srvtest"),
    rc.PROTOCOLS,
    rc.INFO_ENV,
    rc.BEGIN + rc.ROLLBACK,
    rc.CLOSE + rc.RELEASE,
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _send_and_drain(server, payload: bytes) -> None:
    """Send ``payload`` after login, half-close, and parse every reply until the server closes."""
    with rc.RawConnection(server.host, server.port, timeout=10) as conn:
        conn.session("srvtest")
        conn.send(payload)
        conn.sock.shutdown(socket.SHUT_WR)
        try:
            while True:
                conn.read_reply()
        except EOFError:
            pass  # the server closed the connection once the input ran out


def _server_still_serves(server) -> None:
    with rc.RawConnection(server.host, server.port) as conn:
        conn.session("srvtest")
        reply = conn.request(rc.prepare("SELECT 1 FROM systables WHERE tabid = 1"))
        assert reply[0].tag == 8
        assert [m.fields["payload"] for m in conn.request(rc.open_fetch()) if m.tag == 14] == [b"\x00\x00\x00\x01"]


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes(server, payload):
    _send_and_drain(server, payload)
    _server_still_serves(server)


@SETTINGS
@given(st.sampled_from(VALID_REQUESTS), st.data())
def test_truncated_requests(server, request, data):
    cut = data.draw(st.integers(0, len(request) - 1))
    _send_and_drain(server, request[:cut])
    _server_still_serves(server)


@SETTINGS
@given(st.sampled_from(VALID_REQUESTS), st.data())
def test_mutated_requests(server, request, data):
    mutated = bytearray(request)
    for _ in range(data.draw(st.integers(1, 4))):
        mutated[data.draw(st.integers(0, len(mutated) - 1))] = data.draw(st.integers(0, 255))
    _send_and_drain(server, bytes(mutated))
    _server_still_serves(server)


def test_many_concurrent_connections(server):
    conns = [rc.RawConnection(server.host, server.port) for _ in range(20)]
    try:
        for conn in conns:
            conn.session("srvtest")
        for conn in conns:
            conn.send(rc.prepare("SELECT 1 FROM systables WHERE tabid = 1"))
        for conn in conns:
            assert conn.read_reply()[0].tag == 8
    finally:
        for conn in conns:
            conn.close()


def test_half_sent_request_from_one_client_does_not_block_others(server):
    with rc.RawConnection(server.host, server.port) as stalled:
        stalled.session("srvtest")
        stalled.send(rc.prepare("SELECT 1 FROM systables WHERE tabid = 1")[:10])
        _server_still_serves(server)
