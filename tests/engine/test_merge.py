"""MERGE: update or delete the target rows the source matches, insert the ones it does not.

Informix Guide to SQL: Syntax, "MERGE statement": ``MERGE INTO target [[AS] alias] USING
source [[AS] alias] ON condition`` with an Update clause (``WHEN MATCHED THEN UPDATE SET``) or a
Delete clause (``WHEN MATCHED THEN DELETE``) and an Insert clause (``WHEN NOT MATCHED THEN INSERT
[(columns)] VALUES (...)``), each used no more than once, in either order; the source may be a
table, a view or a query; the SET clause may use ``(a, b) = (x, y)``. The statement is one
statement: constraints apply to the rows it writes, and if one fails nothing is merged.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def sales(db):
    return db.script(
        "CREATE TABLE sale (cust_id INT PRIMARY KEY, salecount INT, CHECK (salecount < 100))",
        "INSERT INTO sale VALUES (1, 10)", "INSERT INTO sale VALUES (3, 30)",
        "CREATE TABLE new_sale (cust_id INT, salecount INT)",
        "INSERT INTO new_sale VALUES (1, 5)", "INSERT INTO new_sale VALUES (2, 7)",
    )


def _rows(db):
    return db.query("SELECT cust_id, salecount FROM sale ORDER BY cust_id")


def test_update_matched_and_insert_the_others(sales):
    """The guide's own example: the row count is the rows merged."""
    count = sales.run("MERGE INTO sale USING new_sale AS n ON sale.cust_id = n.cust_id"
                      " WHEN MATCHED THEN UPDATE SET sale.salecount = sale.salecount + n.salecount"
                      " WHEN NOT MATCHED THEN INSERT (cust_id, salecount) VALUES (n.cust_id, n.salecount)")
    assert count == (2, 0)
    assert _rows(sales) == [(1, 15), (2, 7), (3, 30)]


def test_delete_matched_rows(sales):
    assert sales.run("MERGE INTO sale s USING new_sale n ON s.cust_id = n.cust_id WHEN MATCHED THEN DELETE") == (1, 0)
    assert _rows(sales) == [(3, 30)]


def test_delete_and_insert_decide_the_matches_before_changing_rows(sales):
    """A deleted row is not inserted again, an inserted one is not deleted."""
    sales.run("MERGE INTO sale s USING new_sale n ON s.cust_id = n.cust_id"
              " WHEN NOT MATCHED THEN INSERT VALUES (n.cust_id, n.salecount) WHEN MATCHED THEN DELETE")
    assert _rows(sales) == [(2, 7), (3, 30)]


def test_query_source_placeholders_and_multi_column_set(sales):
    merge = ("MERGE INTO sale AS t USING (SELECT ?::INT AS id, ?::INT AS n FROM systables WHERE tabid = 1) AS src"
             " ON t.cust_id = src.id WHEN MATCHED THEN UPDATE SET (salecount) = (src.n)"
             " WHEN NOT MATCHED THEN INSERT (cust_id, salecount) VALUES (src.id, src.n + ?)")
    assert sales.run(merge, 3, 33, 1) == (1, 0)
    assert sales.run(merge, 4, 40, 1) == (1, 0)
    assert _rows(sales) == [(1, 10), (3, 33), (4, 41)]


def test_a_failing_part_undoes_the_whole_merge(sales):
    merge = ("MERGE INTO sale USING new_sale n ON sale.cust_id = n.cust_id"
             " WHEN MATCHED THEN UPDATE SET salecount = 1 WHEN NOT MATCHED THEN INSERT VALUES (n.cust_id, 500)")
    assert sales.error(merge).sqlcode == -530  # the insert breaks the CHECK after the update ran
    assert _rows(sales) == [(1, 10), (3, 30)]
    sales.run("BEGIN WORK")
    sales.run("INSERT INTO sale VALUES (8, 80)")
    assert sales.error(merge).sqlcode == -530
    assert _rows(sales) == [(1, 10), (3, 30), (8, 80)]  # the transaction's earlier work stays
    sales.run("ROLLBACK WORK")
    assert _rows(sales) == [(1, 10), (3, 30)]


def test_a_target_row_matching_several_source_rows_is_an_error(sales):
    sales.run("INSERT INTO new_sale VALUES (1, 6)")
    merge = "MERGE INTO sale USING new_sale n ON sale.cust_id = n.cust_id WHEN MATCHED THEN UPDATE SET salecount = n.salecount"
    assert sales.error(merge).sqlcode == -284
    assert _rows(sales) == [(1, 10), (3, 30)]


@pytest.mark.parametrize("sql, code", [
    ("MERGE INTO sale USING new_sale n ON sale.cust_id = n.cust_id WHEN MATCHED THEN DELETE"
     " WHEN MATCHED THEN UPDATE SET salecount = 0", -201),  # one Update or Delete clause
    ("MERGE INTO sale USING new_sale n ON sale.cust_id = n.cust_id", -201),  # no clause
    ("MERGE INTO sale USING nosuch n ON sale.cust_id = n.cust_id WHEN MATCHED THEN DELETE", -206),
    ("MERGE INTO sale USING new_sale n ON sale.cust_id = n.cust_id WHEN MATCHED THEN UPDATE SET cust_id = 9",
     -999),  # a SET of a column the ON condition reads: refused, not guessed
])
def test_invalid_merges(sales, sql, code):
    assert sales.error(sql).sqlcode == code


def test_merge_fires_the_target_tables_triggers(db):
    """MERGE's Update and Insert clauses are UPDATE and INSERT on the target: its triggers fire."""
    db.script(
        "CREATE TABLE sale (cust_id INT PRIMARY KEY, salecount INT)",
        "INSERT INTO sale VALUES (1, 10)",
        "CREATE TABLE new_sale (cust_id INT, salecount INT)",
        "INSERT INTO new_sale VALUES (1, 5)", "INSERT INTO new_sale VALUES (2, 7)",
        "CREATE TABLE log (op CHAR(1), id INT)",
        "CREATE TRIGGER ti INSERT ON sale REFERENCING NEW AS n FOR EACH ROW (INSERT INTO log VALUES ('I', n.cust_id))",
        "CREATE TRIGGER tu UPDATE ON sale REFERENCING NEW AS n FOR EACH ROW (INSERT INTO log VALUES ('U', n.cust_id))",
    )
    db.run("MERGE INTO sale USING new_sale AS n ON sale.cust_id = n.cust_id"
           " WHEN MATCHED THEN UPDATE SET sale.salecount = sale.salecount + n.salecount"
           " WHEN NOT MATCHED THEN INSERT (cust_id, salecount) VALUES (n.cust_id, n.salecount)")
    assert sorted(db.query("SELECT op, id FROM log")) == [("I", 2), ("U", 1)]
