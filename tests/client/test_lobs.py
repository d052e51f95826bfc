"""BYTE/TEXT content (FETCHBLOB), smart LOBs (SQ_FILE) and the fast path, end to end."""

from __future__ import annotations

import pytest

import informix_db as ifx
from informix_db.protocol.core import ClientFiles

LO_CLOSE = "function informix.ifx_lo_close(integer)"


def test_byte_and_text_columns_come_back_as_bytes_and_str(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_bt (id INT, b BYTE IN blobspace1, t TEXT IN TABLE)")
    payload = bytes(range(256)) * 40 + b"odd"  # several SQ_BLOB chunks
    cur.execute("INSERT INTO t_bt VALUES (?, ?, ?)", (1, payload, "café résumé".encode("iso-8859-1")))
    cur.execute("INSERT INTO t_bt VALUES (2, NULL, NULL)")
    cur.execute("INSERT INTO t_bt VALUES (?, ?, ?)", (3, b"", b"x"))
    cur.execute("SELECT id, b, t FROM t_bt ORDER BY id")
    assert cur.fetchall() == [(1, payload, "café résumé"), (2, None, None), (3, b"", "x")]


def test_blob_contents_arrive_in_every_batch(db_params):
    with ifx.connect(**db_params, fetch_buffer_size=512) as conn:
        cur = conn.cursor()
        cur.execute("CREATE TEMP TABLE t_bt_many (id INT, b BYTE IN TABLE)")
        cur.executemany("INSERT INTO t_bt_many VALUES (?, ?)", [(i, bytes([i]) * i) for i in range(40)])
        cur.execute("SELECT id, b FROM t_bt_many ORDER BY id")
        rows = [cur.fetchone() for _ in range(3)]  # only the first batch has arrived
        rows += cur.fetchall()
        assert rows == [(i, bytes([i]) * i) for i in range(40)]
        scroll = conn.cursor(scrollable=True)
        scroll.execute("SELECT id, b FROM t_bt_many ORDER BY id")
        assert scroll.fetch_absolute(-1) == (39, bytes([39]) * 39)


def test_smart_lob_write_then_read(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_slob (k INT, b BLOB, c CLOB)")
    payload = bytes(range(256)) * 300  # 76800 bytes: several SQ_FILE chunks each way
    cur.write_blob_column("INSERT INTO t_slob VALUES (?, BLOB_PLACEHOLDER, NULL)", payload, (1,))
    assert cur.virtual_files == {}
    assert cur.read_blob_column("SELECT b FROM t_slob WHERE k = ?", (1,)) == payload
    assert cur.read_blob_column("SELECT b FROM t_slob WHERE k = ?", (99,)) is None
    cur.write_blob_column("UPDATE t_slob SET c = BLOB_PLACEHOLDER WHERE k = 1", b"text", clob=True)
    cur.execute("SELECT b, c FROM t_slob")
    blob, clob = cur.fetchone()
    assert isinstance(blob, ifx.BlobLocator) and isinstance(clob, ifx.ClobLocator)


def test_lotofile_fills_blob_files_under_the_server_chosen_name(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_slob2 (b BLOB)")
    cur.write_blob_column("INSERT INTO t_slob2 VALUES (BLOB_PLACEHOLDER)", b"hello")
    cur.execute("SELECT lotofile(b, '/tmp/low', 'client') FROM t_slob2")
    (name,) = cur.fetchone()
    assert name.startswith("/tmp/low.") and cur.blob_files == {name: b"hello"}


def test_blob_helpers_validate_their_sql(conn):
    cur = conn.cursor()
    with pytest.raises(ifx.ProgrammingError, match="BLOB_PLACEHOLDER"):
        cur.write_blob_column("INSERT INTO t VALUES (1)", b"x")
    with pytest.raises(ifx.ProgrammingError, match="2 times"):
        cur.write_blob_column("INSERT /* BLOB_PLACEHOLDER */ INTO t VALUES (BLOB_PLACEHOLDER)", b"x")
    with pytest.raises(ifx.ProgrammingError, match="SELECT"):
        cur.read_blob_column("DELETE FROM t")
    with pytest.raises(ifx.ProgrammingError, match="FROM"):
        cur.read_blob_column("SELECT 1")


def test_client_files_serve_reads_by_prefix_and_collect_writes():
    files = ClientFiles({"/tmp/in": b"abcdef"})
    files.open("/tmp/in.123")
    assert files.read(4) + files.read(-1) == b"abcdef"
    files.close()
    files.open("/tmp/out.9")
    files.write(b"xy")
    files.write(b"z")
    files.close()
    assert files.received == {"/tmp/out.9": b"xyz"}


def test_fast_path_call_caches_the_routine_handle(conn):
    with pytest.raises(ifx.Error, match="-9810") as info:
        conn.fast_path_call(LO_CLOSE, -1)
    assert info.value.sqlcode == -9810
    handles = dict(conn._session.routine_handles)
    assert list(handles) == [LO_CLOSE.encode()]
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_fp (data BLOB)")
    cur.write_blob_column("INSERT INTO t_fp VALUES (BLOB_PLACEHOLDER)", b"fast path")
    cur.execute("SELECT ifx_lo_open(data, 4) FROM t_fp")
    (fd,) = cur.fetchone()
    assert conn.fast_path_call(LO_CLOSE, fd) == [0]
    assert conn._session.routine_handles == handles  # no second GETROUTINE


def test_fast_path_unknown_routine_raises_and_the_connection_works(conn):
    with pytest.raises(ifx.Error):
        conn.fast_path_call("function informix.no_such_routine(integer)", 1)
    with pytest.raises(ifx.NotSupportedError):
        conn.fast_path_call(LO_CLOSE, object())
    cur = conn.cursor()
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchone() == (1,)
