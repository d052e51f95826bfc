"""The asyncio API takes the same TLS options and verifies by default too."""

from __future__ import annotations

import asyncio

import pytest

import informix_db
from informix_db import aio


def _tls_kwargs(server, **extra):
    return {**server.connect_kwargs(), "port": server.tls_port, "database": "sysmaster", **extra}


def test_aio_over_verified_tls(tls_server, trusting_context):
    async def main():
        async with await aio.connect(**_tls_kwargs(tls_server, tls=trusting_context)) as conn:
            cur = await conn.cursor()
            await cur.execute("SELECT tabname FROM systables WHERE tabid = 1")
            return await cur.fetchall()

    assert asyncio.run(main()) == [("systables",)]


def test_aio_tls_true_refuses_an_untrusted_certificate(tls_server):
    async def main():
        await aio.connect(**_tls_kwargs(tls_server, tls=True, connect_timeout=5))

    with pytest.raises(informix_db.OperationalError, match="certificate verify failed"):
        asyncio.run(main())


def test_aio_pool_over_tls(tls_server, trusting_context):
    async def main():
        pool = await aio.create_pool(**_tls_kwargs(tls_server, tls=trusting_context), min_size=1, max_size=2)
        async with pool.connection() as conn:
            cur = await conn.cursor()
            await cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
            row = await cur.fetchone()
        await pool.close()
        return row

    assert asyncio.run(main()) == (1,)
