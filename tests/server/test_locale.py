"""Database locales: DB_LOCALE at CREATE DATABASE fixes the codeset; text crosses the wire in
each client's CLIENT_LOCALE codeset (PROTOCOL.md §2.3)."""

from __future__ import annotations

import struct

import pytest

from informix_db.protocol import constants as c
from informix_db.testing import rawclient as rc

UTF8_ENV = {**rc.DEFAULT_ENV, "CLIENT_LOCALE": "en_US.utf8", "DB_LOCALE": "en_US.utf8"}


def utf8_connection(server, database: str | None) -> rc.RawConnection:
    conn = rc.RawConnection(server.host, server.port)
    assert conn.login(env=UTF8_ENV)[0] == c.SLTYPE_CONACC
    conn.request(rc.PROTOCOLS)
    if database is not None:
        assert all(m.tag != c.SQ_ERR for m in conn.request(rc.dbopen(database)))
    return conn


def execute(conn: rc.RawConnection, sql: str, *params) -> list[rc.Message]:
    conn.request(rc.prepare(sql, len(params)))
    reply = conn.request(rc.bind(list(params)) if params else rc.EXECUTE)
    conn.request(rc.RELEASE)
    return reply


def utf8_param(text: str) -> tuple[int, int, int, bytes]:
    data = text.encode("utf-8")
    return (0, 0, 0, struct.pack("!h", len(data)) + data)


def error_of(reply: list[rc.Message]) -> int | None:
    return next((m.fields["sqlcode"] for m in reply if m.tag == c.SQ_ERR), None)


def first_value(conn: rc.RawConnection, sql: str) -> bytes:
    conn.request(rc.prepare(sql))
    reply = conn.request(rc.open_fetch())
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)
    (payload,) = [m.fields["payload"] for m in reply if m.tag == c.SQ_TUPLE]
    return payload


@pytest.fixture(scope="module")
def utf8_database(server):
    with utf8_connection(server, "sysmaster") as conn:
        assert error_of(execute(conn, "CREATE DATABASE srv_utf8 WITH LOG")) is None
        execute(conn, "CREATE TABLE words (id INT, s NVARCHAR(100))")
    return "srv_utf8"


def test_utf8_database_keeps_multibyte_text(server, utf8_database):
    with utf8_connection(server, utf8_database) as conn:
        assert error_of(execute(conn, "INSERT INTO words VALUES (?, ?)", rc.int_param(1), utf8_param("你好 🎉"))) is None
        data = "你好 🎉".encode()
        assert first_value(conn, "SELECT s FROM words WHERE id = 1") == bytes([len(data)]) + data
        locale = first_value(conn, f"SELECT dbs_collate FROM sysmaster:sysdbslocale WHERE dbs_dbsname = '{utf8_database}'")
        assert locale[1:] == b"en_US.utf8"


def test_latin1_client_reads_utf8_database_in_its_own_codeset(server, utf8_database, connect):
    with utf8_connection(server, utf8_database) as writer:
        execute(writer, "INSERT INTO words VALUES (?, ?)", rc.int_param(2), utf8_param("café"))
    reader = connect(utf8_database)
    assert first_value(reader, "SELECT s FROM words WHERE id = 2") == b"\x04caf\xe9"


def test_text_outside_a_latin1_database_codeset_is_refused(server):
    with utf8_connection(server, "srvtest") as conn:
        execute(conn, "CREATE TEMP TABLE t_latin (s VARCHAR(20))")
        assert error_of(execute(conn, "INSERT INTO t_latin VALUES (?)", utf8_param("你好"))) == -202
        sql = "INSERT INTO t_latin VALUES ('你好')".encode()
        prepare = (struct.pack("!hhi", c.SQ_PREPARE, 0, len(sql)) + sql + b"\x00" * (len(sql) & 1)
                   + struct.pack("!hhh", c.SQ_NDESCRIBE, c.SQ_WANTDONE, c.SQ_EOT))
        assert error_of(conn.request(prepare)) == -202
        assert error_of(execute(conn, "INSERT INTO t_latin VALUES (?)", utf8_param("café"))) is None
