"""The asyncio dialect (``informix+aio://``) on the native asyncio driver."""

from __future__ import annotations

import decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .conftest import url_for


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "aio_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(sa.String(30))
    balance: Mapped[decimal.Decimal] = mapped_column(sa.Numeric(12, 2))


@pytest.mark.asyncio
async def test_async_engine_core_orm_and_reflection(db_params):
    engine = create_async_engine(url_for(db_params, "informix+aio"), pool_pre_ping=True)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
            assert await conn.run_sync(lambda c: sa.inspect(c).has_table("aio_accounts"))
        async with AsyncSession(engine) as session:
            session.add_all([Account(owner="ann", balance=decimal.Decimal("10.50")),
                             Account(owner="bob", balance=decimal.Decimal("2.25"))])
            await session.commit()
            accounts = (await session.scalars(sa.select(Account).order_by(Account.id))).all()
            assert [(a.id, a.owner, a.balance) for a in accounts] == [
                (1, "ann", decimal.Decimal("10.50")), (2, "bob", decimal.Decimal("2.25"))]
            accounts[1].balance += 1
            await session.commit()
        async with engine.connect() as conn:
            total = await conn.scalar(sa.select(sa.func.sum(Account.balance)))
            assert total == decimal.Decimal("13.75")
            streamed = await conn.stream(sa.select(Account.owner).order_by(Account.owner))
            assert [row.owner async for row in streamed] == ["ann", "bob"]
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            assert await conn.get_isolation_level() == "AUTOCOMMIT"
    finally:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)
        await engine.dispose()
