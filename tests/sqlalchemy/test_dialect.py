"""The dialect's SQL, DDL, URL handling, transactions and connection health."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlalchemy as sa
from sqlalchemy import exc

import informix_db
from informix_db.sqlalchemy import MONEY, matches
from informix_db.sqlalchemy.informix_db import InformixDialect_informix_db, connect_args_from_url

DIALECT = InformixDialect_informix_db()
T = sa.table("t", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("flag", sa.Boolean))


def sql(stmt) -> str:
    return " ".join(str(stmt.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True})).split())


def ddl(element) -> str:
    return " ".join(str(element.compile(dialect=DIALECT)).split())


# -- URL -----------------------------------------------------------------------------------

def test_url_gives_connect_arguments_and_environment():
    url = sa.engine.make_url("informix://informix:in4mix@db.example:9090/stores?server=ol_x"
                             "&client_locale=en_US.utf8&tls=true&tls_verify=false&read_timeout=2.5"
                             "&DBDATE=Y4MD-")
    args = connect_args_from_url(url)
    assert args == {
        "host": "db.example", "port": 9090, "user": "informix", "password": "in4mix",
        "database": "stores", "server": "ol_x", "client_locale": "en_US.utf8", "tls": True,
        "tls_verify": False, "read_timeout": 2.5, "env": {"DELIMIDENT": "y", "DBDATE": "Y4MD-"},
    }


def test_url_rejects_unknown_and_malformed_parameters():
    with pytest.raises(exc.ArgumentError, match="unknown URL parameter 'sever'"):
        connect_args_from_url(sa.engine.make_url("informix://u:p@h/db?sever=x"))
    with pytest.raises(exc.ArgumentError, match="tls"):
        connect_args_from_url(sa.engine.make_url("informix://u:p@h/db?tls=maybe"))


def test_both_url_names_load_the_dialect():
    for name in ("informix", "informix+informix_db"):
        assert isinstance(sa.create_engine(f"{name}://u:p@h/db").dialect, InformixDialect_informix_db)
    from sqlalchemy.ext.asyncio import create_async_engine

    from informix_db.sqlalchemy.aio import InformixDialect_aio

    assert isinstance(create_async_engine("informix+aio://u:p@h/db").dialect, InformixDialect_aio)


# -- SQL compilation ---------------------------------------------------------------------------

def test_limit_and_offset_are_skip_and_first():
    assert sql(sa.select(T.c.id).limit(5)) == "SELECT FIRST 5 t.id FROM t"
    assert sql(sa.select(T.c.id).limit(5).offset(10)) == "SELECT SKIP 10 FIRST 5 t.id FROM t"
    assert sql(sa.select(T.c.id).offset(3)) == "SELECT SKIP 3 t.id FROM t"
    assert sql(sa.select(T.c.id).fetch(2)) == "SELECT FIRST 2 t.id FROM t"
    assert sql(sa.select(T.c.id).distinct().limit(1)) == "SELECT DISTINCT FIRST 1 t.id FROM t"


def test_booleans_cast_concat_mod_and_matches():
    assert sql(sa.select(T.c.id).where(T.c.flag == sa.true())) == "SELECT t.id FROM t WHERE t.flag = 't'::BOOLEAN"
    assert sql(sa.select(sa.literal(False))) == (
        "SELECT 'f' AS anon_1 FROM (SELECT 1 AS one FROM systables WHERE tabid = 1) AS dual_")
    assert sql(sa.select(sa.cast(T.c.id, sa.String(10)))) == "SELECT CAST(t.id AS VARCHAR(10)) AS id FROM t"
    assert sql(sa.select(T.c.name + "x")) == "SELECT t.name || 'x' AS anon_1 FROM t"
    assert sql(sa.select(T.c.id % 3)) == "SELECT MOD(t.id, 3) AS anon_1 FROM t"
    assert sql(sa.select(T.c.id).where(matches(T.c.name, "a*"))) == "SELECT t.id FROM t WHERE t.name MATCHES 'a*'"


def test_dates_sequences_and_for_update():
    assert sql(sa.select(sa.func.current_date(), sa.func.now())) == (
        "SELECT TODAY AS current_date_1, CURRENT YEAR TO FRACTION(5) AS now_1 FROM (SELECT 1 AS one FROM systables WHERE tabid = 1) AS dual_")
    assert sql(sa.select(sa.extract("year", T.c.name), sa.extract("hour", T.c.name))) == (
        "SELECT YEAR(t.name) AS anon_1, TO_CHAR(t.name, '%H')::INTEGER AS anon_2 FROM t")
    assert sql(sa.select(sa.literal(dt.timedelta(days=2, seconds=3661)))) == (
        "SELECT INTERVAL(2 01:01:01.00000) DAY(9) TO FRACTION(5) AS anon_1 FROM (SELECT 1 AS one FROM systables WHERE tabid = 1) AS dual_")
    assert sql(sa.select(sa.Sequence("s").next_value())) == (
        "SELECT s.NEXTVAL AS next_value_1 FROM (SELECT 1 AS one FROM systables WHERE tabid = 1) AS dual_")
    assert sql(sa.select(T.c.id).with_for_update()) == "SELECT t.id FROM t FOR UPDATE"
    assert sql(sa.select(T.c.id).with_for_update(of=T.c.name)) == "SELECT t.id FROM t FOR UPDATE OF name"


def test_select_list_parameters_are_cast_and_tableless_selects_can_filter(engine):
    stmt = sa.select(sa.literal(5, sa.Integer), sa.literal("x", sa.String(3))).where(sa.literal(1) == 1)
    text = " ".join(str(stmt.compile(dialect=DIALECT)).split())
    assert text == ("SELECT CAST(? AS INTEGER) AS anon_1, CAST(? AS VARCHAR(3)) AS anon_2 "
                    "FROM (SELECT 1 AS one FROM systables WHERE tabid = 1) AS dual_ WHERE ? = ?")
    with engine.connect() as conn:
        assert conn.execute(stmt).all() == [(5, "x")]
        assert conn.scalar(sa.select(sa.literal(7) / sa.literal(2))) == decimal.Decimal("3.5")


def test_create_table_ddl():
    md = sa.MetaData()
    parent = sa.Table("parent", md, sa.Column("id", sa.Integer, primary_key=True))
    table = sa.Table(
        "child", md,
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("name", sa.String(20), nullable=False, server_default="x"),
        sa.Column("note", sa.String(1000)),
        sa.Column("pid", sa.ForeignKey(parent.c.id, ondelete="CASCADE", name="fk_child_parent")),
        sa.Column("amount", MONEY(10, 2)),
        sa.UniqueConstraint("name", name="uq_child_name"),
        sa.CheckConstraint("pid > 0", name="ck_child_pid"),
    )
    assert ddl(sa.schema.CreateTable(table)) == (
        "CREATE TABLE child ( id BIGSERIAL NOT NULL, name VARCHAR(20) DEFAULT 'x' NOT NULL, "
        "note LVARCHAR(1000), pid INTEGER, amount MONEY(10, 2), PRIMARY KEY (id), "
        "UNIQUE (name) CONSTRAINT uq_child_name, CHECK (pid > 0) CONSTRAINT ck_child_pid, "
        "FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE CONSTRAINT fk_child_parent )")
    unique = next(c for c in table.constraints if c.name == "uq_child_name")
    assert ddl(sa.schema.AddConstraint(unique)) == (
        "ALTER TABLE child ADD CONSTRAINT UNIQUE (name) CONSTRAINT uq_child_name")
    temp = sa.Table("scratch", md, sa.Column("x", sa.Integer), prefixes=["TEMPORARY"])
    assert ddl(sa.schema.CreateTable(temp)) == "CREATE TEMP TABLE scratch ( x INTEGER ) WITH NO LOG"
    seq = sa.Sequence("s", start=5, increment=2, nomaxvalue=True, cycle=False)
    assert ddl(sa.schema.CreateSequence(seq)) == "CREATE SEQUENCE s INCREMENT BY 2 START WITH 5 NOMAXVALUE NOCYCLE"


def test_an_optional_sequence_yields_to_serial_and_a_required_one_does_not():
    """Sequence(optional=True) is for backends with no other way to number keys; Informix has
    SERIAL (the dialect's sequences_optional), so such a key is SERIAL and the sequence unused."""
    md = sa.MetaData()
    optional = sa.Table("opt", md, sa.Column("id", sa.Integer, sa.Sequence("opt_seq", optional=True),
                                             primary_key=True))
    required = sa.Table("req", md, sa.Column("id", sa.Integer, sa.Sequence("req_seq"), primary_key=True))
    assert ddl(sa.schema.CreateTable(optional)) == "CREATE TABLE opt ( id SERIAL NOT NULL, PRIMARY KEY (id) )"
    assert ddl(sa.schema.CreateTable(required)) == "CREATE TABLE req ( id INTEGER NOT NULL, PRIMARY KEY (id) )"


def test_on_update_actions_are_refused():
    md = sa.MetaData()
    sa.Table("p", md, sa.Column("id", sa.Integer, primary_key=True))
    c = sa.Table("c", md, sa.Column("pid", sa.ForeignKey("p.id", onupdate="CASCADE")))
    with pytest.raises(exc.CompileError, match="ON UPDATE"):
        ddl(sa.schema.CreateTable(c))


# -- against the server ------------------------------------------------------------------------

def test_serial_key_from_lastrowid_and_executemany(engine, metadata):
    table = sa.Table("dia_items", metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("name", sa.String(20)))
    metadata.create_all(engine)
    with engine.begin() as conn:
        first = conn.execute(table.insert().values(name="a"))
        assert first.inserted_primary_key == (1,)
        second = conn.execute(table.insert().values(name="b"))
        assert second.inserted_primary_key == (2,)
        many = conn.execute(table.insert(), [{"name": f"n{i}"} for i in range(50)])
        assert many.rowcount == 50
        assert conn.scalar(sa.select(sa.func.count()).select_from(table)) == 52
        rows = conn.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id).limit(3).offset(1)).all()
    assert rows == [(2, "b"), (3, "n0"), (4, "n1")]


def test_insert_of_defaults_numbers_the_serial_key(engine, metadata):
    table = sa.Table("dia_defaults", metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("note", sa.String(10), server_default="n/a"))
    keyless = sa.Table("dia_keyless", sa.MetaData(), sa.Column("x", sa.Integer))
    assert str(table.insert().compile(dialect=DIALECT, column_keys=[])) == "INSERT INTO dia_defaults (id) VALUES (0)"
    with pytest.raises(exc.CompileError, match="DEFAULT VALUES"):
        keyless.insert().compile(dialect=DIALECT, column_keys=[])
    metadata.create_all(engine)
    with engine.begin() as conn:
        assert conn.execute(table.insert()).inserted_primary_key == (1,)
        conn.execute(table.insert(), [{}, {}])
        assert conn.execute(sa.select(table).order_by(table.c.id)).all() == [(1, "n/a"), (2, "n/a"), (3, "n/a")]


def test_executemany_uses_the_drivers_executemany(engine, metadata, monkeypatch):
    table = sa.Table("dia_bulk", metadata, sa.Column("x", sa.Integer))
    metadata.create_all(engine)
    calls = []
    real = informix_db.Cursor.executemany

    def spy(self, operation, seq):
        seq = list(seq)
        calls.append((operation, len(seq)))
        return real(self, operation, seq)

    monkeypatch.setattr(informix_db.Cursor, "executemany", spy)
    with engine.begin() as conn:
        conn.execute(table.insert(), [{"x": i} for i in range(100)])
        assert conn.scalar(sa.select(sa.func.sum(table.c.x))) == sum(range(100))
    assert calls == [("INSERT INTO dia_bulk (x) VALUES (:1)", 100)]


def test_sequence_fires(engine):
    """Sequences compile to NEXTVAL; the embedded server has no CREATE SEQUENCE yet."""
    seq = sa.Sequence("dia_seq", start=10)
    try:
        seq.create(engine)
    except exc.ProgrammingError as error:
        pytest.xfail(f"embedded server: no CREATE SEQUENCE ({error.orig})")
    try:
        with engine.connect() as conn:
            assert [conn.scalar(seq.next_value()) for _ in range(2)] == [10, 11]
    finally:
        seq.drop(engine)


def test_isolation_levels(engine):
    with engine.connect() as conn:
        assert conn.get_isolation_level() == "READ COMMITTED"
        for level in ("READ UNCOMMITTED", "REPEATABLE READ", "SERIALIZABLE", "READ COMMITTED"):
            conn = conn.execution_options(isolation_level=level)
            assert conn.get_isolation_level() == level
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        assert conn.connection.dbapi_connection.autocommit is True
        assert conn.get_isolation_level() == "AUTOCOMMIT"
    with engine.connect() as conn:  # the pool gave the connection back reset
        assert conn.connection.dbapi_connection.autocommit is False
        assert conn.get_isolation_level() == "READ COMMITTED"


def test_engine_wide_isolation_level_is_restored_on_checkin(db_url):
    eng = sa.create_engine(db_url, isolation_level="CURSOR STABILITY", pool_size=1)
    try:
        with eng.connect() as conn:
            assert conn.get_isolation_level() == "CURSOR STABILITY"
        with eng.connect() as conn:
            conn.execution_options(isolation_level="READ COMMITTED")
            assert conn.get_isolation_level() == "READ COMMITTED"
        with eng.connect() as conn:
            assert conn.get_isolation_level() == "CURSOR STABILITY"
    finally:
        eng.dispose()


def test_server_version_and_default_schema(engine):
    with engine.connect() as conn:
        assert engine.dialect.server_version_info[0] >= 11
        assert engine.dialect.default_schema_name == conn.connection.dbapi_connection.user


def test_pre_ping_replaces_a_dead_connection(db_url):
    eng = sa.create_engine(db_url, pool_pre_ping=True, pool_size=1)
    try:
        with eng.connect() as conn:
            dead = conn.connection.dbapi_connection
            dead.socket.close()  # the network drops under a pooled connection
        with eng.connect() as conn:
            assert conn.scalar(sa.text("SELECT 1 FROM systables WHERE tabid = 1")) == 1
            assert conn.connection.dbapi_connection is not dead
    finally:
        eng.dispose()


def test_connection_loss_is_a_disconnect(db_url):
    eng = sa.create_engine(db_url, pool_size=1)
    try:
        with eng.connect() as conn:
            conn.connection.dbapi_connection.socket.close()
            with pytest.raises(exc.DBAPIError) as raised:
                conn.execute(sa.text("SELECT 1 FROM systables WHERE tabid = 1"))
            assert raised.value.connection_invalidated
        with eng.connect() as conn:
            assert conn.scalar(sa.text("SELECT 1 FROM systables WHERE tabid = 1")) == 1
    finally:
        eng.dispose()


def test_is_disconnect_classifies_driver_errors():
    closed = informix_db.OperationalError("the server closed the connection")
    lock = informix_db.OperationalError("lock")
    lock.sqlcode = -244
    assert DIALECT.is_disconnect(closed, None, None)
    assert DIALECT.is_disconnect(informix_db.InterfaceError("connection is closed"), None, None)
    assert DIALECT.is_disconnect(informix_db.ProtocolError("bad frame"), None, None)
    assert not DIALECT.is_disconnect(lock, None, None)


def test_decimal_stays_decimal(engine):
    with engine.connect() as conn:
        value = conn.scalar(sa.select(sa.cast(sa.literal(decimal.Decimal("12.345")), sa.Numeric(10, 3))))
    assert value == decimal.Decimal("12.345") and isinstance(value, decimal.Decimal)
