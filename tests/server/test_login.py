"""Login: CONACC layout (PROTOCOL.md §2.4), rejections, and garbage before login."""

from __future__ import annotations

import socket
import struct
import threading
import time

import pytest

from informix_db.testing import EmbeddedServer, login
from informix_db.testing import rawclient as rc
from informix_db.testing import server as server_module


def _zstr(text: str) -> bytes:
    return struct.pack("!h", len(text) + 1) + text.encode() + b"\x00"


def test_accept_is_laid_out_as_section_2_4(server):
    body = (
        bytes.fromhex("023c0000 0064 0065 0000003d") + _zstr("IEEEI") + bytes.fromhex("006c") + bytes(12)
        + _zstr(login.SERVER_VERSION_TEXT) + _zstr(login.SERVER_SERIAL) + _zstr("sqli")
        + struct.pack("!iii", 316, 0, 0)
    )
    expected = struct.pack("!H", len(body) + 2) + body
    with rc.RawConnection(server.host, server.port) as conn:
        sltype, pdu = conn.login()
    assert sltype == 2
    assert pdu == expected
    assert "Informix" in login.SERVER_VERSION_TEXT


def _rejection(srv, **kwargs) -> bytes:
    with rc.RawConnection(srv.host, srv.port) as conn:
        sltype, pdu = conn.login(**kwargs)
        assert sltype == 3
        assert conn.recv_all() == b""  # and the server closes the connection
    return pdu


def _printable_runs(data: bytes) -> list[str]:
    runs, current = [], bytearray()
    for byte in data + b"\x00":
        if 0x20 <= byte <= 0x7E:
            current.append(byte)
        else:
            if len(current) >= 8:
                runs.append(current.decode())
            current = bytearray()
    return runs


def test_wrong_password_and_unknown_user_get_the_same_951_rejection(server):
    wrong_password = _rejection(server, password="nope")
    unknown_user = _rejection(server, user="mallory")
    assert wrong_password == unknown_user
    (message,) = _printable_runs(wrong_password)
    assert message.startswith("-951")
    assert len(wrong_password[6:]) % 64 == 0  # the peer reads rejections in 64-byte chunks


def test_missing_password_is_rejected(server):
    assert _printable_runs(_rejection(server, password=None))[0].startswith("-951")


def test_wrong_server_name_is_rejected_with_761(server):
    (message,) = _printable_runs(_rejection(server, server="elsewhere"))
    assert message.startswith("-761")


def test_unknown_database_in_login_is_rejected_with_329(server):
    (message,) = _printable_runs(_rejection(server, database="no_such_db"))
    assert message.startswith("-329")


def test_database_named_in_login_is_open_and_dbopen_then_fails_759(server):
    with rc.RawConnection(server.host, server.port) as conn:
        assert conn.login(database="srvtest")[0] == 2
        conn.request(rc.PROTOCOLS)
        reply = conn.request(rc.dbopen("srvtest"))
        assert [m.tag for m in reply] == [13, 12]
        assert reply[0].fields["sqlcode"] == -759
        assert conn.request(rc.prepare("SELECT 1 FROM systables WHERE tabid = 1"))[0].tag == 8


def test_custom_users_and_server_name():
    with EmbeddedServer(users={"alice": "secret"}, server_name="ol_test") as srv:
        assert srv.connect_kwargs()["server"] == "ol_test"
        with rc.RawConnection(srv.host, srv.port) as conn:
            assert conn.login(user="alice", password="secret", server="ol_test")[0] == 2
        with rc.RawConnection(srv.host, srv.port) as conn:
            assert conn.login(server="ol_test")[0] == 3


@pytest.mark.parametrize(
    "garbage",
    [
        bytes.fromhex("16030100f4010000f00303") + bytes(240),  # TLS ClientHello
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        bytes.fromhex("0004013c"),  # length shorter than the SL header
        bytes.fromhex("0100023c0000") + bytes(250),  # SLType 2 from a client
    ],
)
def test_non_sqli_first_bytes_are_dropped_at_once(server, garbage):
    with rc.RawConnection(server.host, server.port) as conn:
        conn.send(garbage)
        started = time.monotonic()
        assert conn.recv_all() == b""
        assert time.monotonic() - started < 2


def test_malformed_login_body_is_closed(server):
    pdu = bytearray(rc.login_pdu())
    pdu[6:8] = b"\x00\x99"  # SQ_ASSOC marker replaced
    with rc.RawConnection(server.host, server.port) as conn:
        conn.send(bytes(pdu))
        assert conn.recv_all() == b""


def test_incomplete_login_times_out(server, monkeypatch):
    monkeypatch.setattr(server_module, "LOGIN_TIMEOUT", 0.3)
    with rc.RawConnection(server.host, server.port) as conn:
        conn.send(rc.login_pdu()[:40])
        started = time.monotonic()
        assert conn.recv_all() == b""
        assert time.monotonic() - started < 3


def test_port_zero_binds_a_real_port_and_stop_closes_clients():
    srv = EmbeddedServer().start()
    try:
        assert srv.port != 0
        conn = rc.RawConnection(srv.host, srv.port)
        conn.session()
    finally:
        srv.stop()
    assert conn.recv_all() == b""
    conn.close()
    with pytest.raises(OSError):
        socket.create_connection((srv.host, srv.port), timeout=1).close()


def test_serve_forever_reports_ready_and_returns_after_stop():
    srv = EmbeddedServer()
    ready = threading.Event()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"on_ready": ready.set})
    thread.start()
    assert ready.wait(10)
    with rc.RawConnection(srv.host, srv.port) as conn:
        assert conn.login()[0] == 2
    srv.stop()
    thread.join(10)
    assert not thread.is_alive()
