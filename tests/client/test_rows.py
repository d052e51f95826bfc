"""informix_db.Row: tuple rows also readable by column name and attribute."""

from __future__ import annotations

import pickle

import pytest

import informix_db as ifx
from informix_db.rows import Row, make_row_class


def test_row_is_a_tuple_with_names():
    row = make_row_class(("tabid", "tabname"))((1, "systables"))
    assert row == (1, "systables") and (1, "systables") == row
    assert row[1] == row["tabname"] == row.tabname == "systables"
    assert type(row[0:1]) is tuple
    assert row.keys() == ("tabid", "tabname") and row._asdict() == {"tabid": 1, "tabname": "systables"}
    assert repr(row) == "Row(tabid=1, tabname='systables')"
    assert pickle.loads(pickle.dumps(row)).tabname == "systables"


def test_missing_names_list_the_columns():
    row = make_row_class(("a",))((1,))
    with pytest.raises(KeyError, match="'a'"):
        row["b"]
    with pytest.raises(AttributeError, match="'a'"):
        row.b


def test_columns_win_over_methods_and_duplicates_resolve_to_the_first():
    row = make_row_class(("count", "keys", "_fields", "count"))((1, 2, 3, 4))
    assert (row.count, row.keys, row._fields, row["count"]) == (1, 2, 3, 1)
    assert Row.keys(row) == ("count", "keys", "_fields", "count")
    assert tuple.count(row, 1) == 1


def test_row_classes_are_cached_per_shape():
    assert make_row_class(("a", "b")) is make_row_class(("a", "b"))


def test_default_rows_stay_plain_tuples(conn):
    cur = conn.cursor()
    cur.execute("SELECT tabid, tabname FROM systables WHERE tabid = 1")
    assert type(cur.fetchone()) is tuple


def test_row_factory_on_connect_reaches_every_fetch(db_params):
    sql = "SELECT FIRST 3 tabid, tabname FROM systables ORDER BY tabid"
    with ifx.connect(**db_params, row_factory=ifx.Row) as conn:
        cur = conn.cursor()
        cur.execute(sql)
        assert cur.fetchone().tabname == "systables"
        assert [r.tabid for r in cur.fetchmany(1)] == [2]
        assert [r["tabid"] for r in cur.fetchall()] == [3]
        cur.execute(sql)
        assert [r.tabid for r in cur] == [1, 2, 3]
        assert cur.fetch_first().tabid == 1


def test_row_factory_per_cursor(conn):
    cur = conn.cursor()
    cur.row_factory = ifx.Row
    cur.execute("SELECT tabid AS Config_Key FROM systables WHERE tabid = 1")
    assert cur.fetchone().config_key == 1
