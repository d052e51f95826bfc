"""Asyncio cursor: BaseCursor's operations, awaited on the connection's event loop."""

from __future__ import annotations

from ..dbapi.cursor import DEFAULT_BLOB_READ_FILE, DEFAULT_BLOB_WRITE_FILE, BaseCursor


class AsyncCursor(BaseCursor):
    """Executes statements and fetches their rows without blocking the event loop."""

    async def execute(self, operation: str, parameters=None):
        self._executed(await self.connection._run(self._execute_operation(operation, parameters)))
        return self

    async def executemany(self, operation: str, seq_of_parameters) -> None:
        op = self._executemany_operation(operation, seq_of_parameters)
        if op is not None:
            self._executed_many(await self.connection._run(op))

    async def fetchone(self):
        result = self._live_result()
        while self._position >= len(result.rows):
            if result.exhausted:
                return self._end_of_rows(result)
            await self.connection._run(self._pull_operation(result))
        return self._take_one(result)

    async def fetchmany(self, size: int | None = None) -> list:
        result = self._live_result()
        want = self.arraysize if size is None else size
        while len(result.rows) - self._position < want and not result.exhausted:
            await self.connection._run(self._pull_operation(result))
        return self._take(result, want)

    async def fetchall(self) -> list:
        result = self._live_result()
        while not result.exhausted:
            await self.connection._run(self._pull_operation(result))
        return self._take(result, None)

    # -- scrolling -------------------------------------------------------------------

    async def scroll(self, value: int, mode: str = "relative") -> None:
        error = await self.connection._run(self._scroll_operation(value, mode))
        if error is not None:
            raise error

    async def fetch_first(self):
        return await self.connection._run(self._fetch_first_operation())

    async def fetch_last(self):
        return await self.connection._run(self._fetch_last_operation())

    async def fetch_prior(self):
        return await self.connection._run(self._fetch_prior_operation())

    async def fetch_absolute(self, index: int):
        return await self.connection._run(self._fetch_absolute_operation(index))

    async def fetch_relative(self, offset: int):
        return await self.connection._run(self._fetch_relative_operation(offset))

    # -- smart LOBs --------------------------------------------------------------------

    async def write_blob_column(self, sql: str, blob_data: bytes, params=(), *,
                                sentinel: str = DEFAULT_BLOB_WRITE_FILE, clob: bool = False) -> None:
        wrapped = self._blob_write_sql(sql, sentinel, clob)
        self.virtual_files[sentinel] = bytes(blob_data)
        try:
            await self.execute(wrapped, params)
        finally:
            self.virtual_files.pop(sentinel, None)

    async def read_blob_column(self, sql: str, params=(), *,
                               sentinel: str = DEFAULT_BLOB_READ_FILE) -> bytes | None:
        wrapped = self._blob_read_sql(sql, sentinel)
        self.blob_files = {}
        await self.execute(wrapped, params)
        return self._blob_read_value(await self.fetchone())

    def __aiter__(self):
        return self

    async def __anext__(self):
        row = await self.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row

    async def close(self) -> None:
        self._mark_closed()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()


class AsyncScrollCursor(AsyncCursor):
    """A cursor over a server-side scroll cursor on the event loop (see
    ``dbapi.cursor.ScrollCursor``): every fetch is one SFETCH round trip."""

    def __init__(self, connection) -> None:
        super().__init__(connection, scrollable=True)

    async def fetchone(self):
        rows = await self.connection._run(self._fetch_scrolling_operation(1))
        return rows[0] if rows else None

    async def fetchmany(self, size: int | None = None) -> list:
        want = self.arraysize if size is None else size
        return await self.connection._run(self._fetch_scrolling_operation(want))

    async def fetchall(self) -> list:
        return await self.connection._run(self._fetch_scrolling_operation(None))
