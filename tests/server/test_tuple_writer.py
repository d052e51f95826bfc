"""The compiled tuple writer (columnar results) sends exactly the bytes of the row-by-row
Python encoders: same SQ_TUPLE payloads, same fetch boundaries, same SQ_DONE."""

from __future__ import annotations

import pytest

from informix_db.protocol import constants as c
from informix_db.testing import rawclient as rc
from informix_db.testing import session as session_module

pytest.importorskip("informix_db._cserver")
pytest.importorskip("pyarrow")

TABLE = "writer_t"
DOUBLINGS = 8  # the rows are copied onto themselves this many times: several Arrow batches
COLUMNS = ("i INTEGER, s SMALLINT, b BIGINT, f FLOAT, r SMALLFLOAT, d DATE, v VARCHAR(12), n NVARCHAR(5),"
           " m DECIMAL(12,2), x DECIMAL(18,4), w DECIMAL(30,5), z DECIMAL(8), money MONEY(10,2), c CHAR(4),"
           " t BOOLEAN, serial_col SERIAL")
VALUES = [
    "0, 0, 0, 0.0, 0.0, '1899-12-31', '', '', 0, 0, 0, 0, 0, '', 't', 0",
    "-1, -1, -1, -1.5, -1.5, '0001-01-01', 'abc', 'é', -0.01, -12345678901234.5678, -1234567890123456789012345.12345,"
    " 12345678, -99999999.99, 'ab', 'f', 0",
    "2147483647, 32767, 9223372036854775807, 1e300, 3.0e38, '9999-12-31', 'exactly12chr', 'abcde', 9999999999.99,"
    " 99999999999999.9999, 0.00001, -0.5, 0.01, 'abcd', 't', 0",
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0",
    "7, 7, 7, 0.1, 0.1, '2024-02-29', 'ümlaut', 'x', 1.1, 100, 10, 1e7, 5, 'é', 'f', 0",
]


def _fetch_all(conn: rc.RawConnection, sql: str, buffer_size: int) -> list[list[rc.Message]]:
    reply = conn.request(rc.prepare(sql))
    assert all(m.tag != c.SQ_ERR for m in reply), reply
    replies = [conn.request(rc.open_fetch())]
    while not any(m.tag in (c.SQ_DONE, c.SQ_ERR) for m in replies[-1]):
        replies.append(conn.request(rc.nfetch(buffer_size)))
    assert not any(m.tag == c.SQ_ERR for m in replies[-1]), replies[-1]
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)
    return replies


@pytest.fixture(scope="module")
def filled(server):
    with rc.RawConnection(server.host, server.port) as conn:
        conn.session("srvtest")
        for sql in (f"DROP TABLE IF EXISTS {TABLE}", f"CREATE TABLE {TABLE} ({COLUMNS})",
                    *(f"INSERT INTO {TABLE} VALUES ({v})" for v in VALUES),
                    *[f"INSERT INTO {TABLE} SELECT * FROM {TABLE}"] * DOUBLINGS):
            assert all(m.tag != c.SQ_ERR for m in conn.request(rc.prepare(sql))), sql
            assert all(m.tag != c.SQ_ERR for m in conn.request(rc.EXECUTE)), sql
            conn.request(rc.RELEASE)
    return TABLE


@pytest.mark.parametrize("query", [
    f"SELECT * FROM {TABLE}",
    f"SELECT i - 1, v || 'x', m * 2, d, -r FROM {TABLE} WHERE i IS NULL OR i > -5",
])
@pytest.mark.parametrize("buffer_size", [c.FETCH_BUFFER_SIZE, 100, 1])
def test_columnar_results_encode_as_row_by_row(connect, monkeypatch, filled, query, buffer_size):
    calls = []
    original = session_module.tuple_writer

    def recording(*args):
        writer = original(*args)
        calls.append(writer)
        return writer

    monkeypatch.setattr(session_module, "tuple_writer", recording)
    compiled = _fetch_all(connect(), query, buffer_size)
    assert calls and calls[0] is not None
    monkeypatch.setattr(session_module, "tuple_writer", lambda *args: None)
    python = _fetch_all(connect(), query, buffer_size)
    assert compiled == python
    assert sum(m.tag == c.SQ_TUPLE for reply in compiled for m in reply) == len(VALUES) << DOUBLINGS
