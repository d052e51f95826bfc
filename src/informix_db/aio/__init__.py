"""Native asyncio API: ``await informix_db.aio.connect(...)``, ``await aio.create_pool(...)``.

The connection drives the same sans-IO protocol core as the blocking API, on the event
loop itself (no worker threads).
"""

from __future__ import annotations

from ..pool import DEFAULT_CHECK_INTERVAL
from .connection import AsyncConnection
from .cursor import AsyncCursor
from .pool import AsyncConnectionPool


async def connect(host: str, port: int = 9088, **kwargs) -> AsyncConnection:
    """Open a connection; keyword arguments as :func:`informix_db.connect`."""
    return await AsyncConnection.connect(host, port, **kwargs)


async def create_pool(host: str, port: int = 9088, *, min_size: int = 1, max_size: int = 10,
                      acquire_timeout: float = 30.0, check_interval: float = DEFAULT_CHECK_INTERVAL,
                      max_lifetime: float | None = None, max_idle: float | None = None,
                      **connect_kwargs) -> AsyncConnectionPool:
    """Create and fill an :class:`AsyncConnectionPool` (``min_size`` connections opened now)."""
    pool = AsyncConnectionPool({"host": host, "port": port, **connect_kwargs}, min_size=min_size,
                               max_size=max_size, acquire_timeout=acquire_timeout,
                               check_interval=check_interval, max_lifetime=max_lifetime,
                               max_idle=max_idle)
    await pool._fill()
    return pool


__all__ = ["AsyncConnection", "AsyncConnectionPool", "AsyncCursor", "connect", "create_pool"]
