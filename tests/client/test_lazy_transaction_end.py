"""Session.end_transaction_lazily: a read-only transaction's ROLLBACK rides in front of the
next request (the pool uses it at release); anything that may have written is refused."""

from __future__ import annotations

import pytest

import informix_db as ifx
from informix_db.protocol import messages as m
from informix_db.protocol.core import Session

from .scripted import COST, EOT, describe, done, i16, i32, run, tuple_msg

INT_COL = [("(constant)", 2, 4)]
BEGUN = i16(99, 1, 1, 0) + EOT  # SQ_XACTSTAT answering SQ_BEGIN
SELECT_IN_TRANSACTION = (
    describe(2, INT_COL) + done() + COST + EOT + BEGUN
    + tuple_msg(i32(1)) + done(1) + COST + EOT + done(1) + COST + EOT
)


def _bytes(*messages) -> bytes:
    wbuf = ifx._impl.wire.WriteBuffer()
    for msg in messages:
        msg.write(wbuf)
    return wbuf.getvalue()


def _select(session: Session, sql: bytes = b"SELECT 1 FROM systables WHERE tabid = 1") -> None:
    result, _ = run(session.execute(sql), SELECT_IN_TRANSACTION)
    assert result.exhausted and session.in_transaction


def test_read_only_transaction_rollback_goes_out_in_front_of_the_next_request():
    session = Session(autocommit=False)
    _select(session)
    assert session.end_transaction_lazily()
    assert not session.in_transaction
    outcome, sent = run(session.execute(b"DELETE FROM t"),
                        EOT + EOT + EOT + describe(32) + EOT + BEGUN + done(0) + EOT)
    cleanup = _bytes(m.Close(), m.Release(), m.Rollback())
    assert sent.startswith(cleanup)  # the old transaction ends before anything new is sent
    assert sent[len(cleanup):].startswith(b"\x00\x02")  # then this borrower's PREPARE
    assert session.in_transaction and outcome.rowcount == 0  # in a transaction of its own


@pytest.mark.parametrize("sql", [
    b"SELECT 1 FROM t WHERE k = 1 FOR UPDATE",
    b"select k from t into temp scratch",
])
def test_select_that_locks_or_writes_is_not_ended_lazily(sql):
    session = Session(autocommit=False)
    _select(session, sql)
    assert not session.end_transaction_lazily()
    assert session.in_transaction


def test_dml_in_the_transaction_is_not_ended_lazily():
    session = Session(autocommit=False)
    _select(session)
    run(session.execute(b"INSERT INTO t VALUES (1)"), EOT + EOT + describe(6) + EOT + done(1) + EOT)
    assert not session.end_transaction_lazily()


def test_a_set_statement_keeps_every_later_transaction_eager():
    session = Session(autocommit=False)
    run(session.execute(b"SET ISOLATION TO REPEATABLE READ"), describe(48) + EOT + BEGUN + done() + EOT)
    run(session.commit(), EOT + EOT)
    _select(session)
    assert not session.end_transaction_lazily()


def test_nothing_to_end_without_a_transaction():
    session = Session(autocommit=True)
    assert not session.end_transaction_lazily()
