"""Native asyncio API: ``await informix_db.aio.connect(...)``, ``await aio.create_pool(...)``.

The connection drives the same sans-IO protocol core as the blocking API, on the event
loop itself (no worker threads).
"""

from __future__ import annotations

from ..dbapi.options import connect_signature
from ..pool_policy import split_pool_options
from .connection import AsyncConnection
from .cursor import AsyncCursor, AsyncScrollCursor
from .pool import AsyncConnectionPool


async def connect(host: str, port: int = 9088, **kwargs) -> AsyncConnection:
    """Open a connection; keyword arguments as :func:`informix_db.connect`."""
    return await AsyncConnection.connect(host, port, **kwargs)


connect.__signature__ = connect_signature()  # type: ignore[attr-defined]


async def create_pool(host: str, port: int = 9088, **kwargs) -> AsyncConnectionPool:
    """Create and fill an :class:`AsyncConnectionPool` (``min_size`` connections opened now);
    keyword arguments as for :func:`informix_db.create_pool`."""
    options, connect_kwargs = split_pool_options(kwargs)
    pool = AsyncConnectionPool({"host": host, "port": port, **connect_kwargs}, **options)
    await pool._fill()
    return pool


__all__ = ["AsyncConnection", "AsyncConnectionPool", "AsyncCursor", "AsyncScrollCursor", "connect",
           "create_pool"]
