"""Every Informix type both ways through an engine, and ORM CRUD."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from informix_db.sqlalchemy import (
    BYTE,
    INFORMIX_DATETIME,
    INFORMIX_INTERVAL,
    INT8,
    LVARCHAR,
    MONEY,
    NCHAR,
    SERIAL8,
    SMALLFLOAT,
    TEXT,
)
from informix_db.types import IntervalYM

VALUES = [
    ("small", sa.SmallInteger, -32767),
    ("integer", sa.Integer, 2147483647),
    ("big", sa.BigInteger, -(2**63) + 1),
    ("int8", INT8, 2**62),
    ("flt", sa.Float, 1.25e300),
    ("smallflt", SMALLFLOAT, 0.5),
    ("dec", sa.Numeric(20, 6), decimal.Decimal("-12345678901234.123456")),
    ("floating_dec", sa.Numeric(30), decimal.Decimal("1.5E+20")),
    ("money", MONEY(12, 2), decimal.Decimal("99.95")),
    ("scaled", sa.Numeric(5, 3), decimal.Decimal("1.000")),
    ("chr", sa.CHAR(5), "ab"),
    ("nchr", NCHAR(5), "xy"),
    ("vchr", sa.String(200), "naïve café"),
    ("lvchr", LVARCHAR(5000), "x" * 4000),
    ("unsized", sa.String(), "unsized is LVARCHAR"),
    ("flag", sa.Boolean, True),
    ("day", sa.Date, dt.date(1899, 12, 31)),
    ("stamp", sa.DateTime, dt.datetime(2024, 2, 29, 23, 59, 58, 123450)),
    ("clock", sa.Time, dt.time(13, 14, 15, 500000)),
    ("ymd", INFORMIX_DATETIME("YEAR", "DAY"), dt.date(2024, 5, 6)),
    ("hm", INFORMIX_DATETIME("HOUR", "MINUTE"), dt.time(7, 8)),
    ("span", sa.Interval, dt.timedelta(days=-3, seconds=5, microseconds=120)),
    ("ds", INFORMIX_INTERVAL("DAY", "SECOND", precision=5), dt.timedelta(days=12345, seconds=3)),
    ("ym", INFORMIX_INTERVAL("YEAR", "MONTH"), IntervalYM(27)),
    ("raw", sa.LargeBinary, bytes(range(256)) * 10),
    ("byte", BYTE, b"\x00\xff"),
    ("doc", sa.Text, "a TEXT column"),
    ("doc2", TEXT, "another"),
]


@pytest.fixture
def typed_table(engine, metadata):
    table = sa.Table("typ_all", metadata, sa.Column("id", sa.Integer, primary_key=True),
                     *[sa.Column(name, type_) for name, type_, _ in VALUES])
    metadata.create_all(engine)
    return table


def test_every_type_round_trips(engine, typed_table):
    with engine.begin() as conn:
        conn.execute(typed_table.insert().values({name: value for name, _, value in VALUES}))
        conn.execute(typed_table.insert().values(small=None))
        rows = conn.execute(sa.select(typed_table).order_by(typed_table.c.id)).all()
    first, nulls = rows
    for name, type_, value in VALUES:
        got = getattr(first, name)
        assert got == value and type(got) is type(value), name
        if getattr(type_, "scale", None):
            assert str(got) == str(value), name  # the column's scale, trailing zeros included
    assert all(getattr(nulls, name) is None for name, _, _ in VALUES)


def test_bound_values_in_where_clauses(engine, typed_table):
    with engine.begin() as conn:
        conn.execute(typed_table.insert(), [
            {"dec": decimal.Decimal("1.5"), "stamp": dt.datetime(2024, 1, 1), "flag": True, "vchr": "a"},
            {"dec": decimal.Decimal("2.5"), "stamp": dt.datetime(2025, 1, 1), "flag": False, "vchr": "b"},
        ])
        t = typed_table.c
        assert conn.scalars(sa.select(t.vchr).where(t.dec > decimal.Decimal("2"))).all() == ["b"]
        assert conn.scalars(sa.select(t.vchr).where(t.stamp < dt.datetime(2024, 6, 1))).all() == ["a"]
        assert conn.scalars(sa.select(t.vchr).where(t.flag.is_(False))).all() == ["b"]
        assert conn.scalars(sa.select(t.vchr).where(t.flag.is_not(True))).all() == ["b"]
        assert conn.scalars(sa.select(t.vchr).where(t.vchr.in_(["b", "c"]))).all() == ["b"]
        assert conn.scalars(sa.select(t.vchr).where(t.vchr.in_([]))).all() == []
        assert conn.scalars(sa.select(t.vchr).where(t.vchr.startswith("a"))).all() == ["a"]
        assert conn.scalar(sa.select(sa.func.count()).where(t.dec.between(1, 3))) == 2


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "orm_authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40), unique=True)
    books: Mapped[list[Book]] = relationship(back_populates="author", cascade="all, delete-orphan")


class Book(Base):
    __tablename__ = "orm_books"
    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("orm_authors.id"))
    title: Mapped[str] = mapped_column(sa.String(100))
    price: Mapped[decimal.Decimal] = mapped_column(sa.Numeric(8, 2))
    published: Mapped[dt.date | None]
    author: Mapped[Author] = relationship(back_populates="books")


@pytest.fixture
def orm_tables(engine):
    Base.metadata.create_all(engine)
    yield
    Base.metadata.drop_all(engine)


def test_orm_create_read_update_delete(engine, orm_tables):
    with Session(engine) as session:
        ann = Author(name="Ann", books=[Book(title="One", price=decimal.Decimal("9.99")),
                                        Book(title="Two", price=decimal.Decimal("19.50"),
                                             published=dt.date(2020, 1, 2))])
        session.add_all([ann, Author(name="Bob")])
        session.commit()
        assert ann.id == 1 and [b.id for b in ann.books] == [1, 2]

    with Session(engine) as session:
        ann = session.scalars(sa.select(Author).where(Author.name == "Ann")).one()
        assert sorted((b.title, b.price) for b in ann.books) == [
            ("One", decimal.Decimal("9.99")), ("Two", decimal.Decimal("19.50"))]
        ann.books[0].price = decimal.Decimal("5.00")
        session.delete(ann.books[1])
        session.commit()

    with Session(engine) as session:
        page = session.scalars(sa.select(Book).order_by(Book.id).limit(10).offset(0)).all()
        assert [(b.title, b.price) for b in page] == [("One", decimal.Decimal("5.00"))]
        session.delete(session.get(Author, 1))
        session.commit()
        assert session.scalar(sa.select(sa.func.count()).select_from(Book)) == 0
        assert session.scalars(sa.select(Author.name)).all() == ["Bob"]


def test_orm_locks_rows_for_update(engine, orm_tables):
    with Session(engine) as session:
        session.add(Author(name="Cy"))
        session.commit()
        locked = session.scalars(sa.select(Author).where(Author.name == "Cy").with_for_update()).one()
        locked.name = "Cyd"
        session.commit()
        assert session.scalars(sa.select(Author.name)).all() == ["Cyd"]


def test_serial8_key(engine, metadata):
    table = sa.Table("typ_serial8", metadata, sa.Column("id", SERIAL8, primary_key=True),
                     sa.Column("x", sa.Integer))
    metadata.create_all(engine)
    with engine.begin() as conn:
        assert conn.execute(table.insert().values(x=1)).inserted_primary_key == (1,)
        assert conn.execute(table.insert().values(x=2)).inserted_primary_key == (2,)
