"""Reflection from the system catalog: names, exact column types, defaults, keys, indexes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import exc

from informix_db.sqlalchemy import (
    BIGSERIAL,
    BYTE,
    INFORMIX_DATETIME,
    INFORMIX_INTERVAL,
    INT8,
    LVARCHAR,
    MONEY,
    NCHAR,
    SERIAL,
    SMALLFLOAT,
    TEXT,
)


@pytest.fixture
def inspector(engine):
    return sa.inspect(engine)


def _create(engine, *statements):
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _drop(engine, *names, kind="TABLE"):
    with engine.begin() as conn:
        for name in names:
            conn.exec_driver_sql(f"DROP {kind} {name}")


def test_columns_have_exact_types_nullability_and_defaults(engine):
    _create(engine, """CREATE TABLE ref_types (
        id SERIAL NOT NULL, big BIGSERIAL, small SMALLINT NOT NULL, i8 INT8, f FLOAT, sf SMALLFLOAT,
        d DECIMAL(12,3) DEFAULT 1.5, fd DECIMAL(10), m MONEY(9,2), c CHAR(4) DEFAULT 'ab' NOT NULL,
        nc NCHAR(3), v VARCHAR(40), lv LVARCHAR(3000), day DATE DEFAULT TODAY,
        ts DATETIME YEAR TO FRACTION(3), hm DATETIME HOUR TO MINUTE,
        ds INTERVAL DAY(5) TO SECOND, ym INTERVAL YEAR TO MONTH, ok BOOLEAN, raw BYTE, doc TEXT,
        n INTEGER DEFAULT NULL)""")
    try:
        columns = {c["name"]: c for c in sa.inspect(engine).get_columns("ref_types")}
    finally:
        _drop(engine, "ref_types")
    expected = {
        "id": (SERIAL, "SERIAL"), "big": (BIGSERIAL, "BIGSERIAL"), "small": (sa.SMALLINT, "SMALLINT"),
        "i8": (INT8, "INT8"), "f": (sa.FLOAT, "FLOAT"), "sf": (SMALLFLOAT, "SMALLFLOAT"),
        "d": (sa.DECIMAL, "DECIMAL(12, 3)"), "fd": (sa.DECIMAL, "DECIMAL(10)"),
        "m": (MONEY, "MONEY(9, 2)"), "c": (sa.CHAR, "CHAR(4)"), "nc": (NCHAR, "NCHAR(3)"),
        "v": (sa.VARCHAR, "VARCHAR(40)"), "lv": (LVARCHAR, "LVARCHAR(3000)"), "day": (sa.DATE, "DATE"),
        "ts": (INFORMIX_DATETIME, "DATETIME YEAR TO FRACTION(3)"),
        "hm": (INFORMIX_DATETIME, "DATETIME HOUR TO MINUTE"),
        "ds": (INFORMIX_INTERVAL, "INTERVAL DAY(5) TO SECOND"),
        "ym": (INFORMIX_INTERVAL, "INTERVAL YEAR TO MONTH"),
        "ok": (sa.BOOLEAN, "BOOLEAN"), "raw": (BYTE, "BYTE"), "doc": (TEXT, "TEXT"), "n": (sa.INTEGER, "INTEGER"),
    }
    assert list(columns) == list(expected)
    for name, (cls, ddl) in expected.items():
        assert isinstance(columns[name]["type"], cls), name
        assert columns[name]["type"].compile(dialect=engine.dialect) == ddl, name
    assert [n for n, c in columns.items() if not c["nullable"]] == ["id", "small", "c"]
    assert [n for n, c in columns.items() if c["autoincrement"]] == ["id", "big"]
    assert {n: c["default"] for n, c in columns.items() if c["default"] is not None} == {
        "d": "1.5", "c": "'ab'", "day": "TODAY", "n": "NULL"}


def test_keys_unique_constraints_and_indexes(engine, inspector):
    _create(engine,
            "CREATE TABLE ref_keys (a INTEGER NOT NULL, b INTEGER NOT NULL, c VARCHAR(10), d INTEGER,"
            " PRIMARY KEY (a, b) CONSTRAINT pk_ref_keys, UNIQUE (c) CONSTRAINT uq_ref_keys_c)",
            "CREATE INDEX ix_ref_keys_d ON ref_keys (d DESC, c)",
            "CREATE UNIQUE INDEX ux_ref_keys_dc ON ref_keys (c, d)")
    try:
        assert inspector.get_table_names() == sorted(inspector.get_table_names())
        assert "ref_keys" in inspector.get_table_names()
        assert inspector.has_table("ref_keys") and not inspector.has_table("ref_nothing")
        assert inspector.get_pk_constraint("ref_keys") == {"name": "pk_ref_keys", "constrained_columns": ["a", "b"]}
        assert inspector.get_unique_constraints("ref_keys") == [{"name": "uq_ref_keys_c", "column_names": ["c"]}]
        indexes = inspector.get_indexes("ref_keys")
        sorting = indexes[0].pop("column_sorting", None)
        assert indexes == [
            {"name": "ix_ref_keys_d", "unique": False, "column_names": ["d", "c"]},
            {"name": "ux_ref_keys_dc", "unique": True, "column_names": ["c", "d"]},
        ]
        table = sa.Table("ref_keys", sa.MetaData(), autoload_with=engine)
        assert [c.name for c in table.primary_key] == ["a", "b"]
    finally:
        _drop(engine, "ref_keys")
    assert sorting == {"d": ("desc",)}


def test_missing_table_raises(inspector):
    with pytest.raises(exc.NoSuchTableError):
        inspector.get_columns("ref_absent")


def test_views(engine, inspector):
    _create(engine, "CREATE TABLE ref_base (x INTEGER)", "CREATE VIEW ref_view AS SELECT x FROM ref_base")
    try:
        assert "ref_view" in inspector.get_view_names()
        assert "ref_view" not in inspector.get_table_names()
        assert [c["name"] for c in inspector.get_columns("ref_view")] == ["x"]
        definition = inspector.get_view_definition("ref_view")
        assert "select x from ref_base" in " ".join(definition.lower().split())
    finally:
        _drop(engine, "ref_view", kind="VIEW")
        _drop(engine, "ref_base")


def test_foreign_keys(engine, inspector):
    _create(engine,
            "CREATE TABLE ref_parent (id INTEGER NOT NULL, code CHAR(2) NOT NULL,"
            " PRIMARY KEY (id, code) CONSTRAINT pk_ref_parent)",
            "CREATE TABLE ref_child (id INTEGER NOT NULL, pid INTEGER, pcode CHAR(2),"
            " FOREIGN KEY (pid, pcode) REFERENCES ref_parent (id, code) ON DELETE CASCADE CONSTRAINT fk_ref_child)")
    try:
        keys = inspector.get_foreign_keys("ref_child")
        assert keys == [{
            "name": "fk_ref_child", "constrained_columns": ["pid", "pcode"], "referred_schema": None,
            "referred_table": "ref_parent", "referred_columns": ["id", "code"],
            "options": {"ondelete": "CASCADE"},
        }]
    finally:
        _drop(engine, "ref_child", "ref_parent")


def test_check_constraints(engine, inspector):
    _create(engine, "CREATE TABLE ref_checked (x INTEGER, CHECK (x > 0) CONSTRAINT ck_ref_x)")
    try:
        checks = inspector.get_check_constraints("ref_checked")
        assert checks == [{"name": "ck_ref_x", "sqltext": "x > 0"}]
    finally:
        _drop(engine, "ref_checked")


def test_sequence_names(engine, inspector):
    _create(engine, "CREATE SEQUENCE ref_seq")
    try:
        assert "ref_seq" in inspector.get_sequence_names()
        assert inspector.has_sequence("ref_seq")
    finally:
        _drop(engine, "ref_seq", kind="SEQUENCE")


def test_create_all_round_trips_through_reflection(engine, metadata):
    sa.Table("ref_made", metadata,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("name", sa.String(30), nullable=False, server_default="n/a"),
             sa.Column("price", sa.Numeric(10, 2)),
             sa.Column("seen", sa.DateTime),
             sa.Column("note", sa.String(2000)),
             sa.UniqueConstraint("name", name="uq_ref_made_name"),
             sa.Index("ix_ref_made_price", "price"))
    metadata.create_all(engine)
    reflected = sa.Table("ref_made", sa.MetaData(), autoload_with=engine)
    assert [(c.name, c.type.compile(dialect=engine.dialect), c.nullable) for c in reflected.columns] == [
        ("id", "SERIAL", False), ("name", "VARCHAR(30)", False), ("price", "DECIMAL(10, 2)", True),
        ("seen", "DATETIME YEAR TO FRACTION(5)", True), ("note", "LVARCHAR(2000)", True)]
    assert reflected.c.name.server_default.arg.text == "'n/a'"
    assert reflected.c.id.autoincrement is True
    assert {c.name for c in reflected.constraints if isinstance(c, sa.UniqueConstraint)} == {"uq_ref_made_name"}
    assert [i.name for i in reflected.indexes] == ["ix_ref_made_price"]


def test_owners_are_schemas(engine, metadata):
    """A table's owner is its schema: created with ``schema=`` (CREATE TABLE owner.t), listed by
    get_schema_names, reflected and queried through it; the default schema is the login user."""
    made = sa.Table("ref_owned", metadata, sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("x", sa.Integer, sa.CheckConstraint("x > 0", name="ck_ref_owned")), schema="ref_owner")
    metadata.create_all(engine)
    inspector = sa.inspect(engine)
    assert "ref_owner" in inspector.get_schema_names()
    assert inspector.get_table_names(schema="ref_owner") == ["ref_owned"]
    assert "ref_owned" not in inspector.get_table_names()  # not the login user's
    assert inspector.get_check_constraints("ref_owned", schema="ref_owner") == [
        {"name": "ck_ref_owned", "sqltext": "x > 0"}]
    with engine.begin() as conn:
        conn.execute(made.insert().values(id=1, x=2))
        assert conn.execute(sa.select(made.c.x)).scalar_one() == 2
    reflected = sa.Table("ref_owned", sa.MetaData(), schema="ref_owner", autoload_with=engine)
    assert [c.name for c in reflected.columns] == ["id", "x"]
