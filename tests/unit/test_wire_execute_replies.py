"""ReadBuffer.read_execute_replies: the plain BIND+EXECUTE replies of a pipelined window read in
one call (PROTOCOL.md §4.3-§4.6, §5.8), the same as the general reply parser (``Message.process``)
reads them, and the same in both implementations on any bytes, truncated and hostile included."""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db._impl import wire_implementations
from informix_db.protocol import constants as c
from informix_db.protocol import messages as m

IMPLS = wire_implementations()
INT64_MAX = 2**63 - 1

EOT = struct.pack("!h", c.SQ_EOT)
COST = struct.pack("!hii", c.SQ_COST, 7, 9)
XACTSTAT = struct.pack("!hhhh", c.SQ_XACTSTAT, 1, 2, 3)
ERR = struct.pack("!hhhih", c.SQ_ERR, -268, -100, 0, 1) + b"t\x00"
FILE_OPEN = struct.pack("!hh", c.SQ_FILE, c.FILE_OPEN)


def done(rows: int = 1, serial: int = 0, warnings: int = 0, rowid: int = 0) -> bytes:
    return struct.pack("!hhiii", c.SQ_DONE, warnings, rows, rowid, serial)


def insertdone(sign: int = 0, magnitude: int = 0, bigserial: int = 0) -> bytes:
    return struct.pack("!hhIIq", c.SQ_INSERTDONE, sign, magnitude & 0xFFFFFFFF, magnitude >> 32, bigserial)


def general_parse(stream: bytes, count: int) -> tuple[int, int]:
    """(row total, last serial) of ``count`` plain replies read as the general parser reads them."""
    w = IMPLS[0]
    rbuf = w.ReadBuffer()
    rbuf.feed(stream)
    total = last = 0
    for _ in range(count):
        run = m.Bind(b"", execute=True)
        while (tag := rbuf.read_i16()) != c.SQ_EOT:
            run.process(rbuf, tag, "iso-8859-1")
        total += max(run.rowcount, 0)
        last = run.serial8 or run.serial or last
    return total, last


def outcomes(stream: bytes, max_replies: int, cut: int | None = None) -> list[tuple]:
    """Per implementation: the first call's result and the bytes left, then (the rest of the
    stream fed) the second call's result and the bytes left."""
    results = []
    for w in IMPLS:
        rbuf = w.ReadBuffer(16)
        rbuf.feed(stream[:cut])
        first = rbuf.read_execute_replies(max_replies)
        left = rbuf.available()
        rbuf.rewind()  # committed replies are not replayed
        assert rbuf.available() == left
        rbuf.feed(stream[cut:] if cut is not None else b"")
        results.append((first, left, rbuf.read_execute_replies(max_replies), rbuf.available()))
    return results


def test_plain_replies_are_summed_as_the_general_parser_sums_them(w):
    replies = [XACTSTAT + done(1) + COST + EOT, done(3, serial=41) + EOT, EOT,
               done(-1) + insertdone(1, 7) + EOT, done(0, serial=9) + EOT]
    stream = b"".join(replies)
    rbuf = w.ReadBuffer()
    rbuf.feed(stream)
    assert rbuf.read_execute_replies(10) == (len(replies), 4, 9)
    assert general_parse(stream, len(replies)) == (4, 9)
    assert rbuf.available() == 0


def test_serial_sources_follow_the_general_parser(w):
    cases = [
        (done(1, serial=5) + insertdone(bigserial=2**40) + EOT, 2**40),  # BIGSERIAL over SERIAL
        (insertdone(-1, 2**35) + done(1, serial=5) + EOT, -(2**35)),     # SERIAL8 sign-magnitude
        (insertdone(1, 9) + insertdone() + done(1, serial=5) + EOT, 5),  # a later zero SERIAL8
        (insertdone(1, 2**64 - 1, bigserial=3) + done(1) + EOT, 3),      # BIGSERIAL: INT8 unread
        (done(1, serial=-7) + done(1) + EOT, -7),                        # last non-zero SERIAL
    ]
    for reply, lastrowid in cases:
        rbuf = w.ReadBuffer()
        rbuf.feed(reply)
        assert rbuf.read_execute_replies(1) == (1, 1, lastrowid)
        assert general_parse(reply, 1) == (1, lastrowid)


def test_stops_before_a_reply_that_is_not_plain_and_leaves_it_whole(w):
    for other in (ERR + EOT, done(1) + ERR + EOT, FILE_OPEN, struct.pack("!h", 0x7FFF) + EOT,
                  insertdone(1, 2**63) + EOT, insertdone(-1, 2**63) + EOT):
        rbuf = w.ReadBuffer()
        rbuf.feed(done(2) + EOT + other + done(5) + EOT)
        assert rbuf.read_execute_replies(5) == (1, 2, 0)
        rbuf.rewind()
        assert rbuf.available() == len(other) + 18


def test_a_reply_split_anywhere_waits_for_the_rest(w):
    stream = (XACTSTAT + done(1, serial=3) + COST + EOT) * 2 + insertdone(1, 77) + done(1) + EOT
    for cut in range(len(stream) + 1):
        rbuf = w.ReadBuffer(16)
        totals = [0, 0, 0]
        for piece in (stream[:cut], stream[cut:]):
            rbuf.feed(piece)
            replies, rows, lastrowid = rbuf.read_execute_replies(5)
            totals = [totals[0] + replies, totals[1] + rows, lastrowid or totals[2]]
        assert totals == [3, 3, 77] and rbuf.available() == 0
        results = outcomes(stream, 5, cut)
        assert results == [results[0]] * len(IMPLS)


def test_max_replies_is_respected(w):
    rbuf = w.ReadBuffer()
    rbuf.feed((done(1) + EOT) * 5)
    assert rbuf.read_execute_replies(2) == (2, 2, 0)
    assert rbuf.read_execute_replies(0) == (0, 0, 0)
    assert rbuf.read_execute_replies(-1) == (0, 0, 0)
    assert rbuf.read_execute_replies(9) == (3, 3, 0)


REPLY_MESSAGES = st.one_of(
    st.builds(done, st.integers(-(2**31), 2**31 - 1), st.integers(-(2**31), 2**31 - 1),
              st.integers(-(2**15), 2**15 - 1), st.integers(-(2**31), 2**31 - 1)),
    st.just(COST), st.just(XACTSTAT), st.just(ERR), st.just(FILE_OPEN),
    st.builds(insertdone, st.sampled_from([-1, 0, 1, 2, -(2**15)]), st.integers(0, 2**64 - 1),
              st.sampled_from([0, 0, 1, -1, INT64_MAX, -(2**63)])),
    st.integers(-(2**15), 2**15 - 1).map(lambda tag: struct.pack("!h", tag)),
)
STREAMS = st.lists(st.lists(REPLY_MESSAGES, max_size=4).map(lambda ms: b"".join(ms) + EOT), max_size=6)


@settings(max_examples=500, deadline=None)
@given(STREAMS, st.integers(0, 10**6), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)),
                                                 max_size=3), st.integers(-1, 8))
def test_implementations_agree_on_any_stream(replies, cut, mutations, max_replies):
    stream = bytearray(b"".join(replies))
    for at, byte in mutations:
        if stream:
            stream[at % len(stream)] = byte
    cut %= len(stream) + 1
    results = outcomes(bytes(stream), max_replies, cut)
    assert results == [results[0]] * len(IMPLS)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 8))
def test_implementations_agree_on_noise(noise, max_replies):
    results = outcomes(noise, max_replies)
    assert results == [results[0]] * len(IMPLS)


PLAIN_MESSAGES = st.one_of(
    st.builds(done, st.integers(-(2**31), 2**31 - 1), st.integers(-(2**31), 2**31 - 1)),
    st.just(COST), st.just(XACTSTAT),
    st.builds(insertdone, st.sampled_from([-1, 0, 1]), st.integers(0, INT64_MAX),
              st.integers(-(2**63), INT64_MAX)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PLAIN_MESSAGES, max_size=4).map(lambda ms: b"".join(ms) + EOT), min_size=1,
                max_size=8))
def test_plain_streams_read_as_the_general_parser_reads_them(replies):
    stream = b"".join(replies)
    for w in IMPLS:
        rbuf = w.ReadBuffer()
        rbuf.feed(stream)
        replies_read, rows, lastrowid = rbuf.read_execute_replies(len(replies))
        assert (replies_read, rbuf.available()) == (len(replies), 0)
        assert (rows, lastrowid) == general_parse(stream, len(replies))
