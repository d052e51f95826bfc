"""Certificates (made with trustme) and embedded servers with a TLS listener.

Each server presents a different certificate, all issued by one test CA: a valid one for
localhost/127.0.0.1, an expired one, and one for another host name.
"""

from __future__ import annotations

import datetime
import ssl

import pytest
import trustme

from informix_db.testing import EmbeddedServer


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def trusting_context(ca) -> ssl.SSLContext:
    """A verifying client context (host name checked) that trusts the test CA."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def _write_cert(cert: trustme.LeafCert, directory) -> tuple[str, str]:
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert.private_key_pem.write_to_path(str(key_path))
    cert_path.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    return str(cert_path), str(key_path)


def _tls_server(cert: trustme.LeafCert, tmp_path_factory, **options) -> EmbeddedServer:
    cert_path, key_path = _write_cert(cert, tmp_path_factory.mktemp("cert"))
    return EmbeddedServer(tls_port=0, tls_cert=cert_path, tls_key=key_path, **options)


@pytest.fixture(scope="session")
def server_cert_files(ca, tmp_path_factory) -> tuple[str, str]:
    return _write_cert(ca.issue_cert("localhost", "127.0.0.1"), tmp_path_factory.mktemp("cert"))


@pytest.fixture(scope="session")
def tls_server(server_cert_files):
    """Plain and TLS listeners over one engine; the certificate names localhost and 127.0.0.1."""
    cert_path, key_path = server_cert_files
    with EmbeddedServer(tls_port=0, tls_cert=cert_path, tls_key=key_path) as srv:
        yield srv


@pytest.fixture(scope="session")
def expired_server(ca, tmp_path_factory):
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = ca.issue_cert("localhost", "127.0.0.1", not_before=now - datetime.timedelta(days=30),
                         not_after=now - datetime.timedelta(days=1))
    with _tls_server(cert, tmp_path_factory) as srv:
        yield srv


@pytest.fixture(scope="session")
def wrong_host_server(ca, tmp_path_factory):
    with _tls_server(ca.issue_cert("db.example.org"), tmp_path_factory) as srv:
        yield srv
