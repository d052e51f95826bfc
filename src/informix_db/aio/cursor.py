"""Asyncio cursor: BaseCursor's operations, awaited on the connection's event loop."""

from __future__ import annotations

from ..dbapi.cursor import BaseCursor


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
                return None
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
