"""The client's TLS transport against the embedded server's TLS listener."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time

import pytest

import informix_db
from informix_db import OperationalError, ProgrammingError
from informix_db.dbapi import transport


def _kwargs(server, tls=False, **overrides) -> dict:
    """Connect arguments for ``server`` (its TLS listener when ``tls``), database sysmaster."""
    return {**server.connect_kwargs(tls=tls), "database": "sysmaster", **overrides}


def _query_one(conn, sql, params=()):
    cur = conn.cursor()
    cur.execute(sql, params)
    return cur.fetchone()


def _assert_fails_fast(started: float, limit: float) -> None:
    assert time.monotonic() - started < limit


@pytest.fixture
def silent_listener():
    """A port whose connections are accepted by the kernel but never answered."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield listener.getsockname()[1]
    listener.close()


# -- positive cases -----------------------------------------------------------------


def test_verifying_context_connects_and_queries(tls_server, trusting_context):
    with informix_db.connect(**_kwargs(tls_server, trusting_context)) as conn:
        assert isinstance(conn.socket, ssl.SSLSocket)
        assert conn.socket.version() in ("TLSv1.2", "TLSv1.3")
        assert _query_one(conn, "SELECT FIRST 1 ?::INT FROM systables", (7,)) == (7,)


def test_tls_true_verifies_against_the_system_trust_store(tls_server, ca_file, monkeypatch):
    # OpenSSL reads the default trust store from SSL_CERT_FILE: make the test CA "the system's".
    monkeypatch.setenv("SSL_CERT_FILE", ca_file)
    with informix_db.connect(**_kwargs(tls_server, True)) as conn:
        assert conn.socket.getpeercert()["subjectAltName"]
        assert _query_one(conn, "SELECT FIRST 1 tabid FROM systables ORDER BY tabid") == (1,)


def test_localhost_name_is_checked_and_accepted(tls_server, trusting_context):
    kwargs = _kwargs(tls_server, trusting_context, host="localhost")
    with informix_db.connect(**kwargs) as conn:
        assert not conn.closed


def test_tls_server_hostname_overrides_the_name_checked(wrong_host_server, trusting_context):
    kwargs = _kwargs(wrong_host_server, trusting_context)
    with informix_db.connect(**kwargs, tls_server_hostname="db.example.org") as conn:
        assert _query_one(conn, "SELECT FIRST 1 1 FROM systables") == (1,)


def test_tls_verify_false_connects_to_an_untrusted_server_and_warns_once(tls_server, caplog, monkeypatch):
    monkeypatch.setattr(transport, "_unverified_warning_given", False)
    caplog.set_level(logging.WARNING, logger="informix_db")
    for _ in range(2):
        with informix_db.connect(**_kwargs(tls_server, True), tls_verify=False) as conn:
            assert _query_one(conn, "SELECT FIRST 1 1 FROM systables") == (1,)
    warnings = [r for r in caplog.records if r.name == "informix_db" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "verification is disabled" in warnings[0].getMessage()


def test_default_context_requires_a_verified_chain_host_name_and_tls12():
    context = transport.build_tls_context(True)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_a_callers_context_is_used_as_given():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    assert transport.build_tls_context(context) is context
    assert transport.build_tls_context(False) is None


@pytest.mark.parametrize("tls, verify", [(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), False), ("yes", True)])
def test_ambiguous_tls_arguments_are_refused(tls, verify):
    with pytest.raises(ProgrammingError):
        transport.build_tls_context(tls, verify)


# -- failures: prompt OperationalError with the reason --------------------------------


def test_tls_true_rejects_a_certificate_from_an_unknown_ca(tls_server):
    started = time.monotonic()
    with pytest.raises(OperationalError, match="certificate verify failed: unable to get local issuer"):
        informix_db.connect(**_kwargs(tls_server, True), connect_timeout=10)
    _assert_fails_fast(started, 5)


def test_expired_certificate_is_rejected(expired_server, trusting_context):
    with pytest.raises(OperationalError, match="certificate verify failed: certificate has expired"):
        informix_db.connect(**_kwargs(expired_server, trusting_context), connect_timeout=10)


@pytest.mark.parametrize("host, reason", [("localhost", "Hostname mismatch"), ("127.0.0.1", "IP address mismatch")])
def test_wrong_host_name_is_rejected(wrong_host_server, trusting_context, host, reason):
    with pytest.raises(OperationalError, match=f"certificate verify failed: {reason}"):
        informix_db.connect(**_kwargs(wrong_host_server, trusting_context, host=host), connect_timeout=10)


def test_tls_client_against_the_plaintext_port_fails_fast(tls_server, trusting_context):
    kwargs = _kwargs(tls_server, trusting_context, port=tls_server.port)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="TLS handshake with .* failed: the server closed"):
        informix_db.connect(**kwargs)
    _assert_fails_fast(started, 5)


def test_plaintext_client_against_the_tls_port_fails_fast(tls_server):
    kwargs = _kwargs(tls_server, port=tls_server.tls_port)
    started = time.monotonic()
    # The server closes at once; unread login bytes may turn the close into a reset.
    with pytest.raises(OperationalError, match="closed the connection|reset by peer"):
        informix_db.connect(**kwargs)
    _assert_fails_fast(started, 5)


def test_handshake_with_a_silent_server_times_out(silent_listener, trusting_context):
    started = time.monotonic()
    with pytest.raises(OperationalError, match="no answer within 0.5 s"):
        informix_db.connect("127.0.0.1", silent_listener, user="u", password="p",
                            tls=trusting_context, connect_timeout=0.5)
    _assert_fails_fast(started, 3)


@pytest.mark.parametrize("use_tls", [True, False])
def test_connect_timeout_none_is_still_bounded(silent_listener, trusting_context, monkeypatch, use_tls):
    monkeypatch.setattr(transport, "DEFAULT_CONNECT_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(OperationalError):
        informix_db.connect("127.0.0.1", silent_listener, user="u", password="p",
                            tls=trusting_context if use_tls else False)
    _assert_fails_fast(started, 3)


def test_login_failure_over_tls_is_the_servers_error(tls_server, trusting_context):
    kwargs = _kwargs(tls_server, trusting_context, password="wrong")
    with pytest.raises(OperationalError) as info:
        informix_db.connect(**kwargs)
    assert info.value.sqlcode == -951


# -- traffic over TLS behaves as over plain TCP ----------------------------------------


@pytest.fixture(scope="module")
def tls_db(tls_server):
    with informix_db.connect(**tls_server.connect_kwargs(), autocommit=True) as conn:
        conn.cursor().execute("CREATE DATABASE tlsdb WITH LOG")
    return "tlsdb"


@pytest.fixture
def tls_conn(tls_server, tls_db, trusting_context):
    with informix_db.connect(**_kwargs(tls_server, trusting_context, database=tls_db),
                             autocommit=True) as conn:
        yield conn


@pytest.fixture
def plain_conn(tls_server, tls_db):
    with informix_db.connect(**_kwargs(tls_server, database=tls_db), autocommit=True) as conn:
        yield conn


@pytest.mark.parametrize("size", [1, 16383, 16384, 16385, 32000])
def test_lvarchar_spanning_tls_records_round_trips(tls_conn, size):
    payload = "".join(chr(ord("a") + i % 26) for i in range(size))
    cur = tls_conn.cursor()
    cur.execute("CREATE TEMP TABLE t_big (k INT, v LVARCHAR(32000))")
    cur.execute("INSERT INTO t_big VALUES (?, ?)", (1, payload))
    cur.execute("SELECT v, k FROM t_big")
    assert cur.fetchone() == (payload, 1)


def test_bulk_fetch_over_tls_matches_plain_tcp(tls_conn, plain_conn):
    cur = tls_conn.cursor()
    cur.execute("CREATE TABLE t_bulk (k INT, v VARCHAR(240))")
    try:
        cur.executemany("INSERT INTO t_bulk VALUES (?, ?)", [(i, f"row{i}-" + "y" * 200) for i in range(5000)])
        cur.execute("SELECT k, v FROM t_bulk ORDER BY k")
        over_tls = cur.fetchall()
        plain = plain_conn.cursor()
        plain.execute("SELECT k, v FROM t_bulk ORDER BY k")
        assert over_tls == plain.fetchall()
        assert len(over_tls) == 5000 and over_tls[-1][0] == 4999
    finally:
        cur.execute("DROP TABLE t_bulk")


def test_errors_leave_a_tls_session_usable(tls_conn):
    cur = tls_conn.cursor()
    cur.execute("CREATE TEMP TABLE t_dup (k INT PRIMARY KEY)")
    cur.execute("INSERT INTO t_dup VALUES (1)")
    for _ in range(3):
        with pytest.raises(informix_db.IntegrityError):
            cur.execute("INSERT INTO t_dup VALUES (1)")
        cur.execute("SELECT k FROM t_dup")
        assert cur.fetchall() == [(1,)]


def test_concurrent_tls_and_plain_sessions_do_not_cross(tls_server, tls_db, trusting_context):
    failures = []

    def worker(index: int) -> None:
        tls = trusting_context if index % 2 else False
        try:
            with informix_db.connect(**_kwargs(tls_server, tls, database=tls_db)) as conn:
                for round_ in range(20):
                    token, tag = index * 1000 + round_, f"w{index}-" + "z" * index
                    row = _query_one(conn, "SELECT FIRST 1 ?::INT, ?::VARCHAR(40) FROM systables", (token, tag))
                    if row != (token, tag):
                        failures.append((index, row))
        except Exception as exc:
            failures.append((index, repr(exc)))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures


def test_pool_passes_tls_options_through(tls_server, trusting_context):
    kwargs = _kwargs(tls_server, trusting_context)
    host, port = kwargs.pop("host"), kwargs.pop("port")
    with informix_db.create_pool(host, port, min_size=1, max_size=2, check_interval=0, **kwargs) as pool:
        for _ in range(3):  # check_interval=0: every reuse runs the health check over TLS
            conn = pool.acquire()
            assert isinstance(conn.socket, ssl.SSLSocket)
            assert _query_one(conn, "SELECT FIRST 1 1 FROM systables") == (1,)
            pool.release(conn)
        assert pool.stats()["health_check_failures"] == 0


def test_pool_with_tls_true_verifies(tls_server):
    kwargs = _kwargs(tls_server, True)
    host, port = kwargs.pop("host"), kwargs.pop("port")
    with pytest.raises(OperationalError, match="certificate verify failed"):
        informix_db.create_pool(host, port, min_size=1, **kwargs)
