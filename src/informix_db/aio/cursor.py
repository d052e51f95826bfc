"""Asyncio cursor: BaseCursor's operations, awaited on the connection's event loop."""

from __future__ import annotations

from .._impl import wire
from ..arrow import frames
from ..dbapi.cursor import ARROW_BATCH_ROWS, DEFAULT_BLOB_READ_FILE, DEFAULT_BLOB_WRITE_FILE, BaseCursor


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
        self._bulk_fetch(result)
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

    # -- Arrow ------------------------------------------------------------------------

    async def fetch_arrow(self):
        """The rest of the result, fetched now, as an Arrow stream (``__arrow_c_stream__``)."""
        result, builder = self._arrow_start(None)
        while not result.exhausted:
            await self.connection._run(self._arrow_pull_operation(result, builder))
        return wire.ArrowStream(builder.fields, builder.finish())

    async def fetch_arrow_table(self):
        """pyarrow.Table of the remaining rows of the current result."""
        return frames.to_table(await self.fetch_arrow())

    async def fetch_record_batches(self, batch_size: int | None = None):
        """Async iterator of pyarrow.RecordBatch of ``batch_size`` rows, fetched as it is read."""
        result, builder = self._arrow_start(batch_size or ARROW_BATCH_ROWS)
        while True:
            for batch in builder.take_batches():
                yield frames.to_batch(batch)
            if result.exhausted:
                break
            await self.connection._run(self._arrow_pull_operation(result, builder))
        for batch in builder.finish():
            yield frames.to_batch(batch)

    async def fetch_df(self):
        return frames.to_pandas(await self.fetch_arrow_table())

    async def fetch_polars(self):
        return frames.to_polars(await self.fetch_arrow_table())

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
