"""executemany's pipelined windows against scripted replies: one request per window with the
bytes of per-row BIND+EXECUTE requests, replies read in runs with any other reply read per row,
whatever the packet boundaries (PROTOCOL.md §5.8)."""

from __future__ import annotations

import pytest

import informix_db as ifx
from informix_db._impl import wire
from informix_db.protocol import constants as c
from informix_db.protocol import core
from informix_db.protocol import messages as m
from informix_db.protocol.core import NEED_DATA, Session

from .scripted import COST, EOT, describe, done, err, i16, i32, run

INSERT = b"INSERT INTO t VALUES (?)"
XACTSTAT = i16(99, 1, 2, 3)
CHUNKS = [None, 1, 5, 37]


def insertdone(serial8: int) -> bytes:
    return i16(94, 1) + i32(serial8, 0) + b"\x00" * 8


@pytest.fixture
def window_of_3(monkeypatch):
    monkeypatch.setattr(core, "EXECUTEMANY_WINDOW", 3)


def test_a_window_is_sent_as_the_rows_bind_execute_requests():
    session = Session(autocommit=True)
    rows = [(i, f"v{i}") for i in range(4)]
    replies = describe(6) + EOT + (done(1) + EOT) * 4
    _, sent = run(session.execute_many(b"INSERT INTO t VALUES (?, ?)", 2, rows), replies)
    requests = b"".join(m.encode_bind(wire, row, "iso-8859-1") + i16(c.SQ_EXECUTE, c.SQ_EOT) for row in rows)
    assert sent.endswith(requests)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_totals_and_lastrowid_across_windows_whatever_the_packet_boundaries(window_of_3, chunk):
    session = Session(autocommit=True)
    replies = (describe(6) + EOT + XACTSTAT + done(1, serial=11) + COST + EOT + done(2) + EOT
               + insertdone(40) + done(1) + EOT + done(0) + EOT + done(1, serial=12) + EOT + EOT
               + done(-1) + EOT + done(3) + COST + EOT)
    outcome, _ = run(session.execute_many(INSERT, 1, [(i,) for i in range(8)]), replies, chunk)
    assert (outcome.rowcount, outcome.lastrowid) == (8, 12)
    assert session.rbuf.available() == 0


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("failing", [0, 3, 4, 5, 7])
def test_the_first_failing_row_is_named_and_the_stream_stays_aligned(window_of_3, chunk, failing):
    session = Session(autocommit=True)
    rows = [(i,) for i in range(8)]
    per_row = [XACTSTAT + done(1) + COST + EOT] * 8
    per_row[failing] = err(-268) + EOT
    if failing < 7:
        per_row[7] = err(-239) + EOT
    with pytest.raises(ifx.IntegrityError) as info:
        run(session.execute_many(INSERT, 1, rows), describe(6) + EOT + b"".join(per_row), chunk)
    assert info.value.row_index == failing
    assert f"row index {failing} (the {failing + 1}" in str(info.value)
    outcome, sent = run(session.execute(b"DROP TABLE t"), EOT + describe(15) + EOT + done() + EOT, chunk)
    assert outcome.rowcount == 0 and sent.startswith(i16(c.SQ_ID) + i32(c.SQ_RELEASE) + EOT)


def test_an_unknown_tag_in_a_window_loses_the_stream():
    session = Session(autocommit=True)
    replies = describe(6) + EOT + done(1) + EOT + i16(0x7123) + EOT + done(1) + EOT
    with pytest.raises(ifx.ProtocolError):
        run(session.execute_many(INSERT, 1, [(1,), (2,), (3,)]), replies)
    assert session.desynchronized


def test_waits_only_for_bytes_certain_to_come(window_of_3):
    """While plain replies are pending the driver may wait for several at once, never for
    more bytes than the server still sends."""
    session = Session(autocommit=False)
    replies = (describe(6) + EOT + EOT + (done(1) + EOT) * 2 + err(-268) + EOT
               + (done(1) + EOT) * 4 + insertdone(5) + done(1) + EOT)
    operation = session.execute_many(INSERT, 1, [(i,) for i in range(8)])
    pos, hints = 0, []
    with pytest.raises(ifx.IntegrityError):
        step = next(operation)
        while True:
            if step is NEED_DATA:
                hints.append(session.receive_at_least)
                assert session.receive_at_least <= len(replies) - pos
                session.rbuf.feed(replies[pos:pos + 6])
                pos += 6
            step = next(operation)
    assert pos >= len(replies) and session.rbuf.available() == 0 and max(hints) > 6


@pytest.mark.parametrize("serial_type", ["SERIAL", "SERIAL8", "BIGSERIAL"])
def test_windows_against_the_server_keep_counts_lastrowid_and_the_failing_row(conn, serial_type):
    """Three windows of 1,024: the totals and the last generated key over all of them, and a
    failure in the third window named by its row index with the rows around it inserted."""
    table = f"t_window_{serial_type.lower()}"
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id {serial_type}, v INTEGER UNIQUE)")
    try:
        cur.executemany(f"INSERT INTO {table} (v) VALUES (?)", [(i,) for i in range(2500)])
        assert (cur.rowcount, cur.lastrowid) == (2500, 2500)
        rows = [(i,) for i in range(2500, 5000)]
        rows[2300] = (7,)
        with pytest.raises(ifx.IntegrityError) as info:
            cur.executemany(f"INSERT INTO {table} (v) VALUES (?)", rows)
        assert info.value.row_index == 2300
        cur.execute(f"SELECT COUNT(*), MAX(v) FROM {table}")
        assert cur.fetchone() == (4999, 4999)
    finally:
        conn.rollback()
