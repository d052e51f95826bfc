"""Pipelined BIND+EXECUTE of one INSERT run as engine batches: the replies and the table
contents must be exactly those of row-by-row execution (the oracle: batching switched off)."""

from __future__ import annotations

import socket
from decimal import Decimal

import duckdb
import pytest

from informix_db.protocol import constants as c
from informix_db.testing import rawclient as rc
from informix_db.testing import server as server_module
from informix_db.testing import session as session_module
from informix_db.testing.engine import columnar
from informix_db.testing.engine.dml import InsertStatement
from informix_db.types import encode_bind_value

TABLE = "batch_t"


@pytest.fixture
def batch_sizes(monkeypatch):
    """Sizes of the batches the engine ran (so a test knows batching really happened)."""
    sizes: list[int] = []
    original = InsertStatement.execute_batch

    def recording(self, param_sets):
        sizes.append(len(param_sets))
        return original(self, param_sets)

    monkeypatch.setattr(InsertStatement, "execute_batch", recording)
    return sizes


def _ok(reply: list[rc.Message]) -> list[rc.Message]:
    assert all(m.tag != c.SQ_ERR for m in reply), reply
    return reply


def _run_sql(conn: rc.RawConnection, sql: str) -> None:
    _ok(conn.request(rc.prepare(sql)))
    _ok(conn.request(rc.EXECUTE))
    conn.request(rc.RELEASE)


def _bind(values: tuple) -> bytes:
    return rc.bind([encode_bind_value(v, "iso-8859-1") for v in values])


def _contents(conn: rc.RawConnection, table: str = TABLE) -> list[bytes]:
    """Every row of the table, as the server encodes it, in storage order."""
    _ok(conn.request(rc.prepare(f"SELECT * FROM {table}")))
    rows = []
    reply = conn.request(rc.open_fetch())
    while True:
        rows += [m.fields["payload"] for m in reply if m.tag == c.SQ_TUPLE]
        if any(m.tag == c.SQ_DONE for m in reply):
            break
        reply = conn.request(rc.nfetch())
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)
    return rows


def _pipeline(connect, monkeypatch, batching: bool, ddl: str, insert: str, rows: list[tuple],
              before: list[str] = (), transaction: str | None = "commit"):
    """Create the table, run the INSERT for every row in one pipelined write; (replies, contents)."""
    monkeypatch.setattr(server_module, "MAX_BATCH_REQUESTS", 4096 if batching else 1)
    conn = connect()
    _run_sql(conn, f"DROP TABLE IF EXISTS {TABLE}")
    _run_sql(conn, ddl)
    for sql in before:
        _run_sql(conn, sql)
    if transaction:
        _ok(conn.request(rc.BEGIN))
    nparams = insert.count("?")
    _ok(conn.request(rc.prepare(insert, nparams)))
    conn.send(b"".join(_bind(row) for row in rows))
    replies = [conn.read_reply() for _ in rows]
    conn.request(rc.RELEASE)
    if transaction == "commit":
        _ok(conn.request(rc.COMMIT))
    elif transaction == "rollback":
        _ok(conn.request(rc.ROLLBACK))
    return replies, _contents(conn)


def _same_as_row_by_row(connect, monkeypatch, batch_sizes, *args, **kwargs):
    expected = _pipeline(connect, monkeypatch, False, *args, **kwargs)
    assert batch_sizes == []
    got = _pipeline(connect, monkeypatch, True, *args, **kwargs)
    assert max(batch_sizes) > 1
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    return got


ETL_TABLE = (f"CREATE TABLE {TABLE} (id INTEGER NOT NULL, qty INTEGER, name VARCHAR(20), price FLOAT,"
             " amount DECIMAL(12,2))")
ETL_INSERT = f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?)"


def _etl_rows(n: int) -> list[tuple]:
    return [(i, i * 7, f"cust{i}", i * 1.5, Decimal(i) / 100) for i in range(n)]


@pytest.mark.parametrize("transaction", ["commit", None, "rollback"])
@pytest.mark.parametrize("path", ["compiled", "python"])
def test_rows_and_failures_match_row_by_row(connect, monkeypatch, batch_sizes, transaction, path):
    if path == "python":  # requests gathered by the Python parser, rows written as lists
        monkeypatch.setattr(session_module, "scan_bind_executes", None)
        monkeypatch.setattr(columnar, "pyarrow", None)
    rows = _etl_rows(600)
    rows[0] = (None, 1, "first row fails", 1.0, Decimal("1.00"))
    rows[7] = (None, 1, "not null", 1.0, Decimal("1.00"))
    rows[300] = (300, "not a number", "bad", 1.0, Decimal("1.00"))
    rows[301] = (301, 2, "x" * 30, None, Decimal("12345678901.5"))  # amount too large
    rows[-1] = (None, None, None, None, None)
    replies, contents = _same_as_row_by_row(connect, monkeypatch, batch_sizes, ETL_TABLE, ETL_INSERT, rows,
                                            transaction=transaction)
    errors = [i for i, reply in enumerate(replies) if reply[0].tag == c.SQ_ERR]
    assert errors == [0, 7, 300, 301, 599]
    assert len(contents) == (0 if transaction == "rollback" else 595)


@pytest.mark.parametrize("transaction", ["commit", None])
def test_serial_and_duplicate_keys_match_row_by_row(connect, monkeypatch, batch_sizes, transaction):
    ddl = (f"CREATE TABLE {TABLE} (id SERIAL, code INTEGER NOT NULL, label CHAR(8) NOT NULL,"
           " UNIQUE (code) CONSTRAINT u_code)")
    rows = [(0, k, f"r{k}") for k in range(200)]
    rows[5] = (0, 2, "dup")            # duplicate of an earlier row of the same batch
    rows[6] = (0, 1000, "exists")      # duplicate of a row inserted before the batch
    rows[10] = (0, 2000, None)         # fails NOT NULL (after taking a SERIAL value)...
    rows[11] = (0, 2000, "retry")      # ...so its key is free for the next row
    rows[20] = (500, 20, "explicit")   # an explicit SERIAL value moves the counter
    rows[21] = (0, 21, "after")
    replies, contents = _same_as_row_by_row(
        connect, monkeypatch, batch_sizes, ddl, f"INSERT INTO {TABLE} VALUES (?, ?, ?)", rows,
        before=[f"INSERT INTO {TABLE} VALUES (0, 1000, 'seed')"], transaction=transaction,
    )
    errors = {i: reply[0].fields["sqlcode"] for i, reply in enumerate(replies) if reply[0].tag == c.SQ_ERR}
    assert errors == {5: -268, 6: -268, 10: -391}
    serials = {i: m.fields["serial"] for i, reply in enumerate(replies) for m in reply if m.tag == c.SQ_DONE}
    assert (serials[20], serials[21]) == (500, 501)
    assert len(contents) == 1 + 200 - 3


def test_batch_written_at_once_falls_back_to_row_by_row(connect, monkeypatch, batch_sizes):
    """When DuckDB refuses the batch's single write, the batch is undone and run row by row."""
    original = InsertStatement._write

    def refuse_many(self, names, rows):
        if len(rows) > 1:
            raise duckdb.ConstraintException("refused for the test")
        return original(self, names, rows)

    monkeypatch.setattr(InsertStatement, "_write", refuse_many)
    ddl = f"CREATE TABLE {TABLE} (id SERIAL, code INTEGER, UNIQUE (code) CONSTRAINT u_code)"
    rows = [(0, k % 15) for k in range(40)]
    replies, contents = _same_as_row_by_row(connect, monkeypatch, batch_sizes, ddl,
                                            f"INSERT INTO {TABLE} VALUES (?, ?)", rows)
    assert sum(reply[0].tag == c.SQ_ERR for reply in replies) == 25
    assert len(contents) == 15


@pytest.mark.parametrize("transaction", [True, False])
def test_pipeline_cut_by_closed_connection(connect, monkeypatch, batch_sizes, transaction):
    """Complete requests before the cut are executed (and kept only if autocommitted)."""
    counts = []
    for batching in (False, True):
        monkeypatch.setattr(server_module, "MAX_BATCH_REQUESTS", 4096 if batching else 1)
        conn = connect()
        _run_sql(conn, f"DROP TABLE IF EXISTS {TABLE}")
        _run_sql(conn, ETL_TABLE)
        if transaction:
            _ok(conn.request(rc.BEGIN))
        _ok(conn.request(rc.prepare(ETL_INSERT, 5)))
        stream = b"".join(_bind(row) for row in _etl_rows(300))
        conn.send(stream + _bind((1, 2, "cut", 3.0, Decimal(4)))[:20])
        conn.sock.shutdown(socket.SHUT_WR)
        replies = conn.recv_all()
        assert replies.count(rc.EOT) >= 300
        conn.close()
        check = connect()
        counts.append(len(_contents(check)))
    assert max(batch_sizes) > 1
    assert counts == ([0, 0] if transaction else [300, 300])


def test_statement_rollback_after_a_batch_keeps_the_batch(connect, monkeypatch, batch_sizes):
    """A later statement failing inside DuckDB rolls back alone: the batch's rows are replayed."""
    monkeypatch.setattr(server_module, "MAX_BATCH_REQUESTS", 4096)
    conn = connect()
    _run_sql(conn, f"DROP TABLE IF EXISTS {TABLE}")
    _run_sql(conn, ETL_TABLE)
    _ok(conn.request(rc.BEGIN))
    _ok(conn.request(rc.prepare(ETL_INSERT, 5)))
    rows = _etl_rows(300)
    conn.send(b"".join(_bind(row) for row in rows))
    tags = [conn.read_reply()[0].tag for _ in rows]  # every reply read, in order
    assert c.SQ_ERR not in tags
    conn.request(rc.RELEASE)
    assert max(batch_sizes) > 1
    _ok(conn.request(rc.prepare(f"UPDATE {TABLE} SET qty = CAST(name AS INTEGER)")))
    failed = conn.request(rc.EXECUTE)
    assert failed[0].tag == c.SQ_ERR
    conn.request(rc.RELEASE)
    _ok(conn.request(rc.COMMIT))
    contents = _contents(conn)
    assert len(contents) == 300
    expected = connect()
    monkeypatch.setattr(server_module, "MAX_BATCH_REQUESTS", 1)
    _run_sql(expected, f"DROP TABLE IF EXISTS {TABLE}")
    _run_sql(expected, ETL_TABLE)
    _ok(expected.request(rc.prepare(ETL_INSERT, 5)))
    expected.send(b"".join(_bind(row) for row in rows))
    for _ in rows:
        expected.read_reply()
    expected.request(rc.RELEASE)
    assert _contents(expected) == contents


def test_check_and_foreign_key_tables_keep_row_by_row_results(connect, monkeypatch, batch_sizes):
    """CHECK (-530) and FOREIGN KEY (-691) are checked per statement after its write, so a
    table with either is not batched: pipelined rows fail alone, exactly as row by row."""
    parent = "batch_parent"
    ddl = (f"CREATE TABLE {TABLE} (id INTEGER, qty INTEGER CHECK (qty > 0) CONSTRAINT ck_qty,"
           f" pid INTEGER REFERENCES {parent} (pid) CONSTRAINT fk_pid)")
    before = [f"DROP TABLE IF EXISTS {TABLE}", f"DROP TABLE IF EXISTS {parent}",
              f"CREATE TABLE {parent} (pid INTEGER PRIMARY KEY)", f"INSERT INTO {parent} VALUES (1)"]
    monkeypatch.setattr(server_module, "MAX_BATCH_REQUESTS", 1)
    conn = connect()
    for sql in before:
        _run_sql(conn, sql)
    rows = [(i, 1, 1) for i in range(50)]
    rows[3] = (3, 0, 1)    # fails its CHECK
    rows[9] = (9, 1, 2)    # an orphan: no parent row 2
    expected = _pipeline(connect, monkeypatch, False, ddl, f"INSERT INTO {TABLE} VALUES (?, ?, ?)", rows)
    got = _pipeline(connect, monkeypatch, True, ddl, f"INSERT INTO {TABLE} VALUES (?, ?, ?)", rows)
    assert batch_sizes == []
    assert got == expected
    errors = {i: reply[0].fields.get("sqlcode") for i, reply in enumerate(got[0]) if reply[0].tag == c.SQ_ERR}
    assert errors == {3: -530, 9: -691}
    assert len(got[1]) == 48


def test_tables_with_triggers_are_not_batched(connect, monkeypatch, batch_sizes):
    """A FOR EACH ROW trigger acts once per inserted row, so a table with a trigger is not
    batched: every pipelined execution fires it, exactly as row by row."""
    audit = "batch_audit"
    ddl = f"CREATE TABLE {TABLE} (id INTEGER, qty INTEGER)"
    before = [f"DROP TABLE IF EXISTS {audit}", f"CREATE TABLE {audit} (id INTEGER, qty INTEGER)",
              f"CREATE TRIGGER batch_trg INSERT ON {TABLE} REFERENCING NEW AS n"
              f" FOR EACH ROW WHEN (n.qty > 0) (INSERT INTO {audit} VALUES (n.id, n.qty * 10))"]
    rows = [(i, i % 3) for i in range(30)]
    insert = f"INSERT INTO {TABLE} VALUES (?, ?)"
    expected = _pipeline(connect, monkeypatch, False, ddl, insert, rows, before=before)
    expected_audit = _contents(connect(), audit)
    got = _pipeline(connect, monkeypatch, True, ddl, insert, rows, before=before)
    assert batch_sizes == []
    assert got == expected
    assert _contents(connect(), audit) == expected_audit
    assert len(expected_audit) == 20  # the rows with qty > 0
