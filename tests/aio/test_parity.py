"""The asyncio API offers what the blocking API offers: same public names, same connect options."""

from __future__ import annotations

import asyncio
import inspect

import pytest

import informix_db
from informix_db import aio
from informix_db.dbapi.cursor import Cursor, ScrollCursor

#: Public names that are a property on the blocking side and a coroutine on the asyncio side,
#: because reading them may need a round trip.
AWAITED_ON_ASYNC = {"server_version"}
#: Public names allowed on one side only, with the reason.
ONE_SIDED = {
    "connect": "an asyncio connection is opened by an awaited classmethod (__init__ cannot await)",
    "fetch_record_batch": "ADBC's blocking pyarrow.RecordBatchReader; a reader's next batch would "
                          "block the event loop, so the asyncio cursor has fetch_record_batches",
    "fetch_record_batches": "the asyncio cursor's async iterator of record batches "
                            "(the blocking side's fetch_record_batch reader)",
}


def _public(obj) -> set[str]:
    return {name for name in dir(obj) if not name.startswith("_")}


def _is_property(obj, name: str) -> bool:
    return isinstance(inspect.getattr_static(type(obj), name, None), property)


def _assert_same_surface(sync_obj, async_obj) -> None:
    only_sync = _public(sync_obj) - _public(async_obj) - set(ONE_SIDED)
    only_async = _public(async_obj) - _public(sync_obj) - set(ONE_SIDED)
    assert not only_sync and not only_async, (
        f"only on {type(sync_obj).__name__}: {sorted(only_sync)}; "
        f"only on {type(async_obj).__name__}: {sorted(only_async)}")
    for name in _public(sync_obj):
        if _is_property(sync_obj, name) and name not in AWAITED_ON_ASYNC:
            assert _is_property(async_obj, name), f"{name} is a property on one side only"


def test_connection_cursors_and_pools_have_the_same_public_surface(db_params):
    async def main():
        conn = await aio.connect(**db_params)
        cursors = (await conn.cursor(), await conn.cursor(scrollable=True))
        pool = await aio.create_pool(**db_params, min_size=0, max_size=1)
        return conn, cursors, pool

    loop = asyncio.new_event_loop()
    try:
        async_conn, (async_cur, async_scroll), async_pool = loop.run_until_complete(main())
        with informix_db.connect(**db_params) as conn, \
                informix_db.create_pool(**db_params, min_size=0, max_size=1) as pool:
            _assert_same_surface(conn, async_conn)
            _assert_same_surface(conn.cursor(), async_cur)
            _assert_same_surface(conn.cursor(scrollable=True), async_scroll)
            _assert_same_surface(pool, async_pool)
        for name in AWAITED_ON_ASYNC:
            assert inspect.iscoroutinefunction(getattr(type(async_conn), name))
        loop.run_until_complete(async_pool.close())
        loop.run_until_complete(async_conn.close())
    finally:
        loop.close()


def test_cursor_classes_pair_up():
    assert set(_public(Cursor)) - set(ONE_SIDED) == set(_public(aio.AsyncCursor)) - set(ONE_SIDED)
    assert set(_public(ScrollCursor)) - set(ONE_SIDED) == set(_public(aio.AsyncScrollCursor)) - set(ONE_SIDED)


def test_connect_keywords_are_defined_once():
    sync = inspect.signature(informix_db.connect)
    assert inspect.signature(aio.connect) == sync
    assert inspect.signature(aio.AsyncConnection.connect) == sync
    assert inspect.signature(informix_db.Connection) == sync
    assert {"user", "password", "tls", "fetch_buffer_size"} <= set(sync.parameters)


@pytest.mark.parametrize("connect", [informix_db.connect, informix_db.Connection])
def test_unknown_or_missing_connect_keyword_is_a_type_error(connect):
    with pytest.raises(TypeError, match="unexpected keyword argument.*passwrd"):
        connect("127.0.0.1", 1, user="u", passwrd="x")
    with pytest.raises(TypeError, match="missing required keyword argument.*password"):
        connect("127.0.0.1", 1, user="u")


def test_aio_unknown_connect_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="unexpected keyword argument.*colour"):
        asyncio.run(aio.connect("127.0.0.1", 1, user="u", password="p", colour="red"))


def test_aio_scrollable_cursor(db_params):
    async def main():
        async with await aio.connect(**db_params) as conn:
            cur = await conn.cursor(scrollable=True)
            assert isinstance(cur, aio.AsyncScrollCursor)
            await cur.execute("SELECT tabid FROM systables WHERE tabid <= 5 ORDER BY tabid")
            first = await cur.fetchone()
            last = await cur.fetch_last()
            prior = await cur.fetch_prior()
            absolute = await cur.fetch_absolute(1)
            rest = await cur.fetchmany(2)
            everything_left = await cur.fetchall()
            with pytest.raises(informix_db.ProgrammingError):
                await conn.cursor(scrollable=True, stream=True)
            return first, last, prior, absolute, rest, everything_left, cur.rowcount

    first, last, prior, absolute, rest, left, rowcount = asyncio.run(main())
    assert (first, last, prior, absolute) == ((1,), (5,), (4,), (2,))
    assert rest == [(3,), (4,)] and left == [(5,)] and rowcount == 5


def test_aio_autocommit_settable(db_params):
    async def main():
        async with await aio.connect(**db_params) as conn:
            cur = await conn.cursor()
            await cur.execute("CREATE TEMP TABLE aio_ac (id INTEGER)")
            assert conn.in_transaction
            with pytest.raises(informix_db.ProgrammingError, match="set_autocommit"):
                conn.autocommit = True
            await conn.set_autocommit(True)  # commits the open transaction first
            assert conn.autocommit and not conn.in_transaction
            conn.autocommit = False
            await cur.execute("INSERT INTO aio_ac VALUES (1)")
            assert conn.in_transaction and not conn.autocommit
            await conn.rollback()
            return True

    assert asyncio.run(main())


def test_aio_server_version_matches_blocking(db_params):
    with informix_db.connect(**db_params) as conn:
        expected = conn.server_version

    async def main():
        async with await aio.connect(**db_params) as conn:
            first = await conn.server_version()
            return first, await conn.server_version(), conn.socket is not None

    first, cached, has_socket = asyncio.run(main())
    assert first == cached == expected and expected
    assert has_socket
