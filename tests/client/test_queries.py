"""Statements against the test server: DDL, parameters, types, errors, transactions, fetching."""

import datetime
import uuid
from decimal import Decimal

import pytest

import informix_db as ifx
from informix_db.types import IntervalYM


@pytest.fixture
def table(conn):
    """A fresh table name, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:10]}"
    yield name
    try:
        conn.rollback()
        conn.cursor().execute(f"DROP TABLE {name}")
        conn.commit()
    except ifx.Error:
        pass


def test_select_constant_description_and_rowcount(conn):
    cur = conn.cursor()
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.description[0][:4] == ("(constant)", 2, 4, 4)
    assert cur.description[0][1] == ifx.NUMBER
    assert cur.fetchall() == [(1,)]
    assert cur.rowcount == 1
    assert cur.fetchone() is None


def test_ddl_and_dml_rowcounts(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER, name VARCHAR(20))")
    assert cur.description is None
    cur.execute(f"INSERT INTO {table} VALUES (1, 'a')")
    assert cur.rowcount == 1
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(2, "b"), (3, "c")])
    assert cur.rowcount == 2
    cur.execute(f"UPDATE {table} SET name = 'z' WHERE id >= 2")
    assert cur.rowcount == 2
    cur.execute(f"DELETE FROM {table} WHERE id = 1")
    assert cur.rowcount == 1
    cur.execute(f"SELECT id, name FROM {table} ORDER BY id")
    assert cur.fetchall() == [(2, "z"), (3, "z")]
    conn.commit()


COLUMNS = [
    ("c_smallint", "SMALLINT", -32767, 1),
    ("c_integer", "INTEGER", -2147483647, 2),
    ("c_bigint", "BIGINT", -(2**63) + 1, 52),
    ("c_int8", "INT8", -(2**63) + 1, 17),
    ("c_float", "FLOAT", -1.5e300, 3),
    ("c_smallfloat", "SMALLFLOAT", -2.5, 4),
    ("c_decimal", "DECIMAL(10,2)", Decimal("-1234.56"), 5),
    ("c_money", "MONEY(10,2)", Decimal("99.99"), 8),
    ("c_char", "CHAR(10)", "abc", 0),
    ("c_varchar", "VARCHAR(50)", "hello, world", 13),
    ("c_lvarchar", "LVARCHAR(500)", "x" * 300, 40),
    ("c_boolean", "BOOLEAN", True, 41),
    ("c_date", "DATE", datetime.date(2026, 8, 31), 7),
    ("c_dt", "DATETIME YEAR TO SECOND", datetime.datetime(2026, 8, 31, 12, 30, 15), 10),
    ("c_dtf", "DATETIME YEAR TO FRACTION(5)", datetime.datetime(2026, 8, 31, 12, 30, 15, 120000), 10),
    ("c_iv", "INTERVAL DAY(5) TO SECOND", -datetime.timedelta(days=3, hours=4, minutes=5, seconds=6), 14),
    ("c_ivym", "INTERVAL YEAR(4) TO MONTH", IntervalYM(63), 14),
]


def test_every_type_round_trips_values_and_nulls(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER, " + ", ".join(f"{n} {t}" for n, t, _, _ in COLUMNS) + ")")
    names = ", ".join(n for n, _, _, _ in COLUMNS)
    marks = ", ".join("?" for _ in COLUMNS)
    values = tuple(v for _, _, v, _ in COLUMNS)
    cur.execute(f"INSERT INTO {table} (id, {names}) VALUES (?, {marks})", (1, *values))
    cur.execute(f"INSERT INTO {table} (id, {names}) VALUES (?, {marks})", (2, *([None] * len(COLUMNS))))
    cur.execute(f"SELECT {names} FROM {table} ORDER BY id")
    assert [d[1] for d in cur.description] == [code for _, _, _, code in COLUMNS]
    assert [d[0] for d in cur.description] == [n for n, _, _, _ in COLUMNS]
    row, nulls = cur.fetchall()
    assert row == values
    assert nulls == (None,) * len(COLUMNS)
    conn.commit()


def test_decimal_description_has_precision_and_scale(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (d DECIMAL(10,2) NOT NULL, v VARCHAR(20))")
    cur.execute(f"SELECT d, v FROM {table}")
    (name, code, _, _, precision, scale, null_ok), vdesc = cur.description
    assert (name, code, precision, scale, null_ok) == ("d", 5, 10, 2, False)
    assert vdesc[6] is True
    assert cur.fetchall() == []


@pytest.mark.parametrize("value", [0, 1, -1, 2**31 - 1, -(2**31) + 1, 2**40, -(2**40), 2**63 - 1])
def test_integer_parameters_select_back(conn, value):
    cur = conn.cursor()
    cur.execute("SELECT ?::BIGINT FROM systables WHERE tabid = 1", (value,))
    assert cur.fetchone() == (value,)


def test_numeric_paramstyle_and_literals_with_colons(conn):
    cur = conn.cursor()
    cur.execute("SELECT 'a:1 -- x', :2::INT, :1::INT FROM systables WHERE tabid = :1", (1, 7))
    assert cur.fetchone() == ("a:1 -- x", 7, 1)


def test_wrong_parameter_count_is_caught_before_sending(conn):
    cur = conn.cursor()
    with pytest.raises(ifx.ProgrammingError):
        cur.execute("SELECT tabid FROM systables WHERE tabid = ?", ())
    with pytest.raises(ifx.ProgrammingError):
        cur.execute("SELECT tabid FROM systables WHERE tabid = ?", (1, 2))
    cur.execute("SELECT tabid FROM systables WHERE tabid = ?", (1,))
    assert cur.fetchall() == [(1,)]


@pytest.mark.parametrize("value, error", [
    (object(), (ifx.NotSupportedError, ifx.ProgrammingError)),
    (2**64, ifx.DataError),
])
def test_bad_parameter_values_are_rejected_before_sending(conn, value, error):
    cur = conn.cursor()
    with pytest.raises(error):
        cur.execute("SELECT tabid FROM systables WHERE tabid = ?", (value,))
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [(1,)]


@pytest.mark.parametrize("sql, cls, code", [
    ("SELEKT 1", ifx.ProgrammingError, -201),
    ("SELECT * FROM no_such_table", ifx.ProgrammingError, -206),
    ("SELECT no_such_col FROM systables", ifx.ProgrammingError, -217),
    ("SELECT 1/0 FROM systables WHERE tabid = 1", ifx.DataError, -1202),
    ("SELECT 'abc'::INT FROM systables WHERE tabid = 1", ifx.DataError, -1213),
])
def test_server_errors_have_codes_and_classes_and_leave_the_connection_usable(conn, sql, cls, code):
    cur = conn.cursor()
    with pytest.raises(cls) as info:
        cur.execute(sql)
        cur.fetchall()
    assert info.value.sqlcode == code
    assert str(info.value).startswith(f"[{code}]")
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [(1,)]


def test_unknown_table_names_the_table(conn):
    with pytest.raises(ifx.ProgrammingError) as info:
        conn.cursor().execute("SELECT * FROM no_such_table")
    assert info.value.near == "no_such_table"


def test_duplicate_key_and_not_null_are_integrity_errors(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
    cur.execute(f"INSERT INTO {table} VALUES (1, 1)")
    with pytest.raises(ifx.IntegrityError):
        cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (1, 2))
    with pytest.raises(ifx.IntegrityError):
        cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (2, None))
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    assert cur.fetchone() == (1,)
    conn.commit()


def test_commit_rollback_and_transaction_state(conn, table):
    cur = conn.cursor()
    assert not conn.in_transaction
    conn.commit()
    conn.rollback()
    cur.execute(f"CREATE TABLE {table} (id INTEGER)")
    assert conn.in_transaction
    conn.commit()
    assert not conn.in_transaction
    cur.execute(f"INSERT INTO {table} VALUES (1)")
    conn.rollback()
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    assert cur.fetchone() == (0,)
    cur.execute(f"INSERT INTO {table} VALUES (2)")
    conn.commit()
    cur.execute(f"SELECT id FROM {table}")
    assert cur.fetchall() == [(2,)]
    conn.commit()


def test_transaction_sql_keeps_state_in_sync(db_params, table):
    with ifx.connect(**db_params, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {table} (id INTEGER)")
        cur.execute("BEGIN WORK")
        assert conn.in_transaction
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        conn.rollback()
        assert not conn.in_transaction
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        assert cur.fetchone() == (0,)
        cur.execute("BEGIN WORK")
        cur.execute("COMMIT WORK")
        assert not conn.in_transaction
        with pytest.raises(ifx.OperationalError) as info:
            cur.execute("COMMIT WORK")
        assert info.value.sqlcode == -255
        cur.execute(f"DROP TABLE {table}")


def test_autocommit_property(db_params, table):
    with ifx.connect(**db_params) as conn:
        assert conn.autocommit is False
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {table} (id INTEGER)")
        conn.autocommit = True
        assert not conn.in_transaction
        cur.execute(f"INSERT INTO {table} VALUES (1)")
        assert not conn.in_transaction
        with ifx.connect(**db_params) as other:
            ocur = other.cursor()
            ocur.execute(f"SELECT COUNT(*) FROM {table}")
            assert ocur.fetchone() == (1,)
        cur.execute(f"DROP TABLE {table}")


def test_isolation_between_two_connections(db_params, table):
    with ifx.connect(**db_params) as writer, ifx.connect(**db_params, autocommit=True) as reader:
        wcur, rcur = writer.cursor(), reader.cursor()
        wcur.execute(f"CREATE TABLE {table} (id INTEGER)")
        writer.commit()
        wcur.execute(f"INSERT INTO {table} VALUES (1)")
        writer.rollback()
        rcur.execute(f"SELECT COUNT(*) FROM {table}")
        assert rcur.fetchone() == (0,)
        wcur.execute(f"INSERT INTO {table} VALUES (2)")
        writer.commit()
        rcur.execute(f"SELECT id FROM {table}")
        assert rcur.fetchall() == [(2,)]
        wcur.execute(f"DROP TABLE {table}")
        writer.commit()


def test_executemany_with_a_failing_middle_row(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    rows = [(i,) for i in range(10)] + [(5,)] + [(i,) for i in range(10, 20)]
    with pytest.raises(ifx.IntegrityError) as info:
        cur.executemany(f"INSERT INTO {table} VALUES (?)", rows)
    assert "row index 10 (the 11th of 21)" in str(info.value)
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    assert cur.fetchone() == (20,)
    conn.commit()


def test_executemany_many_rows_pipelined(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER, s VARCHAR(30))")
    cur.executemany(f"INSERT INTO {table} VALUES (:1, :2)", [(i, f"row {i}") for i in range(3000)])
    assert cur.rowcount == 3000
    cur.execute(f"SELECT COUNT(*), SUM(id) FROM {table}")
    assert cur.fetchone() == (3000, sum(range(3000)))
    conn.commit()


def test_executemany_refuses_select(conn):
    with pytest.raises(ifx.NotSupportedError):
        conn.cursor().executemany("SELECT tabid FROM systables WHERE tabid = ?", [(1,)])


def test_lastrowid_for_serial_and_bigserial(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id SERIAL, v INTEGER)")
    cur.execute(f"INSERT INTO {table} (v) VALUES (10)")
    first = cur.lastrowid
    cur.execute(f"INSERT INTO {table} (v) VALUES (11)")
    assert first is not None and cur.lastrowid == first + 1
    cur.execute(f"UPDATE {table} SET v = 0")
    assert cur.lastrowid is None
    cur.execute(f"CREATE TABLE {table}_b (id BIGSERIAL, v INTEGER)")
    cur.execute(f"INSERT INTO {table}_b (v) VALUES (1)")
    assert cur.lastrowid == 1
    cur.execute(f"DROP TABLE {table}_b")
    conn.commit()


@pytest.fixture
def big_table(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER, pad VARCHAR(100))")
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(i, "p" * 50) for i in range(5000)])
    conn.commit()
    return table


def test_large_result_spans_many_batches(conn, big_table):
    cur = conn.cursor()
    cur.fetch_buffer_size = 4096
    cur.execute(f"SELECT id, pad FROM {big_table} ORDER BY id")
    first = cur.fetchone()
    assert first == (0, "p" * 50)
    assert 0 < cur.rowcount < 5000
    rows = [first, *cur]
    assert [r[0] for r in rows] == list(range(5000))
    assert cur.rowcount == 5000


def test_fetchmany_and_arraysize(conn, big_table):
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM {big_table} ORDER BY id")
    assert cur.fetchmany() == [(0,)]
    cur.arraysize = 3
    assert cur.fetchmany() == [(1,), (2,), (3,)]
    batch = cur.fetchmany(2000)
    assert [r[0] for r in batch] == list(range(4, 2004))
    rest = cur.fetchall()
    assert len(rest) == 5000 - 2004
    assert cur.fetchmany(5) == []


def test_a_second_statement_keeps_an_unfinished_result_readable(conn, big_table):
    first, second = conn.cursor(), conn.cursor()
    first.fetch_buffer_size = 4096
    first.execute(f"SELECT id FROM {big_table} ORDER BY id")
    assert first.fetchone() == (0,)
    second.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert second.fetchall() == [(1,)]
    assert len(first.fetchall()) == 4999


def test_abandoned_cursor_does_not_disturb_the_connection(conn, big_table):
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM {big_table}")
    cur.fetchone()
    cur.close()
    with pytest.raises(ifx.InterfaceError):
        cur.fetchone()
    cur = conn.cursor()
    cur.execute(f"SELECT COUNT(*) FROM {big_table}")
    assert cur.fetchone() == (5000,)


def test_fetch_without_result_returns_nothing_as_the_peer_does(conn):
    cur = conn.cursor()
    assert cur.fetchone() is None
    assert cur.fetchmany(3) == [] and cur.fetchall() == []
    cur.execute("CREATE TEMP TABLE t_no_rows (k INT)")
    assert cur.fetchone() is None and cur.fetchall() == []
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    cur.setinputsizes([None])
    cur.setoutputsize(10)
    with cur:
        assert list(cur) == [(1,)]
    assert cur.closed


def test_row_factory_receives_column_names(db_params):
    def factory(names):
        return lambda values: dict(zip(names, values))

    with ifx.connect(**db_params, row_factory=factory) as conn:
        cur = conn.cursor()
        cur.execute("SELECT tabid, tabname FROM systables WHERE tabid = 1")
        assert cur.fetchone() == {"tabid": 1, "tabname": "systables"}


def test_utf8_locale_round_trips_non_ascii_text(db_params):
    with ifx.connect(**db_params, client_locale="en_US.utf8") as conn:
        cur = conn.cursor()
        # Text the (Latin-1) database codeset can hold: the server refuses the rest (-202).
        cur.execute("SELECT ?::LVARCHAR FROM systables WHERE tabid = 1", ("héllo ñ",))
        assert cur.fetchone() == ("héllo ñ",)
