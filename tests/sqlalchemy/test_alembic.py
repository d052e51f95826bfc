"""Alembic: ``revision --autogenerate`` and ``upgrade``/``downgrade`` against Informix."""

from __future__ import annotations

import pathlib
import textwrap

import alembic
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import Operations

ENV_PY = textwrap.dedent("""
    from alembic import context

    config = context.config
    with config.attributes["engine"].connect() as connection:
        context.configure(connection=connection, target_metadata=config.attributes["metadata"])
        with context.begin_transaction():
            context.run_migrations()
""")


def _items(metadata: sa.MetaData, version: int) -> sa.Table:
    columns = [sa.Column("id", sa.Integer, primary_key=True),
               sa.Column("name", sa.String(30 if version == 1 else 60), nullable=version == 2)]
    if version == 2:
        columns += [sa.Column("price", sa.Numeric(10, 2)),
                    sa.Index("ix_al_items_price", "price"),
                    sa.UniqueConstraint("name", name="uq_al_items_name")]
    return sa.Table("al_items", metadata, *columns)


@pytest.fixture
def alembic_config(tmp_path, engine):
    scripts = tmp_path / "migrations"
    (scripts / "versions").mkdir(parents=True)
    template = pathlib.Path(alembic.__file__).parent / "templates" / "generic" / "script.py.mako"
    (scripts / "script.py.mako").write_text(template.read_text())
    (scripts / "env.py").write_text(ENV_PY)
    cfg = Config()
    cfg.set_main_option("script_location", str(scripts))
    cfg.attributes["engine"] = engine
    yield cfg
    with engine.begin() as conn:
        for table in ("al_items", "alembic_version"):
            if sa.inspect(conn).has_table(table):
                conn.exec_driver_sql(f"DROP TABLE {table}")


def _columns(engine) -> dict:
    return {c["name"]: (c["type"].compile(dialect=engine.dialect), c["nullable"])
            for c in sa.inspect(engine).get_columns("al_items")}


def test_autogenerate_upgrade_and_downgrade(engine, alembic_config):
    cfg = alembic_config
    cfg.attributes["metadata"] = first = sa.MetaData()
    _items(first, 1)
    command.revision(cfg, "create items", autogenerate=True, rev_id="r1")
    command.upgrade(cfg, "head")
    assert _columns(engine) == {"id": ("SERIAL", False), "name": ("VARCHAR(30)", False)}

    command.revision(cfg, "no change", autogenerate=True, rev_id="r1b")  # SERIAL is the model's key
    noop = (pathlib.Path(cfg.get_main_option("script_location")) / "versions" / "r1b_no_change.py").read_text()
    assert "op.alter_column" not in noop and "op.add_column" not in noop and "op.create_table" not in noop
    command.upgrade(cfg, "head")

    cfg.attributes["metadata"] = second = sa.MetaData()
    _items(second, 2)
    command.revision(cfg, "grow items", autogenerate=True, rev_id="r2")
    command.upgrade(cfg, "head")
    assert _columns(engine) == {"id": ("SERIAL", False), "name": ("VARCHAR(60)", True),
                                "price": ("DECIMAL(10, 2)", True)}
    inspector = sa.inspect(engine)
    assert [i["name"] for i in inspector.get_indexes("al_items")] == ["ix_al_items_price"]
    assert [u["name"] for u in inspector.get_unique_constraints("al_items")] == ["uq_al_items_name"]

    command.downgrade(cfg, "r1b")
    assert _columns(engine) == {"id": ("SERIAL", False), "name": ("VARCHAR(30)", False)}
    assert sa.inspect(engine).get_indexes("al_items") == []
    assert sa.inspect(engine).get_unique_constraints("al_items") == []


def test_operations_rename_and_modify(engine):
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE al_ops (a INTEGER, b VARCHAR(10))")
        op = Operations(MigrationContext.configure(conn))
        op.alter_column("al_ops", "b", new_column_name="c", existing_type=sa.String(10))
        op.alter_column("al_ops", "a", existing_type=sa.Integer, nullable=False, server_default="7")
        op.add_column("al_ops", sa.Column("d", sa.Boolean))
        op.drop_column("al_ops", "d")
        columns = sa.inspect(conn).get_columns("al_ops")
        conn.exec_driver_sql("DROP TABLE al_ops")
    assert [(c["name"], c["nullable"], c["default"]) for c in columns] == [("a", False, "7"), ("c", True, None)]
