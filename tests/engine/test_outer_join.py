"""Informix-extension outer joins: ``FROM a, OUTER b`` and nested ``OUTER (b, OUTER c)``.

Informix Guide to SQL: Syntax, "Informix-Extension Outer Joins", and Tutorial, "Outer joins",
"Outer join for a simple join to a third table", "Outer join of two tables to a third table":
the tables after OUTER are subordinate to the other tables of the list; the join conditions are
in the WHERE clause; a dominant row with no matching subordinate row is returned with NULLs in
the subordinate columns; a condition on a subordinate table filters it before the join (the
dominant rows stay); ``OUTER (b, OUTER c)`` outer-joins b to the dominant table and c to b;
``a, OUTER b, OUTER c`` joins each subordinate table to the dominant one only. Errors (Informix
error messages): -393 "A condition in the where clause results in a two-sided outer join."
(relating two subordinate tables that are not nested), -395 "The where clause contains an outer
Cartesian Product.", -396 "Illegal join between a nested outer table and a preserved table.".
"""

from __future__ import annotations

import pytest


@pytest.fixture
def stores(db):
    return db.script(
        "CREATE TABLE customer (customer_num INT, lname VARCHAR(20))",
        "CREATE TABLE orders (order_num INT, customer_num INT, amount INT)",
        "CREATE TABLE items (item_num INT, order_num INT)",
        "CREATE TABLE calls (customer_num INT, note VARCHAR(10))",
        "INSERT INTO customer VALUES (1, 'a')", "INSERT INTO customer VALUES (2, 'b')",
        "INSERT INTO customer VALUES (3, 'c')",
        "INSERT INTO orders VALUES (10, 1, 5)", "INSERT INTO orders VALUES (11, 1, 50)",
        "INSERT INTO orders VALUES (12, 2, 7)",
        "INSERT INTO items VALUES (100, 10)", "INSERT INTO calls VALUES (2, 'x')",
    )


def test_dominant_rows_without_a_match_get_nulls(stores):
    rows = stores.query("SELECT c.customer_num, o.order_num FROM customer c, OUTER orders o"
                        " WHERE c.customer_num = o.customer_num ORDER BY 1, 2")
    assert rows == [(1, 10), (1, 11), (2, 12), (3, None)]
    assert stores.query("SELECT * FROM customer c, OUTER orders o WHERE c.customer_num = o.customer_num"
                        " AND c.customer_num = 3") == [(3, "c", None, None, None)]


def test_a_condition_on_the_subordinate_table_filters_it_before_the_join(stores):
    rows = stores.query("SELECT c.customer_num, o.order_num FROM customer c, OUTER orders o"
                        " WHERE c.customer_num = o.customer_num AND o.amount > 10 ORDER BY 1, 2")
    assert rows == [(1, 11), (2, None), (3, None)]  # customer 2 stays, with no order


def test_a_condition_on_the_dominant_table_filters_the_result(stores):
    rows = stores.query("SELECT lname, order_num FROM customer, OUTER orders"
                        " WHERE customer.customer_num = orders.customer_num AND lname <> 'b' ORDER BY 1, 2")
    assert rows == [("a", 10), ("a", 11), ("c", None)]


def test_nested_outer_join_to_a_third_table(stores):
    rows = stores.query("SELECT c.customer_num, o.order_num, i.item_num FROM customer c, OUTER (orders o, OUTER items i)"
                        " WHERE c.customer_num = o.customer_num AND o.order_num = i.order_num ORDER BY 1, 2")
    assert rows == [(1, 10, 100), (1, 11, None), (2, 12, None), (3, None, None)]


def test_two_tables_outer_joined_to_a_third(stores):
    rows = stores.query("SELECT c.customer_num, o.order_num, x.note FROM customer c, OUTER orders o, OUTER calls x"
                        " WHERE c.customer_num = o.customer_num AND c.customer_num = x.customer_num ORDER BY 1, 2")
    assert rows == [(1, 10, None), (1, 11, None), (2, 12, "x"), (3, None, None)]


def test_outer_join_in_a_subquery_and_with_placeholders(stores):
    rows = stores.query("SELECT c.customer_num, o.order_num FROM customer c, OUTER orders o"
                        " WHERE c.customer_num = o.customer_num AND o.amount > ? ORDER BY 1, 2", 6)
    assert rows == [(1, 11), (2, 12), (3, None)]
    # o.order_num IS NULL names the subordinate table: a join filter too, so no row is removed
    rows = stores.query("SELECT customer_num FROM customer WHERE customer_num IN (SELECT c.customer_num"
                        " FROM customer c, OUTER orders o WHERE c.customer_num = o.customer_num"
                        " AND o.order_num IS NULL) ORDER BY 1")
    assert rows == [(1,), (2,), (3,)]


def test_result_columns_are_described(stores):
    described = stores.describe("SELECT c.lname, o.amount FROM customer c, OUTER orders o"
                                " WHERE c.customer_num = o.customer_num")
    assert [(name, length) for name, _, length, *_ in described] == [("lname", 20), ("amount", 4)]
    described = stores.describe("SELECT * FROM customer c, OUTER (orders o, OUTER calls x)"
                                " WHERE c.customer_num = o.customer_num AND o.customer_num = x.customer_num")
    assert [(name, length) for name, _, length, *_ in described] == [
        ("customer_num", 4), ("lname", 20), ("order_num", 4), ("customer_num", 4), ("amount", 4),
        ("customer_num", 4), ("note", 10)]


@pytest.mark.parametrize("sql, code", [
    ("SELECT c.customer_num FROM customer c, OUTER orders o WHERE o.amount > 1", -395),
    ("SELECT c.customer_num FROM customer c, OUTER orders o", -395),
    ("SELECT c.customer_num FROM customer c, OUTER orders o, OUTER calls x"
     " WHERE c.customer_num = o.customer_num AND o.customer_num = x.customer_num", -393),
    ("SELECT c.customer_num FROM customer c, OUTER (orders o, OUTER items i)"
     " WHERE c.customer_num = o.customer_num AND c.customer_num = i.order_num", -396),
])
def test_invalid_outer_joins_fail_as_informix_reports_them(stores, sql, code):
    assert stores.error(sql).sqlcode == code
