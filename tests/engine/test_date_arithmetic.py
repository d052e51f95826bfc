"""Month arithmetic and ADD_MONTHS as Informix computes them.

Informix Guide to SQL: Reference, "Manipulating DATE with DATETIME and INTERVAL values":
adding months to a date keeps its day of the month, and a result day the month does not
have (January 31 + 1 month) is an error (-1263, a field of a datetime value out of range),
not the month's last day. Informix Guide to SQL: Syntax, "ADD_MONTHS function": a DATE
argument gives a DATE, a DATETIME gives a DATETIME, and a day beyond the resulting month's
end becomes its last day.
"""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def days(db):
    return db.script(
        "CREATE TABLE days (d DATE, t DATETIME YEAR TO SECOND, step INTERVAL YEAR TO MONTH)",
        "INSERT INTO days VALUES ('2024-01-31', '2024-01-31 10:00:00', '0-1')",
    )


@pytest.mark.parametrize(
    "expression",
    ["d + 1 UNITS MONTH", "d + INTERVAL(1) MONTH TO MONTH", "d + step", "t + 1 UNITS MONTH", "d - 2 UNITS MONTH",
     "d + 1 UNITS YEAR + 1 UNITS MONTH"],
)
def test_month_step_onto_a_missing_day_is_an_error(days, expression):
    assert days.error(f"SELECT {expression} FROM days").sqlcode == -1263


def test_month_step_onto_an_existing_day(days):
    days.run("UPDATE days SET d = '2024-01-15', t = '2024-01-15 10:00:00'")
    assert days.query("SELECT d + 1 UNITS MONTH, t - 1 UNITS MONTH FROM days") == [
        (dt.datetime(2024, 2, 15), dt.datetime(2023, 12, 15, 10, 0)),
    ]


def test_month_step_in_insert_values(days):
    assert days.error("INSERT INTO days (d) VALUES (DATE('2024-03-31') - 1 UNITS MONTH)").sqlcode == -1263


def test_add_months_keeps_the_type_and_clamps(days):
    assert days.describe("SELECT ADD_MONTHS(d, 1), ADD_MONTHS(t, 1) FROM days")[0][1] == 7  # DATE
    assert days.query("SELECT ADD_MONTHS(d, 1), ADD_MONTHS(t, 1) FROM days") == [
        (dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 10, 0)),
    ]
