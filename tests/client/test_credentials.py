"""Credentials reach the server exactly as given, or the connect is refused before it starts;
connect_timeout bounds the whole connect and login."""

from __future__ import annotations

import socket
import threading
import time

import pytest

import informix_db as ifx
from informix_db.protocol.login import DEFAULT_ENV, MAX_LOGIN_STRING_BYTES, build_login_pdu
from informix_db.testing import EmbeddedServer


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_password_outside_the_locale_codeset_is_refused_before_connecting():
    # Nothing listens on the port: the InterfaceError proves no connection was attempted.
    with pytest.raises(ifx.InterfaceError, match="password") as info:
        ifx.connect(host="127.0.0.1", port=_closed_port(), user="informix", password="€€€")
    assert "€" not in str(info.value)  # the message never quotes the credential
    with pytest.raises(ifx.InterfaceError, match="user name"):
        ifx.connect(host="127.0.0.1", port=_closed_port(), user="Jürgen€", password="x")


def test_a_password_is_never_replaced_by_question_marks():
    with EmbeddedServer(users={"informix": "???"}) as srv:
        kwargs = {**srv.connect_kwargs(), "password": "€€€"}
        with pytest.raises(ifx.InterfaceError):
            ifx.connect(**kwargs)
        with pytest.raises(ifx.OperationalError) as info:
            ifx.connect(**kwargs, client_locale="en_US.utf8")
        assert info.value.sqlcode == -951


def test_credentials_are_encoded_in_the_client_locale():
    with EmbeddedServer(users={"jürgen": "€uro-ß"}) as srv:
        kwargs = {**srv.connect_kwargs(), "user": "jürgen", "password": "€uro-ß"}
        with ifx.connect(**kwargs, client_locale="en_US.utf8") as conn:
            conn.ping()
        with ifx.connect(**kwargs, client_locale="en_US.8859-15") as conn:
            conn.ping()


@pytest.mark.parametrize("field", ["user", "password"])
def test_a_nul_in_credentials_is_refused_not_truncated(field):
    credentials = {"user": "informix", "password": "in4mix", field: "in4mix\x00tail"}
    with pytest.raises(ifx.InterfaceError, match="NUL"):
        ifx.connect(host="127.0.0.1", port=_closed_port(), **credentials)


@pytest.mark.parametrize("field", ["user", "password"])
def test_overlong_credentials_raise_a_driver_error_naming_the_field(field):
    credentials = {"user": "informix", "password": "secret", field: "x" * (MAX_LOGIN_STRING_BYTES + 1)}
    with pytest.raises(ifx.InterfaceError, match="too long") as info:
        build_login_pdu(credentials["user"], credentials["password"], "informix", DEFAULT_ENV)
    assert ("user name" if field == "user" else "password") in str(info.value)
    with pytest.raises(ifx.InterfaceError, match="too long"):
        ifx.connect(host="127.0.0.1", port=_closed_port(), server="informix", **credentials)


def test_long_credentials_within_the_limits_fit_one_login_request():
    pdu = build_login_pdu("u" * 20000, "p" * 20000, "informix", DEFAULT_ENV)
    assert int.from_bytes(pdu[:2], "big") == len(pdu)
    with pytest.raises(ifx.InterfaceError, match="login request is too long"):
        build_login_pdu("u" * 32700, "p" * 32700, "informix", DEFAULT_ENV)


class _DrippingServer:
    """Accepts one client, reads its login, then answers one byte every 0.1 s."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        with client:
            client.recv(65536)
            reply = b"\x7f\xff" + bytes(198)  # a long login response, never complete
            for byte in reply:
                if self.stop.wait(0.1):
                    return
                try:
                    client.sendall(bytes((byte,)))
                except OSError:
                    return

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        self.thread.join(5)


def test_connect_timeout_bounds_the_whole_login_not_each_read():
    server = _DrippingServer()
    try:
        started = time.monotonic()
        with pytest.raises(ifx.OperationalError, match="timed out"):
            ifx.connect(host="127.0.0.1", port=server.port, user="informix", password="x",
                        connect_timeout=0.5)
        # Each byte comes within 0.1 s, so a per-read timeout would wait the full 20 s.
        assert time.monotonic() - started < 5
    finally:
        server.close()


def test_the_asyncio_driver_refuses_unencodable_credentials_alike():
    import asyncio

    from informix_db import aio

    with pytest.raises(ifx.InterfaceError, match="password"):
        asyncio.run(aio.connect(host="127.0.0.1", port=_closed_port(), user="informix", password="€"))
