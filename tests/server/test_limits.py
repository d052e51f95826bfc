"""The embedded server under abuse: bounded requests, session limit at login, idle timeout."""

from __future__ import annotations

import struct
import threading
import time

import pytest

import informix_db
from informix_db.cli import build_parser
from informix_db.protocol import constants as c
from informix_db.testing import EmbeddedServer
from informix_db.testing import rawclient as rc
from informix_db.testing.requests import MAX_MESSAGES_PER_REQUEST


def _prepare_without_eot(size: int) -> bytes:
    sql = b"SELECT 1 FROM systables WHERE tabname = '" + b"x" * size + b"'"
    return struct.pack("!hhi", c.SQ_PREPARE, 0, len(sql)) + sql + b"\x00" * (len(sql) & 1)


def _flood_then_read_reply(srv, messages) -> list[rc.Message]:
    """Send ``messages`` (never an EOT) from a thread; return the server's reply."""
    with rc.RawConnection(srv.host, srv.port, timeout=10) as conn:
        conn.session("sysmaster")

        def flood():
            try:
                for message in messages:
                    conn.send(message)
            except OSError:
                pass  # the server closed the connection: it refused the request

        sender = threading.Thread(target=flood, daemon=True)
        sender.start()
        reply = conn.read_reply()
        with pytest.raises((EOFError, ConnectionResetError)):
            conn.read_reply()
        sender.join(10)
        return reply


def _still_serves(srv) -> None:
    with informix_db.connect(**srv.connect_kwargs(), database="sysmaster") as conn:
        conn.cursor().execute("SELECT FIRST 1 tabid FROM systables")


def test_a_request_beyond_the_size_limit_is_refused_with_208():
    with EmbeddedServer(max_request_bytes=1 << 20) as srv:
        # 64 messages of 256 KB without SQ_EOT: 16 MB if the server buffered them all.
        reply = _flood_then_read_reply(srv, (_prepare_without_eot(256 * 1024) for _ in range(64)))
        assert [m.tag for m in reply] == [c.SQ_ERR, c.SQ_EOT]
        assert reply[0].fields["sqlcode"] == -208
        _still_serves(srv)


def test_a_request_of_too_many_messages_is_refused_with_208(server):
    wantdone = struct.pack("!h", c.SQ_WANTDONE)
    reply = _flood_then_read_reply(server, [wantdone * (MAX_MESSAGES_PER_REQUEST + 10)])
    assert reply[0].fields["sqlcode"] == -208
    _still_serves(server)


def test_a_request_within_the_limits_is_served():
    with EmbeddedServer(max_request_bytes=1 << 20) as srv, \
            informix_db.connect(**srv.connect_kwargs(), database="sysmaster") as conn:
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM systables WHERE tabname <> ?", ("x" * 30000,))
        assert cur.fetchone()[0] > 0


def test_logins_beyond_max_connections_get_informix_session_limit_error():
    with EmbeddedServer(max_connections=1) as srv:
        kwargs = {**srv.connect_kwargs(), "database": "sysmaster"}
        with informix_db.connect(**kwargs):
            with pytest.raises(informix_db.OperationalError) as info:
                informix_db.connect(**kwargs, connect_timeout=5)
            assert info.value.sqlcode == -25571
            assert "session limit" in str(info.value)
            assert srv.connection_count == 1
        deadline = time.monotonic() + 5
        while srv.connection_count:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        _still_serves(srv)


def test_an_idle_logged_in_connection_is_closed_after_the_idle_timeout():
    with EmbeddedServer(idle_timeout=1.0) as srv:
        kwargs = {**srv.connect_kwargs(), "database": "sysmaster"}
        with informix_db.connect(**kwargs) as idle, informix_db.connect(**kwargs) as busy:
            silent_since = time.monotonic()
            while time.monotonic() - silent_since < 1.6:  # a client that keeps talking stays
                busy.ping()
                time.sleep(0.05)
            with pytest.raises(informix_db.OperationalError):
                idle.ping()
            assert idle.closed
        deadline = time.monotonic() + 5
        while srv.connection_count:
            assert time.monotonic() < deadline
            time.sleep(0.02)


def test_idle_timeout_is_an_option_of_ifx_serve():
    assert build_parser().parse_args(["serve", "--idle-timeout", "2.5"]).idle_timeout == 2.5
    assert build_parser().parse_args(["serve"]).idle_timeout is None
    with pytest.raises(ValueError):
        EmbeddedServer(idle_timeout=0)
