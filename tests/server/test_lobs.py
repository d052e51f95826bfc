"""BYTE/TEXT, smart LOBs (SQ_FILE) and fast path at the byte level (PROTOCOL.md §3.8, §3.12-3.14,
§4.11-4.13, §5.13-5.15, §6.14-6.15)."""

from __future__ import annotations

import struct

import pytest

from informix_db.protocol import constants as c
from informix_db.testing import rawclient as rc

LO_CLOSE = b"function informix.ifx_lo_close(integer)"


def tags(reply: list[rc.Message]) -> list[int]:
    return [m.tag for m in reply]


def error_of(reply: list[rc.Message]) -> int | None:
    errors = [m.fields["sqlcode"] for m in reply if m.tag == c.SQ_ERR]
    return errors[0] if errors else None


def run(conn: rc.RawConnection, sql: str, *params) -> list[rc.Message]:
    """PREPARE + BIND/EXECUTE + RELEASE of a statement that must succeed."""
    assert error_of(conn.request(rc.prepare(sql, len(params)))) is None
    reply = conn.request(rc.bind(list(params)) if params else rc.EXECUTE)
    assert error_of(reply) is None, reply
    conn.request(rc.RELEASE)
    return reply


def bind_with_blobs(params: list[tuple[int, int, int, bytes]], blobs: list[bytes], chunk: int = 1024) -> bytes:
    """SQ_BIND whose BYTE/TEXT values follow in an SQ_BBIND section of SQ_BLOB chunks (§3.8)."""
    out = bytearray(rc.bind(params, execute=False)[:-2])
    out += struct.pack("!hh", c.SQ_BBIND, len(blobs))
    for blob in blobs:
        for start in range(0, len(blob), chunk):
            piece = blob[start : start + chunk]
            out += struct.pack("!hh", c.SQ_BLOB, len(piece)) + piece + (b"\x00" if len(piece) & 1 else b"")
        out += struct.pack("!hh", c.SQ_BLOB, 0)
    return bytes(out) + struct.pack("!hh", c.SQ_EXECUTE, c.SQ_EOT)


def byte_param(size: int) -> tuple[int, int, int, bytes]:
    descriptor = bytearray(56)
    struct.pack_into("!i", descriptor, 16, size)
    return (11, 0, 0, bytes(descriptor))


def select_rows(conn: rc.RawConnection, sql: str) -> list[bytes]:
    """PREPARE + OPEN/NFETCH of a query; the tuple payloads (the cursor stays open)."""
    assert error_of(conn.request(rc.prepare(sql))) is None
    reply = conn.request(rc.open_fetch())
    assert error_of(reply) is None, reply
    return [m.fields["payload"] for m in reply if m.tag == c.SQ_TUPLE]


def fetch_blob(conn: rc.RawConnection, descriptor: bytes) -> list[rc.Message]:
    return conn.request(rc.stmt(c.SQ_FETCHBLOB) + descriptor + rc.EOT)


def finish(conn: rc.RawConnection) -> None:
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)


# -- BYTE / TEXT ----------------------------------------------------------------------------

def test_byte_and_text_round_trip_through_descriptors_and_fetchblob(connect):
    conn = connect()
    run(conn, "CREATE TEMP TABLE t_bt (id INT, b BYTE IN blobspace1, t TEXT IN TABLE)")
    payload = bytes(range(256)) * 40 + b"odd"  # 10243 bytes: many upload chunks, three reply chunks
    text = "café résumé".encode("iso-8859-1")
    reply = conn.request(rc.prepare("INSERT INTO t_bt VALUES (?, ?, ?)", 3))
    assert error_of(reply) is None
    reply = conn.request(bind_with_blobs([rc.int_param(1), byte_param(len(payload)), byte_param(len(text))],
                                         [payload, text]))
    assert error_of(reply) is None and [m.fields["rows"] for m in reply if m.tag == c.SQ_DONE] == [1]
    conn.request(rc.RELEASE)
    run(conn, "INSERT INTO t_bt VALUES (2, NULL, NULL)")

    rows = select_rows(conn, "SELECT b, t FROM t_bt ORDER BY id")
    assert [len(r) for r in rows] == [112, 112]
    filled, empty = (rows[0][:56], rows[0][56:]), (rows[1][:56], rows[1][56:])
    assert all(d[39] == 1 for d in empty)
    assert [struct.unpack_from("!i", d, 16)[0] for d in filled] == [len(payload), len(text)]
    assert all(d[39] == 0 for d in filled)

    chunks = fetch_blob(conn, filled[0])
    assert tags(chunks)[-2:] == [c.SQ_BLOB, c.SQ_EOT] and chunks[-2].fields["data"] == b""
    assert b"".join(m.fields["data"] for m in chunks if m.tag == c.SQ_BLOB) == payload
    assert len([m for m in chunks if m.tag == c.SQ_BLOB]) > 2  # several chunks, then the end marker
    text_reply = fetch_blob(conn, filled[1])
    assert b"".join(m.fields["data"] for m in text_reply if m.tag == c.SQ_BLOB) == text
    finish(conn)
    assert error_of(fetch_blob(conn, filled[0])) is not None  # CLOSE invalidates descriptors


def test_text_is_transcoded_for_the_reading_client(server, connect):
    writer = connect()
    run(writer, "CREATE TABLE t_text_locale (t TEXT)")
    try:
        text = "naïve".encode("iso-8859-1")
        writer.request(rc.prepare("INSERT INTO t_text_locale VALUES (?)", 1))
        assert error_of(writer.request(bind_with_blobs([byte_param(len(text))], [text]))) is None
        writer.request(rc.RELEASE)

        reader = rc.RawConnection(server.host, server.port)
        with reader:
            assert reader.login(env={**rc.DEFAULT_ENV, "CLIENT_LOCALE": "en_US.utf8"})[0] == c.SLTYPE_CONACC
            reader.request(rc.PROTOCOLS)
            reader.request(rc.dbopen("srvtest"))
            (row,) = select_rows(reader, "SELECT t FROM t_text_locale")
            data = b"".join(m.fields["data"] for m in fetch_blob(reader, row) if m.tag == c.SQ_BLOB)
            assert data == "naïve".encode()
            finish(reader)
    finally:
        run(writer, "DROP TABLE t_text_locale")


# -- smart LOBs and SQ_FILE -------------------------------------------------------------------

def write_client_file(conn: rc.RawConnection, request: bytes, content: bytes) -> list[rc.Message]:
    """Answer the filetoblob exchange of ``request``'s response; the rest of that response."""
    opened = conn.request(request)
    assert opened[-1].tag == c.SQ_FILE and opened[-1].fields["optype"] == 0
    asked = conn.request(rc.EOT)
    assert asked[-1].fields["optype"] == 2 and asked[-1].fields["amount"] == -1
    size = asked[-1].fields["buffer_size"]
    answer = bytearray(struct.pack("!hi", c.SQ_FILE_READ, len(content)))
    for start in range(0, len(content), size):
        piece = content[start : start + size]
        answer += struct.pack("!hh", c.SQ_FILE_READ, len(piece)) + piece + (b"\x00" if len(piece) & 1 else b"")
    closing = conn.request(bytes(answer) + rc.EOT)
    assert closing[-1].fields["optype"] == 1
    return conn.request(rc.EOT)


def test_blob_column_is_described_as_udtfixed_locator(connect):
    conn = connect()
    run(conn, "CREATE TEMP TABLE t_lob_desc (b BLOB, c CLOB, n INT)")
    reply = conn.request(rc.prepare("SELECT b, c, n FROM t_lob_desc"))
    columns = reply[0].fields["columns"]
    assert [(col["type"], col["extended_id"], col["encoded_length"]) for col in columns[:2]] == [
        (41, 10, 72), (41, 11, 72)]
    conn.request(rc.RELEASE)


def test_filetoblob_reads_the_client_file_and_lotofile_writes_it_back(connect):
    conn = connect()
    run(conn, "CREATE TEMP TABLE t_slob (id INT, data BLOB)")
    content = bytes((i * 7) % 256 for i in range(10_001))
    assert error_of(conn.request(rc.prepare("INSERT INTO t_slob VALUES (?, filetoblob('/tmp/in', 'client'))", 1))) is None
    done = write_client_file(conn, rc.bind([rc.int_param(1)]), content)
    assert error_of(done) is None and [m.fields["rows"] for m in done if m.tag == c.SQ_DONE] == [1]
    conn.request(rc.RELEASE)

    (locator_row,) = select_rows(conn, "SELECT data FROM t_slob")
    assert locator_row[:5] == b"\x00\x00\x00\x00\x90" and len(bytes.fromhex(locator_row[5:].decode())) == 72
    finish(conn)

    assert error_of(conn.request(rc.prepare("SELECT lotofile(data, '/tmp/out', 'client') FROM t_slob"))) is None
    opened = conn.request(rc.open_fetch())
    name = opened[-1].fields["name"]
    assert name.startswith("/tmp/out.") and opened[-1].fields["optype"] == 0
    written = conn.request(rc.EOT)
    chunks = written[-1].fields["chunks"]
    assert b"".join(chunks) == content and max(map(len, chunks)) <= 4096 and len(chunks) == 3
    closing = conn.request(struct.pack("!hih", c.SQ_FILE_WRITE, len(content), c.SQ_EOT))
    assert closing[-1].fields["optype"] == 1
    rest = conn.request(rc.EOT)
    (payload,) = [m.fields["payload"] for m in rest if m.tag == c.SQ_TUPLE]
    assert payload == b"\x00" + struct.pack("!i", len(name)) + name.encode()
    finish(conn)


def test_malformed_sq_file_answer_ends_the_connection_with_an_error(connect):
    conn = connect()
    run(conn, "CREATE TEMP TABLE t_slob_bad (data BLOB)")
    conn.request(rc.prepare("INSERT INTO t_slob_bad VALUES (filetoblob('/tmp/in', 'client'))"))
    assert conn.request(rc.EXECUTE)[-1].fields["optype"] == 0
    conn.request(rc.EOT)  # the server now asks to read
    conn.send(struct.pack("!hi", c.SQ_FILE_READ, 4) + struct.pack("!hh", c.SQ_FILE_READ, 9) + b"too long!\x00" + rc.EOT)
    reply = conn.read_reply()
    assert error_of(reply) == -9810
    assert conn.recv_all() == b""


# -- fast path ----------------------------------------------------------------------------------

def get_routine(conn: rc.RawConnection, signature: bytes) -> list[rc.Message]:
    return conn.request(struct.pack("!hbi", c.SQ_GETROUTINE, 0, len(signature)) + signature
                        + (b"\x00" if len(signature) & 1 else b"") + struct.pack("!hh", 0, c.SQ_EOT))


def call_routine(conn: rc.RawConnection, database: str, handle: int, value: int) -> list[rc.Message]:
    name = database.encode()
    params = rc.bind([rc.int_param(value)], execute=False)[6:]  # SQ_BIND body without SQ_ID
    return conn.request(struct.pack("!hh", c.SQ_EXFPROUTINE, len(name)) + name + (b"\x00" if len(name) & 1 else b"")
                        + struct.pack("!ihh", handle, 1, 0) + struct.pack("!h", c.SQ_BIND) + params)


def test_ifx_lo_close_by_fast_path(connect):
    conn = connect()
    reply = get_routine(conn, LO_CLOSE)
    assert tags(reply) == [c.SQ_GETROUTINE, c.SQ_EOT] and reply[0].fields["database"] == "srvtest"
    handle = reply[0].fields["handle"]
    assert error_of(call_routine(conn, "srvtest", handle, -1)) == -9810

    run(conn, "CREATE TEMP TABLE t_fp (data BLOB)")
    conn.request(rc.prepare("INSERT INTO t_fp VALUES (filetoblob('/tmp/in', 'client'))"))
    write_client_file(conn, rc.EXECUTE, b"fast path")
    conn.request(rc.RELEASE)
    (row,) = select_rows(conn, "SELECT ifx_lo_open(data, 4) FROM t_fp")
    finish(conn)
    (fd,) = struct.unpack("!i", row)
    assert fd > 0
    reply = call_routine(conn, "srvtest", handle, fd)
    assert tags(reply) == [c.SQ_FPROUTINE, c.SQ_EOT] and reply[0].fields["values"] == [0]
    assert error_of(call_routine(conn, "srvtest", handle, fd)) == -9810  # closed already


@pytest.mark.parametrize("signature", [b"function informix.no_such_routine(integer)", b""])
def test_unknown_routine_is_674(connect, signature):
    conn = connect()
    assert error_of(get_routine(conn, signature)) == -674
    assert tags(conn.request(rc.prepare("SELECT 1 FROM systables WHERE tabid = 1")))[0] == c.SQ_DESCRIBE


def test_clob_lotofile_keeps_the_requested_name(connect):
    conn = connect()
    run(conn, "CREATE TEMP TABLE t_clob_name (c CLOB)")
    reply = conn.request(rc.prepare("SELECT c, lotofile(c, '/tmp/wanted', 'client') FROM t_clob_name"))
    (clob, _name) = reply[0].fields["columns"]
    assert (clob["extended_id"], clob["extended_name"]) == (11, "clob")
    conn.request(rc.RELEASE)
    conn.request(rc.prepare("INSERT INTO t_clob_name VALUES (filetoclob('/tmp/in', 'client'))"))
    write_client_file(conn, rc.EXECUTE, b"text")
    conn.request(rc.RELEASE)
    assert error_of(conn.request(rc.prepare("SELECT lotofile(c, '/tmp/wanted', 'client') FROM t_clob_name"))) is None
    assert conn.request(rc.open_fetch())[-1].fields["name"].startswith("/tmp/wanted.")
