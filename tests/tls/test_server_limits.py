"""The embedded server's TLS listener and its defences: connection limit, login deadline, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

import informix_db
from informix_db.testing import EmbeddedServer
from informix_db.testing import rawclient as rc


def _wait_closed_by_server(sock: socket.socket, limit: float) -> float:
    """Seconds until the server closes ``sock`` (EOF or reset); fails after ``limit``."""
    started = time.monotonic()
    sock.settimeout(limit)
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def _wait_for(predicate, limit: float = 5.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


@pytest.fixture
def tls_files(server_cert_files):
    return {"tls_cert": server_cert_files[0], "tls_key": server_cert_files[1]}


def test_tls_listener_shares_the_engine_with_the_plain_one(tls_server, trusting_context):
    with informix_db.connect(**tls_server.connect_kwargs(), autocommit=True) as plain:
        plain.cursor().execute("CREATE DATABASE shared_db WITH LOG")
    with informix_db.connect(**tls_server.connect_kwargs(), database="shared_db", autocommit=True) as plain:
        plain.cursor().execute("CREATE TABLE t_shared (k INT)")
        plain.cursor().execute("INSERT INTO t_shared VALUES (42)")
    kwargs = {**tls_server.connect_kwargs(tls=trusting_context), "database": "shared_db"}
    with informix_db.connect(**kwargs) as secure:
        cur = secure.cursor()
        cur.execute("SELECT k FROM t_shared")
        assert cur.fetchall() == [(42,)]


def test_a_tls_listener_needs_a_certificate():
    with pytest.raises(ValueError):
        EmbeddedServer(tls_port=0)


def test_connect_kwargs_for_tls_need_a_tls_listener():
    with pytest.raises(ValueError):
        EmbeddedServer().connect_kwargs(tls=True)


def test_connections_beyond_the_limit_are_refused_at_once(tls_files, trusting_context):
    with EmbeddedServer(max_connections=2, tls_port=0, **tls_files) as srv:
        kwargs = {**srv.connect_kwargs(), "database": "sysmaster"}
        first = informix_db.connect(**kwargs)
        second = informix_db.connect(**srv.connect_kwargs(tls=trusting_context), database="sysmaster")
        started = time.monotonic()
        for over_the_limit in (kwargs, {**srv.connect_kwargs(tls=trusting_context), "database": "sysmaster"}):
            with pytest.raises(informix_db.OperationalError):
                informix_db.connect(**over_the_limit, connect_timeout=5)
        assert time.monotonic() - started < 3
        assert srv.connection_count == 2
        first.close()
        _wait_for(lambda: srv.connection_count == 1)
        with informix_db.connect(**kwargs) as third:
            assert not third.closed
        second.close()


def test_a_silent_client_is_cut_off_after_the_login_timeout(tls_files):
    with EmbeddedServer(login_timeout=0.3, tls_port=0, **tls_files) as srv:
        for port in (srv.port, srv.tls_port):
            with socket.create_connection((srv.host, port)) as sock:
                assert _wait_closed_by_server(sock, 5) < 2
        _wait_for(lambda: srv.connection_count == 0)


def test_a_trickling_login_is_cut_off_by_the_whole_login_deadline():
    with EmbeddedServer(login_timeout=0.5) as srv, socket.create_connection((srv.host, srv.port)) as sock:
        started = time.monotonic()
        try:
            for byte in rc.login_pdu():  # each byte well within the timeout, the whole far beyond it
                sock.send(bytes([byte]))
                time.sleep(0.05)
        except OSError:
            pass  # the server closed the connection while we were still sending
        assert time.monotonic() - started < 5
        assert _wait_closed_by_server(sock, 5) < 2


def test_a_stalled_tls_handshake_is_cut_off(tls_files):
    with EmbeddedServer(login_timeout=0.3, tls_port=0, **tls_files) as srv:
        with socket.create_connection((srv.host, srv.tls_port)) as sock:
            sock.sendall(b"\x16\x03\x01")  # the start of a TLS record, then nothing
            assert _wait_closed_by_server(sock, 5) < 2


def test_the_login_timeout_does_not_limit_a_logged_in_session(tls_files, trusting_context):
    with EmbeddedServer(login_timeout=0.3, tls_port=0, **tls_files) as srv:
        with informix_db.connect(**srv.connect_kwargs(tls=trusting_context), database="sysmaster") as conn:
            time.sleep(0.6)
            cur = conn.cursor()
            cur.execute("SELECT FIRST 1 1 FROM systables")
            assert cur.fetchone() == (1,)


def test_the_handshake_does_not_block_the_accept_loop(tls_server):
    with socket.create_connection((tls_server.host, tls_server.tls_port)) as stalled:
        stalled.sendall(b"\x16\x03\x01")
        with rc.RawConnection(tls_server.host, tls_server.port, timeout=3) as other:
            sltype, _ = other.login()
            assert sltype == 2  # SLTYPE_CONACC while the other handshake hangs


def test_stop_closes_tls_sessions_and_stalled_handshakes(tls_files, trusting_context):
    srv = EmbeddedServer(tls_port=0, **tls_files).start()
    conn = informix_db.connect(**srv.connect_kwargs(tls=trusting_context), database="sysmaster")
    stalled = socket.create_connection((srv.host, srv.tls_port))
    stalled.sendall(b"\x16\x03\x01")
    _wait_for(lambda: srv.connection_count == 2)
    started = time.monotonic()
    srv.stop()
    assert time.monotonic() - started < 3
    assert _wait_closed_by_server(stalled, 3) < 3
    with pytest.raises(informix_db.OperationalError):
        conn.cursor().execute("SELECT FIRST 1 1 FROM systables")
    stalled.close()


def test_ifx_serve_with_a_tls_listener(server_cert_files, trusting_context):
    cert, key = server_cert_files
    proc = subprocess.Popen(
        [sys.executable, "-m", "informix_db.cli", "serve", "--port", "0", "--tls-port", "0",
         "--tls-cert", cert, "--tls-key", key, "--max-connections", "4", "--login-timeout", "2"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        plain_line, tls_line = proc.stdout.readline(), proc.stdout.readline()
        assert plain_line.startswith("listening on 127.0.0.1:")
        assert tls_line.startswith("listening with TLS on 127.0.0.1:")
        tls_port = int(tls_line.rsplit(":", 1)[1])
        with informix_db.connect("127.0.0.1", tls_port, user="informix", password="in4mix",
                                 database="sysmaster", tls=trusting_context) as conn:
            cur = conn.cursor()
            cur.execute("SELECT FIRST 1 1 FROM systables")
            assert cur.fetchone() == (1,)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0


def test_ifx_serve_tls_port_needs_a_certificate():
    result = subprocess.run([sys.executable, "-m", "informix_db.cli", "serve", "--tls-port", "0"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "--tls-cert" in result.stderr


def test_concurrent_tls_logins_complete(tls_server, trusting_context):
    errors = []

    def login() -> None:
        try:
            with informix_db.connect(**tls_server.connect_kwargs(tls=trusting_context)):
                pass
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=login) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
