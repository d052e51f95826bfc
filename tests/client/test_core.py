"""Protocol core against scripted server replies: request bytes, reply parsing, state."""

import pytest

import informix_db as ifx
from informix_db.protocol import constants as c
from informix_db.protocol import messages as m
from informix_db.protocol.core import Outcome, ResultSet, Session

from .scripted import COST, EOT, describe, done, err, i16, i32, run, tuple_msg

SELECT_1 = b"SELECT 1 FROM systables WHERE tabid = 1"
INT_COL = [("(constant)", 2, 4)]


def _session(**kw) -> Session:
    return Session(autocommit=kw.pop("autocommit", True), **kw)


def test_prepare_request_matches_the_documented_bytes():
    wbuf = ifx._impl.wire.WriteBuffer()
    m.Prepare(SELECT_1, 0).write(wbuf)
    assert wbuf.getvalue() == (b"\x00\x02\x00\x00\x00\x00\x00\x27" + SELECT_1 + b"\x00\x00\x16\x00\x31\x00\x0c")


def test_info_request_matches_the_jdbc_capture():
    wbuf = ifx._impl.wire.WriteBuffer()
    m.Info().write(wbuf)
    assert wbuf.getvalue() == bytes.fromhex(
        "0051 0006 0026 000c 0004 0006 444254454d50 0004 2f746d70 000b 53554251434143484553 5a00"
        " 0002 3130 0000 0000 000c".replace(" ", ""))


def test_rollback_carries_the_savepoint_short():
    wbuf = ifx._impl.wire.WriteBuffer()
    m.Rollback().write(wbuf)
    assert wbuf.getvalue() == b"\x00\x14\x00\x00\x00\x0c"


def test_bind_request_for_int_str_null():
    values = m.encode_bind(ifx._impl.wire, (42, "hello", None), "iso-8859-1")
    wbuf = ifx._impl.wire.WriteBuffer()
    m.Bind(values, execute=True).write(wbuf)
    assert wbuf.getvalue() == bytes.fromhex(
        "0004 00000005 0003 0002 0000 0a00 0000002a 0000 0000 0000 0005 68656c6c6f00"
        " 0000 ffff 0000 0007 000c".replace(" ", ""))


SELECT_REPLY = (
    describe(2, INT_COL) + done() + COST + EOT
    + tuple_msg(i32(1)) + done(1) + COST + EOT      # CURNAME+OPEN+NFETCH
    + done(1) + COST + EOT                            # the extra NFETCH
)


NFETCH = b"\x00\x04\x00\x00\x00\x09\x00\x00\x80\x00\x00\x00\x00\x0c"


@pytest.mark.parametrize("chunk", [None, 1, 3])
def test_open_pipelines_a_second_fetch_so_a_small_result_is_complete_at_once(chunk):
    session = _session()
    result, sent = run(session.execute(SELECT_1), SELECT_REPLY, chunk)
    assert isinstance(result, ResultSet)
    assert [col.name for col in result.columns] == ["(constant)"]
    assert result.rows == [(1,)] and result.exhausted and result.rowcount == 1
    curname = sent.index(b"\x00\x04\x00\x00\x00\x03\x00\x12_ifxc")
    assert sent[curname + 26:] == b"\x00\x06" + NFETCH + NFETCH


@pytest.mark.parametrize("chunk", [None, 1, 3])
def test_select_streams_rows_whatever_the_packet_boundaries(chunk):
    session = _session()
    batches = tuple_msg(i32(1)) + EOT + tuple_msg(i32(2)) + EOT
    result, _ = run(session.execute(SELECT_1), describe(2, INT_COL) + EOT + batches, chunk)
    assert result.rows == [(1,), (2,)] and not result.exhausted
    _, sent = run(session.fetch(result), done(2) + COST + EOT, chunk)
    assert sent == NFETCH
    assert result.exhausted and result.rowcount == 2


def test_finished_cursor_is_closed_and_released_in_front_of_the_next_request():
    session = _session()
    result, _ = run(session.execute(SELECT_1), describe(2, INT_COL) + EOT + done(0) + EOT + done(0) + EOT)
    assert result.exhausted and result.rows == []
    outcome, sent = run(session.execute(b"DROP TABLE t"),
                        EOT + EOT + describe(15) + EOT + done(0) + EOT + EOT)
    assert sent.startswith(b"\x00\x04\x00\x00\x00\x0a\x00\x0c\x00\x04\x00\x00\x00\x0b\x00\x0c\x00\x02")
    assert outcome == Outcome(15, 0, None)


def test_prepare_error_raises_with_fields_and_needs_no_release():
    session = _session()
    with pytest.raises(ifx.ProgrammingError) as info:
        run(session.execute(b"SELECT * FROM nosuch"), err(-206, -111, 15, b"nosuch") + EOT)
    assert (info.value.sqlcode, info.value.isamcode, info.value.near) == (-206, -111, "nosuch")
    _, sent = run(session.execute(b"DROP TABLE t"), describe(15) + EOT + done() + EOT)
    assert sent.startswith(b"\x00\x02")


def test_execute_error_leaves_release_queued():
    session = _session()
    with pytest.raises(ifx.IntegrityError):
        run(session.execute(b"INSERT INTO t VALUES (1)"), describe(6) + EOT + err(-268) + EOT)
    _, sent = run(session.execute(b"DROP TABLE t"), EOT + describe(15) + EOT + done() + EOT)
    assert sent.startswith(b"\x00\x04\x00\x00\x00\x0b\x00\x0c\x00\x02")


def test_unexpected_tag_is_a_protocol_error_and_marks_the_stream_lost():
    session = _session()
    with pytest.raises(ifx.ProtocolError):
        run(session.execute(b"DROP TABLE t"), i16(77) + EOT)
    assert session.desynchronized


def test_begin_is_pipelined_before_the_first_statement_and_tracked():
    session = _session(autocommit=False)
    outcome, sent = run(session.execute(b"INSERT INTO t VALUES (1)"),
                        describe(6) + EOT + i16(99, 1, 1, 0) + EOT + done(1, serial=7) + EOT)
    assert b"\x00\x23\x00\x0c\x00\x04\x00\x00\x00\x07\x00\x0c" in sent
    assert session.in_transaction and outcome.rowcount == 1 and outcome.lastrowid == 7
    _, sent = run(session.commit(), EOT + EOT)
    assert sent == b"\x00\x04\x00\x00\x00\x0b\x00\x0c\x00\x13\x00\x0c"
    assert not session.in_transaction
    _, sent = run(session.commit(), b"")
    assert sent == b""


def test_unlogged_database_stops_sending_begin():
    session = _session(autocommit=False)
    run(session.execute(b"DELETE FROM t"), describe(32) + EOT + err(-256) + EOT + done(3) + EOT)
    assert not session.in_transaction and not session.begin_supported
    _, sent = run(session.execute(b"DELETE FROM t"), EOT + describe(32) + EOT + done(0) + EOT)
    assert b"\x00\x23\x00\x0c" not in sent


def test_transaction_statements_as_sql_update_the_state():
    session = _session(autocommit=True)
    run(session.execute(b"BEGIN WORK"), describe(34) + EOT + done() + EOT)
    assert session.in_transaction
    run(session.execute(b"ROLLBACK WORK"), EOT + describe(36) + EOT + done() + EOT)
    assert not session.in_transaction


def test_insertdone_supplies_the_bigserial_value():
    session = _session()
    insertdone = i16(94) + bytes.fromhex("0001 00000005 00000000") + b"\x00" * 8
    outcome, _ = run(session.execute(b"INSERT INTO t8 VALUES (0)"),
                     describe(6) + EOT + insertdone + done(1) + EOT)
    assert outcome.lastrowid == 5


def test_executemany_reports_the_first_failing_row_and_stays_aligned():
    session = _session()
    rows = [(i,) for i in range(5)]
    replies = describe(6) + EOT + (done(1) + EOT) * 2 + err(-268) + EOT + (done(1) + EOT) * 2
    with pytest.raises(ifx.IntegrityError) as info:
        run(session.execute_many(b"INSERT INTO t VALUES (?)", 1, rows), replies)
    assert info.value.row_index == 2 and "row index 2 (the 3rd of 5)" in str(info.value)
    _, sent = run(session.execute(b"DROP TABLE t"), EOT + describe(15) + EOT + done() + EOT)
    assert sent.startswith(b"\x00\x04\x00\x00\x00\x0b\x00\x0c\x00\x02")


def test_executemany_refuses_queries():
    session = _session()
    with pytest.raises(ifx.NotSupportedError):
        run(session.execute_many(SELECT_1, 0, [b""]), describe(2, INT_COL) + EOT)


def test_login_pipelines_protocols_info_and_dbopen():
    session = _session()
    conacc = b"\x02\x3c\x00\x00"
    reply = i16(len(conacc) + 2) + conacc + i16(126, 9) + bytes.fromhex("bdbe9ffe7fb7ffefff") + b"\x00" + EOT \
        + EOT + EOT
    info, sent = run(session.login(b"LOGIN", b"testdb"), reply)
    assert sent.startswith(b"LOGIN\x00\x7e\x00\x08" + c.CLIENT_PROTOCOL_MASK + b"\x00\x0c\x00\x51")
    assert sent.endswith(b"\x00\x24\x00\x06testdb\x00\x00\x00\x0c")
    assert session.server_protocols == bytes.fromhex("bdbe9ffe7fb7ffefff")


def test_login_unknown_database_raises_the_server_error():
    session = _session()
    conacc = b"\x02\x3c\x00\x00"
    reply = i16(6) + conacc + i16(126, 0) + EOT + EOT + err(-329, -111) + EOT
    with pytest.raises(ifx.OperationalError):
        run(session.login(b"LOGIN", b"nosuch"), reply)


def test_unfinished_result_is_drained_before_the_next_statement():
    session = _session()
    result, _ = run(session.execute(SELECT_1),
                    describe(2, INT_COL) + EOT + tuple_msg(i32(1)) + EOT + tuple_msg(i32(2)) + EOT)
    reply = tuple_msg(i32(3)) + EOT + done(3) + EOT + EOT + EOT + describe(15) + EOT + done() + EOT
    _, sent = run(session.execute(b"DROP TABLE t"), reply)
    assert result.rows == [(1,), (2,), (3,)] and result.exhausted and result.rowcount == 3
    assert sent.count(b"\x00\x04\x00\x00\x00\x09") == 2


def test_abandoned_result_is_closed_without_fetching():
    session = _session()
    result, _ = run(session.execute(SELECT_1),
                    describe(2, INT_COL) + EOT + tuple_msg(i32(1)) + EOT + tuple_msg(i32(2)) + EOT)
    del result
    _, sent = run(session.execute(b"DROP TABLE t"), EOT + EOT + describe(15) + EOT + done() + EOT)
    assert sent.startswith(b"\x00\x04\x00\x00\x00\x0a\x00\x0c\x00\x04\x00\x00\x00\x0b\x00\x0c\x00\x02")


def test_the_session_encodes_parameters_and_refuses_bad_ones_before_anything_is_sent():
    session = _session()
    with pytest.raises(ifx.DataError):
        session.execute(b"INSERT INTO t VALUES (?)", ("ends in NUL\x00",))
    with pytest.raises(ifx.DataError) as info:
        session.execute_many(b"INSERT INTO t VALUES (?, ?)", 2, [(1, "ends in NUL\x00"), (2, "b")])
    assert info.value.row_index == 0 and "row index 0 (the 1st of 2)" in str(info.value)
    assert session.execute_many(b"INSERT INTO t VALUES (?)", 1, iter(())) is None
    outcome, sent = run(session.execute(b"INSERT INTO t VALUES (?)", (7,)), describe(6) + EOT + done(1) + EOT)
    assert outcome.rowcount == 1
    assert m.encode_bind(ifx._impl.wire, (7,), "iso-8859-1") in sent
