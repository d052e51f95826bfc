"""A hostile server: replies recorded from the embedded server, mutated, and replayed to a
client session run through the public API. Whatever the bytes, the driver returns results or
raises informix_db.Error: no other exception, no crash, no hang."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import socket
import threading
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import informix_db as ifx
from informix_db import aio

from .proxy import TO_SERVER, FaultProxy, close_listener

# Seconds the replaying server waits for the client's next request before hanging up (a
# client still waiting for the rest of a mutated reply then fails at once instead of timing out).
IDLE = 0.15
# Mutated sessions per test: a quick sample in the suite, more in CI's own fuzzing step.
EXAMPLES = int(os.environ.get("FAULT_FUZZ_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

CREATE = """CREATE TABLE typed (id INT, small SMALLINT, big BIGINT, f FLOAT, r SMALLFLOAT,
    d DECIMAL(12,3), m MONEY(10,2), day DATE, ts DATETIME YEAR TO FRACTION(3),
    span INTERVAL DAY(3) TO SECOND, v VARCHAR(30), c CHAR(6), lv LVARCHAR(200), ok BOOLEAN,
    b BYTE, t TEXT)"""
ROW = (1, 7, 2**40, 1.5, 2.25, Decimal("123.456"), Decimal("9.99"), dt.date(2024, 2, 29),
       dt.datetime(2024, 2, 29, 12, 30, 45, 123000), dt.timedelta(days=3, seconds=7),
       "héllo", "abc", "l" * 150, True, b"\x00\x01blob", "text")


def client_session(kwargs: dict) -> list:
    """One session exercising login, DESCRIBE, every row decoder, BYTE/TEXT fetches, binds,
    executemany, a scroll cursor, commit and close; what it read."""
    seen = []
    with ifx.connect(**kwargs, connect_timeout=3, read_timeout=3) as conn:
        cur = conn.cursor()
        cur.execute("SELECT * FROM typed ORDER BY id")
        seen.append(cur.description)
        seen.append(cur.fetchall())
        cur.execute("INSERT INTO typed (id, v, d) VALUES (?, ?, ?)", (9, "new", Decimal("1.5")))
        cur.executemany("INSERT INTO typed (id, v) VALUES (?, ?)", [(10, "a"), (11, "b")])
        seen.append(cur.rowcount)
        scroll = conn.cursor(scrollable=True)
        scroll.execute("SELECT id, v FROM typed ORDER BY id")
        seen.append((scroll.fetch_last(), scroll.fetch_absolute(0)))
        scroll.close()
        conn.rollback()
    return seen


async def async_client_session(kwargs: dict) -> list:
    conn = await aio.connect(**kwargs, connect_timeout=3, read_timeout=3)
    try:
        cur = await conn.cursor()
        await cur.execute("SELECT * FROM typed ORDER BY id")
        rows = await cur.fetchall()
        await cur.execute("INSERT INTO typed (id, v) VALUES (?, ?)", (9, "new"))
        await conn.rollback()
        return rows
    finally:
        await conn.close()


class Recording(FaultProxy):
    """A proxy that keeps the server's replies, one bytes object per client request."""

    def __init__(self, upstream):
        super().__init__(upstream)
        self.exchanges: list[bytearray] = []

    def _fault_for(self, direction, chunk):
        with self._lock:
            if direction == TO_SERVER:
                self.exchanges.append(bytearray())
            elif self.exchanges:
                self.exchanges[-1] += chunk
        return None


class ReplayServer:
    """Answers each request of one client at a time with the next recorded reply."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.replies: list[bytes] = []
        self.idle = IDLE
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with client:
                self._answer(client, list(self.replies), self.idle)

    @staticmethod
    def _answer(client: socket.socket, replies: list[bytes], idle: float) -> None:
        try:
            for reply in replies:
                client.settimeout(idle if reply is not replies[0] else 3)
                if not client.recv(65536):
                    return
                client.settimeout(0.005)  # the rest of a request sent in several writes
                try:
                    while client.recv(65536):
                        pass
                except OSError:
                    pass
                client.sendall(reply)
            client.settimeout(idle)
            client.recv(65536)  # the client's goodbye, if it gets that far
        except OSError:
            pass

    def close(self) -> None:
        close_listener(self.listener)
        self._thread.join(5)


@pytest.fixture(scope="module")
def recorded(fault_server, new_database):
    """Live results and the server's replies, for the sync and the asyncio session."""
    cur = new_database("hostile")
    cur.execute(CREATE)
    cur.execute(f"INSERT INTO typed VALUES ({', '.join('?' * len(ROW))})", ROW)
    cur.execute("INSERT INTO typed (id) VALUES (2)")
    recordings = {}
    for name, session in (("sync", client_session),
                          ("async", lambda kw: asyncio.run(async_client_session(kw)))):
        recorder = Recording((fault_server.host, fault_server.port))
        try:
            kwargs = {**recorder.connect_kwargs(fault_server), "database": "hostile"}
            result = session(kwargs)
        finally:
            recorder.close()
        recordings[name] = (result, [bytes(e) for e in recorder.exchanges if e])
    return recordings


@pytest.fixture(scope="module")
def replay():
    server = ReplayServer()
    yield server
    server.close()


def replay_kwargs(replay: ReplayServer, fault_server) -> dict:
    return {**fault_server.connect_kwargs(), "port": replay.port, "database": "hostile"}


@st.composite
def mutated(draw, exchanges: list[bytes]) -> list[bytes]:
    """The exchanges with one to three of them damaged: bytes flipped, set, cut, inserted,
    deleted or repeated."""
    replies = list(exchanges)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(replies) - 1))
        data = bytearray(replies[index])
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "set", "cut", "insert", "delete", "repeat"]))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set" and data:
            data[at] = draw(st.sampled_from([0x00, 0x7F, 0x80, 0xFF]))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 16))]
        replies[index] = bytes(data)
    return replies


def test_an_unchanged_replay_reads_what_the_live_session_read(recorded, replay, fault_server):
    result, exchanges = recorded["sync"]
    replay.replies, replay.idle = exchanges, 3.0  # a slow machine must not look like a hang-up
    try:
        assert client_session(replay_kwargs(replay, fault_server)) == result
    finally:
        replay.idle = IDLE
    assert result[1][0][14] == b"\x00\x01blob"  # the BYTE content came in its own exchange


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_mutated_replies_give_results_or_driver_errors(recorded, replay, fault_server, flavour):
    _, exchanges = recorded[flavour]
    session = client_session if flavour == "sync" else lambda kw: asyncio.run(async_client_session(kw))

    @SETTINGS
    @given(mutated(exchanges))
    def check(replies):
        replay.replies = replies
        try:
            session(replay_kwargs(replay, fault_server))
        except ifx.Error:
            pass

    check()
