"""Security basics: passwords never leak into output, login failures say little, binds stay binds."""

from __future__ import annotations

import logging
import socket
import traceback

import pytest

import informix_db
from informix_db.dbapi import transport
from informix_db.testing import EmbeddedServer

PASSWORD = "Pw-7f3e9c1a-do-not-leak"
WRONG_PASSWORD = "Pw-0b8d2e44-wrong-do-not-leak"


@pytest.fixture(scope="module")
def server(server_cert_files):
    cert, key = server_cert_files
    with EmbeddedServer(users={"informix": "in4mix", "alice": PASSWORD},
                        tls_port=0, tls_cert=cert, tls_key=key) as srv:
        with informix_db.connect(**srv.connect_kwargs(), autocommit=True) as conn:
            conn.cursor().execute("CREATE DATABASE secdb WITH LOG")
        with informix_db.connect(**srv.connect_kwargs(), database="secdb", autocommit=True) as conn:
            conn.cursor().execute("CREATE TABLE t_sec (k INT)")
        yield srv


def _kwargs(server, **overrides) -> dict:
    return {"host": server.host, "port": server.port, "user": "alice", "password": PASSWORD,
            "server": server.server_name, "database": "sysmaster", **overrides}


def _everything_said_about(exc: BaseException) -> str:
    """str/repr of the exception and its whole chain, and the formatted traceback."""
    parts = ["".join(traceback.format_exception(exc))]
    seen = exc
    while seen is not None:
        parts += [str(seen), repr(seen), repr(seen.args)]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(parts)


@pytest.mark.parametrize("tls", [False, True])
def test_a_failed_login_does_not_show_the_password(server, trusting_context, tls):
    kwargs = _kwargs(server, password=WRONG_PASSWORD)
    if tls:
        kwargs.update(port=server.tls_port, tls=trusting_context)
    with pytest.raises(informix_db.OperationalError) as info:
        informix_db.connect(**kwargs)
    said = _everything_said_about(info.value)
    assert "login" in said.lower() or "password" in said.lower()
    assert WRONG_PASSWORD not in said


def test_a_failed_tls_handshake_does_not_show_the_password(server):
    with pytest.raises(informix_db.OperationalError) as info:
        informix_db.connect(**_kwargs(server, port=server.tls_port, tls=True))
    assert PASSWORD not in _everything_said_about(info.value)


def test_wrong_user_and_wrong_password_fail_alike(server):
    failures = []
    for kwargs in (_kwargs(server, password=WRONG_PASSWORD), _kwargs(server, user="nobody")):
        with pytest.raises(informix_db.OperationalError) as info:
            informix_db.connect(**kwargs)
        failures.append((info.value.sqlcode, str(info.value)))
    assert failures[0] == failures[1]
    assert failures[0][0] == -951


def test_connection_repr_and_str_do_not_show_the_password(server):
    with informix_db.connect(**_kwargs(server)) as conn:
        assert PASSWORD not in repr(conn) + str(conn) + repr(vars(conn))
    assert PASSWORD not in repr(conn) + str(conn)


def test_pool_output_and_debug_logs_do_not_show_the_password(server, caplog, monkeypatch):
    monkeypatch.setattr(transport, "_unverified_warning_given", False)
    caplog.set_level(logging.DEBUG, logger="informix_db")
    kwargs = _kwargs(server, port=server.tls_port, tls=True, tls_verify=False, database="secdb")
    host, port = kwargs.pop("host"), kwargs.pop("port")
    with informix_db.create_pool(host, port, min_size=1, max_size=2, **kwargs) as pool:
        conn = pool.acquire()
        conn.cursor().execute("INSERT INTO t_sec VALUES (1)")  # opens a transaction
        socket.socket.shutdown(conn.socket, socket.SHUT_RDWR)
        pool.release(conn)  # the rollback fails: the pool logs and evicts
        with pool.connection() as healthy:
            assert not healthy.closed
        assert PASSWORD not in repr(pool) + str(pool)
    with pytest.raises(informix_db.OperationalError) as info:
        informix_db.create_pool(host, port, min_size=1, **{**kwargs, "password": WRONG_PASSWORD})
    assert WRONG_PASSWORD not in _everything_said_about(info.value)
    assert {"informix_db", "informix_db.pool"} <= {record.name for record in caplog.records}
    logged = caplog.text + "".join(repr(record.args) for record in caplog.records)
    assert PASSWORD not in logged and WRONG_PASSWORD not in logged


def test_parameters_are_bound_not_interpolated(server):
    hostile = "x' OR '1'='1"
    with informix_db.connect(**_kwargs(server)) as conn:
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM systables WHERE tabname = ?", (hostile,))
        assert cur.fetchone() == (0,)
        cur.execute("SELECT FIRST 1 ?::VARCHAR(40) FROM systables", (hostile,))
        assert cur.fetchone() == (hostile,)
