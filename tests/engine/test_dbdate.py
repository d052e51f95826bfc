"""DBDATE governs how date strings are read and written.

Informix Guide to SQL: Reference, "DBDATE environment variable": the order of month (M),
day (D) and year (Y4 or Y2) and the separator (``/``, ``-``, ``.`` or ``0`` for none) used
to read character strings as DATE values and to display DATE values as text. A string not
in that form is not a date (-1218). The client sends DBDATE in its login environment.
"""

from __future__ import annotations

import datetime as dt

import pytest

import informix_db
from informix_db.testing.engine import dbdate


@pytest.fixture
def dated(db):
    db.run("CREATE TABLE dated (d DATE)")
    yield db
    db.session.dbdate = None


@pytest.mark.parametrize(
    "spec, text",
    [("DMY4/", "31/01/2024"), ("MDY4/", "01/31/2024"), ("Y4MD-", "2024-01-31"), ("DMY4.", "31.01.2024"),
     ("Y2MD/", "24/01/31"), ("DMY40", "31012024")],
)
def test_strings_are_read_in_the_dbdate_form(dated, spec, text):
    dated.session.dbdate = spec
    dated.run("INSERT INTO dated VALUES (?)", text)
    dated.run(f"INSERT INTO dated VALUES ('{text}')")
    assert dated.query("SELECT d FROM dated") == [(dt.date(2024, 1, 31),)] * 2
    assert dated.query(f"SELECT COUNT(*) FROM dated WHERE d = '{text}'") == [(2,)]
    assert dated.query(f"SELECT COUNT(*) FROM dated WHERE d = DATE('{text}')") == [(2,)]


def test_other_forms_are_not_dates(dated):
    dated.session.dbdate = "DMY4/"
    assert dated.error("INSERT INTO dated VALUES (?)", "2024-01-31").sqlcode == -1218
    assert dated.error("INSERT INTO dated VALUES (?)", "01/31/2024").sqlcode == -1218  # month 31


def test_dates_print_in_the_dbdate_form(dated):
    dated.session.dbdate = "DMY4."
    dated.run("INSERT INTO dated VALUES (?)", dt.date(2024, 1, 31))
    assert dated.query("SELECT d::CHAR(10) FROM dated") == [("31.01.2024",)]


def test_without_dbdate_iso_and_us_forms_are_read(dated):
    dated.run("INSERT INTO dated VALUES ('2024-01-31')")
    dated.run("INSERT INTO dated VALUES ('01/31/2024')")
    assert dated.query("SELECT COUNT(*) FROM dated WHERE d = '2024-01-31'") == [(2,)]


def test_an_unknown_dbdate_leaves_the_default():
    assert dbdate.parse_spec("XYZ") is None
    assert dbdate.parse_spec("MDY4/").order == ("M", "D", "Y")


def test_dbdate_from_the_login_environment(ifx_server):
    kwargs = {**ifx_server.connect_kwargs(), "database": "sysmaster", "autocommit": True, "env": {"DBDATE": "DMY4/"}}
    with informix_db.connect(**kwargs) as conn:
        cur = conn.cursor()
        cur.execute("CREATE DATABASE dbdate_login")
        cur.execute("CREATE TABLE t (d DATE)")
        cur.execute("INSERT INTO t VALUES ('31/01/2024')")
        cur.execute("SELECT d, d::CHAR(10) FROM t")
        assert cur.fetchall() == [(dt.date(2024, 1, 31), "31/01/2024")]
        cur.execute("DATABASE sysmaster")
        cur.execute("DROP DATABASE dbdate_login")
