"""Drives the published peer driver (``informix-driver``) against a server; prints JSON.

Run by the peer's own interpreter (its ``informix_db`` is the peer package, not ours):

    python peer_script.py HOST PORT

Every check is recorded as ``{"ok": bool, ...details}`` under its name so that the
pytest side can assert on each one and show what differed.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import traceback
from decimal import Decimal

import informix_db
from informix_db import IntervalYM

HOST, PORT = sys.argv[1], int(sys.argv[2])
CREDENTIALS = {"user": "informix", "password": "in4mix", "server": "informix"}
results: dict[str, dict] = {}


def connect(**kwargs):
    return informix_db.connect(HOST, PORT, **CREDENTIALS, **kwargs)


def check(name):
    """Record the decorated function's returned details; an exception is a failed check."""

    def run(fn):
        try:
            details = fn()
            results[name] = {"ok": bool(details.pop("ok", True)), **details}
        except Exception as exc:
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}",
                             "traceback": traceback.format_exc()}
        return fn

    return run


def jsonable(value):
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


@check("setup")
def _setup():
    conn = connect(autocommit=True)
    cur = conn.cursor()
    try:
        cur.execute("CREATE DATABASE testdb WITH LOG")
    except informix_db.DatabaseError as exc:
        if getattr(exc, "sqlcode", None) != -330:
            raise
    conn.close()
    return {}


@check("login_metadata")
def _login_metadata():
    conn = connect(database="testdb")
    version = conn.server_version_internal
    caps = conn.server_capabilities
    conn.close()
    return {"ok": "Informix" in version and caps is not None and caps.cap_1 == 316,
            "version": version, "cap_1": getattr(caps, "cap_1", None)}


@check("bad_password")
def _bad_password():
    try:
        informix_db.connect(HOST, PORT, user="informix", password="wrong", server="informix")
    except informix_db.OperationalError as exc:
        return {"ok": "-951" in str(exc), "message": str(exc)}
    return {"ok": False, "message": "connected"}


@check("unknown_user")
def _unknown_user():
    try:
        informix_db.connect(HOST, PORT, user="nobody", password="in4mix", server="informix")
    except informix_db.OperationalError as exc:
        return {"ok": "-951" in str(exc), "message": str(exc)}
    return {"ok": False, "message": "connected"}


@check("wrong_server_name")
def _wrong_server_name():
    try:
        informix_db.connect(HOST, PORT, user="informix", password="in4mix", server="other")
    except informix_db.OperationalError as exc:
        return {"ok": "-761" in str(exc), "message": str(exc)}
    return {"ok": False, "message": "connected"}


@check("unknown_database")
def _unknown_database():
    try:
        connect(database="no_such_db")
    except informix_db.DatabaseError as exc:
        return {"ok": exc.sqlcode == -329, "sqlcode": exc.sqlcode}
    return {"ok": False, "sqlcode": None}


@check("select_constant")
def _select_constant():
    conn = connect(database="testdb")
    cur = conn.cursor()
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    rows = cur.fetchall()
    desc = [d[:2] for d in cur.description]
    rowcount = cur.rowcount
    conn.close()
    return {"ok": rows == [(1,)] and desc == [("(constant)", 2)] and rowcount == 1,
            "rows": jsonable(rows), "description": jsonable(desc), "rowcount": rowcount}


ALLTYPES_DDL = """CREATE TABLE alltypes (
    id SERIAL NOT NULL PRIMARY KEY,
    c_smallint SMALLINT, c_integer INTEGER, c_bigint BIGINT, c_int8 INT8,
    c_smallfloat SMALLFLOAT, c_float FLOAT,
    c_dec DECIMAL(10,2), c_decp DECIMAL(16), c_money MONEY(10,2),
    c_char CHAR(10), c_nchar NCHAR(10), c_varchar VARCHAR(50), c_nvarchar NVARCHAR(50),
    c_lvarchar LVARCHAR(500), c_bool BOOLEAN, c_date DATE,
    c_dt_ys DATETIME YEAR TO SECOND, c_dt_yf3 DATETIME YEAR TO FRACTION(3),
    c_dt_yf5 DATETIME YEAR TO FRACTION(5), c_dt_yd DATETIME YEAR TO DAY,
    c_dt_hs DATETIME HOUR TO SECOND,
    c_iv_ds INTERVAL DAY(5) TO SECOND, c_iv_df INTERVAL DAY(9) TO FRACTION(5),
    c_iv_ym INTERVAL YEAR(4) TO MONTH
)"""
COLUMNS = [
    "c_smallint", "c_integer", "c_bigint", "c_int8", "c_smallfloat", "c_float", "c_dec",
    "c_decp", "c_money", "c_char", "c_nchar", "c_varchar", "c_nvarchar", "c_lvarchar",
    "c_bool", "c_date", "c_dt_ys", "c_dt_yf3", "c_dt_yf5", "c_dt_yd", "c_dt_hs",
    "c_iv_ds", "c_iv_df", "c_iv_ym",
]
# Base type codes cursor.description must report, SERIAL id first (§6.2; BOOLEAN and
# LVARCHAR are UDTs: 41 and 40).
EXPECTED_TYPE_CODES = [6, 1, 2, 52, 17, 4, 3, 5, 5, 8, 0, 15, 13, 16, 40, 41, 7,
                       10, 10, 10, 10, 10, 14, 14, 14]
ROWS = [
    (1, 123456, 9000000000, 123456789012, 1.5, 3.141592653589793, Decimal("1234.56"),
     Decimal("1234567890123456"), Decimal("99.95"), "abc", "nch", "hello", "nvc",
     "long text " * 20, True, dt.date(2026, 8, 31), dt.datetime(2026, 8, 31, 12, 30, 15),
     dt.datetime(2026, 8, 31, 12, 30, 15, 123000), dt.datetime(2026, 8, 31, 12, 30, 15, 120000),
     dt.date(2026, 8, 31), "12:34:56",
     dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
     dt.timedelta(days=12345, seconds=1, microseconds=500000), IntervalYM(63)),
    (-32767, -2147483647, -9223372036854775807, -123456789012, -2.25, -1e100,
     Decimal("-1234.56"), Decimal("-42"), Decimal("-0.5"), "", "x", "", "", "", False,
     dt.date(1899, 12, 31), dt.datetime(1900, 1, 1, 0, 0, 0),
     dt.datetime(9999, 12, 31, 23, 59, 59, 999000), dt.datetime(2000, 2, 29, 0, 0, 0, 10),
     dt.date(2000, 2, 29), "00:00:00",
     -dt.timedelta(days=3, hours=4, minutes=5, seconds=6), -dt.timedelta(microseconds=10),
     IntervalYM(-25)),
    tuple([None] * len(COLUMNS)),
]
# What comes back differs from what was bound only where the server converts: the
# strings bound into DATETIME HOUR TO SECOND come back as times.
HOUR_TO_SECOND = COLUMNS.index("c_dt_hs")
EXPECTED_BACK = [
    ROWS[0][:HOUR_TO_SECOND] + (dt.time(12, 34, 56),) + ROWS[0][HOUR_TO_SECOND + 1:],
    ROWS[1][:HOUR_TO_SECOND] + (dt.time(0, 0, 0),) + ROWS[1][HOUR_TO_SECOND + 1:],
    ROWS[2],
]


@check("types_roundtrip")
def _types_roundtrip():
    conn = connect(database="testdb")
    cur = conn.cursor()
    cur.execute(ALLTYPES_DDL)
    placeholders = ", ".join("?" for _ in COLUMNS)
    insert = f"INSERT INTO alltypes (id, {', '.join(COLUMNS)}) VALUES (0, {placeholders})"
    rowcounts = []
    for row in ROWS:
        cur.execute(insert, row)
        rowcounts.append(cur.rowcount)
    conn.commit()
    cur.execute(f"SELECT id, {', '.join(COLUMNS)} FROM alltypes ORDER BY id")
    got = cur.fetchall()
    codes = [d[1] for d in cur.description]
    names = [d[0] for d in cur.description]
    conn.close()
    mismatches = []
    for i, (want, have) in enumerate(zip(EXPECTED_BACK, got)):
        if have[0] != i + 1:
            mismatches.append({"row": i, "column": "id", "want": i + 1, "got": jsonable(have[0])})
        for col, w, h in zip(COLUMNS, want, have[1:]):
            if w != h or type(w) is not type(h):
                mismatches.append({"row": i, "column": col, "want": jsonable(w), "got": jsonable(h)})
    return {
        "ok": not mismatches and len(got) == len(ROWS) and codes == EXPECTED_TYPE_CODES
        and rowcounts == [1, 1, 1] and names == ["id", *COLUMNS],
        "mismatches": mismatches, "rows": len(got), "type_codes": codes,
        "names": names, "rowcounts": rowcounts,
    }


@check("literal_datetime_interval")
def _literal_datetime_interval():
    conn = connect(database="testdb")
    cur = conn.cursor()
    cur.execute(
        "SELECT DATETIME(2026-08-31 12:30:15) YEAR TO SECOND, INTERVAL(3 04:05:06) DAY TO SECOND,"
        " 'x'::CHAR(1), 12.5::DECIMAL(5,2) FROM systables WHERE tabid = 1"
    )
    rows = cur.fetchall()
    codes = [d[1] for d in cur.description]
    conn.close()
    want = [(dt.datetime(2026, 8, 31, 12, 30, 15), dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
             "x", Decimal("12.50"))]
    return {"ok": rows == want and codes == [10, 14, 0, 5], "rows": jsonable(rows), "type_codes": codes}


@check("serial8_bigserial")
def _serial8_bigserial():
    conn = connect(database="testdb", autocommit=True)
    cur = conn.cursor()
    cur.execute("CREATE TABLE s8 (id SERIAL8 NOT NULL, v INTEGER)")
    cur.execute("CREATE TABLE bs (id BIGSERIAL NOT NULL, v INTEGER)")
    for table in ("s8", "bs"):
        cur.execute(f"INSERT INTO {table} (id, v) VALUES (0, ?)", (10,))
        cur.execute(f"INSERT INTO {table} (id, v) VALUES (0, ?)", (20,))
    cur.execute("SELECT id, v FROM s8 ORDER BY id")
    s8 = cur.fetchall()
    s8_codes = [d[1] for d in cur.description]
    cur.execute("SELECT id, v FROM bs ORDER BY id")
    bs = cur.fetchall()
    bs_codes = [d[1] for d in cur.description]
    conn.close()
    return {"ok": s8 == [(1, 10), (2, 20)] and bs == [(1, 10), (2, 20)]
            and s8_codes == [18, 2] and bs_codes == [53, 2],
            "s8": jsonable(s8), "bs": jsonable(bs), "codes": [s8_codes, bs_codes]}


def expect_error(cur, sql, params=None):
    try:
        cur.execute(sql, params) if params is not None else cur.execute(sql)
    except informix_db.DatabaseError as exc:
        return {"sqlcode": exc.sqlcode, "class": type(exc).__name__, "near": exc.near}
    return {"sqlcode": None, "class": None, "near": None}


@check("errors")
def _errors():
    conn = connect(database="testdb")
    cur = conn.cursor()
    cur.execute("CREATE TABLE errt (k INTEGER NOT NULL PRIMARY KEY, v VARCHAR(10) NOT NULL)")
    cur.execute("INSERT INTO errt VALUES (1, 'one')")
    conn.commit()
    got = {
        "-201": expect_error(cur, "SELEKT 1 FROM systables"),
        "-206": expect_error(cur, "SELECT * FROM no_such_table"),
        "-217": expect_error(cur, "SELECT no_such_column FROM errt"),
        "-268": expect_error(cur, "INSERT INTO errt VALUES (?, ?)", (1, "dup")),
        "-391": expect_error(cur, "INSERT INTO errt VALUES (?, ?)", (2, None)),
    }
    conn.rollback()
    # The session survives every error.
    cur.execute("SELECT COUNT(*) FROM errt")
    count = cur.fetchall()
    conn.close()
    classes = {"-201": "ProgrammingError", "-206": "ProgrammingError", "-217": "ProgrammingError",
               "-268": "IntegrityError", "-391": "IntegrityError"}
    ok = all(got[k]["sqlcode"] == int(k) and got[k]["class"] == classes[k] for k in got)
    ok = ok and got["-206"]["near"] == "no_such_table" and got["-217"]["near"] == "no_such_column"
    return {"ok": ok and count == [(1,)], "errors": got, "count_after": jsonable(count)}


@check("transactions")
def _transactions():
    writer = connect(database="testdb")
    reader = connect(database="testdb", autocommit=True)
    wcur, rcur = writer.cursor(), reader.cursor()
    wcur.execute("CREATE TABLE txt (k INTEGER)")
    writer.commit()
    wcur.execute("INSERT INTO txt VALUES (?)", (1,))
    writer.rollback()
    rcur.execute("SELECT COUNT(*) FROM txt")
    after_rollback = rcur.fetchall()
    wcur.execute("INSERT INTO txt VALUES (?)", (2,))
    writer.commit()
    rcur.execute("SELECT k FROM txt")
    after_commit = rcur.fetchall()
    # Autocommit: visible to another connection at once.
    rcur.execute("INSERT INTO txt VALUES (3)")
    wcur.execute("SELECT k FROM txt ORDER BY k")
    seen_by_writer = wcur.fetchall()
    writer.commit()
    writer.close()
    reader.close()
    return {"ok": after_rollback == [(0,)] and after_commit == [(2,)] and seen_by_writer == [(2,), (3,)],
            "after_rollback": jsonable(after_rollback), "after_commit": jsonable(after_commit),
            "seen_by_writer": jsonable(seen_by_writer)}


@check("uncommitted_invisible")
def _uncommitted_invisible():
    """Another connection never reads uncommitted rows (a real server blocks; either way no row)."""
    writer = connect(database="testdb")
    reader = connect(database="testdb", autocommit=True)
    wcur, rcur = writer.cursor(), reader.cursor()
    wcur.execute("CREATE TABLE isot (k INTEGER)")
    writer.commit()
    wcur.execute("INSERT INTO isot VALUES (?)", (7,))
    try:
        rcur.execute("SELECT k FROM isot")
        seen = rcur.fetchall()
    except informix_db.DatabaseError as exc:
        seen = f"error {exc.sqlcode}"
    writer.rollback()
    writer.close()
    reader.close()
    return {"ok": seen != [(7,)], "seen": jsonable(seen)}


@check("executemany_duplicate")
def _executemany_duplicate():
    conn = connect(database="testdb")
    cur = conn.cursor()
    cur.execute("CREATE TABLE em (k INTEGER PRIMARY KEY, v VARCHAR(20))")
    conn.commit()
    rows = [(i, f"v{i}") for i in range(1, 21)]
    rows[12] = (5, "dup")  # duplicate key in the middle
    try:
        cur.executemany("INSERT INTO em VALUES (?, ?)", rows)
        error = None
    except informix_db.DatabaseError as exc:
        error = {"sqlcode": exc.sqlcode, "class": type(exc).__name__, "message": str(exc)}
    conn.rollback()
    cur.executemany("INSERT INTO em VALUES (?, ?)", [(i, f"v{i}") for i in range(1, 13)])
    rowcount = cur.rowcount
    conn.commit()
    cur.execute("SELECT COUNT(*), SUM(k) FROM em")
    summary = cur.fetchall()
    conn.close()
    return {"ok": error is not None and error["sqlcode"] == -268 and rowcount == 12
            and summary == [(12, 78)],
            "error": error, "rowcount": rowcount, "summary": jsonable(summary)}


@check("large_result_batches")
def _large_result_batches():
    conn = connect(database="testdb", autocommit=True)
    cur = conn.cursor()
    cur.execute("CREATE TABLE big (k INTEGER, s VARCHAR(100))")
    cur.executemany("INSERT INTO big VALUES (?, ?)", [(i, "x" * (i % 100)) for i in range(2000)])
    cur.execute("SELECT k, s FROM big ORDER BY k")
    rows = cur.fetchall()
    conn.close()
    ok = len(rows) == 2000 and all(r == (i, "x" * (i % 100)) for i, r in enumerate(rows))
    return {"ok": ok and cur.rowcount == 2000, "rows": len(rows), "rowcount": cur.rowcount}


@check("parameterised_select_and_empty")
def _parameterised_select():
    conn = connect(database="testdb")
    cur = conn.cursor()
    cur.execute("SELECT k FROM big WHERE k < ? ORDER BY k", (3,))
    few = cur.fetchall()
    cur.execute("SELECT k, s FROM big WHERE 1 = 0")
    empty = cur.fetchall()
    desc = [d[0] for d in cur.description]
    conn.close()
    return {"ok": few == [(0,), (1,), (2,)] and empty == [] and desc == ["k", "s"],
            "few": jsonable(few), "empty": jsonable(empty), "description": desc}


@check("scroll_cursor")
def _scroll_cursor():
    conn = connect(database="testdb")
    cur = conn.cursor(scrollable=True)
    cur.execute("SELECT k FROM big WHERE k < 10 ORDER BY k")
    last = cur.fetch_last()
    first = cur.fetch_first()
    fifth = cur.fetch_absolute(4)  # 0-based
    from_end = cur.fetch_absolute(-2)
    beyond = cur.fetch_absolute(50)
    cur.close()
    conn.close()
    return {"ok": last == (9,) and first == (0,) and fifth == (4,) and from_end == (8,)
            and beyond is None,
            "last": jsonable(last), "first": jsonable(first), "fifth": jsonable(fifth),
            "from_end": jsonable(from_end), "beyond": jsonable(beyond)}


@check("sql_transaction_statements")
def _sql_transaction_statements():
    conn = connect(database="testdb", autocommit=True)
    cur = conn.cursor()
    cur.execute("BEGIN WORK")
    cur.execute("INSERT INTO txt VALUES (100)")
    cur.execute("ROLLBACK WORK")
    nested = None
    cur.execute("BEGIN WORK")
    try:
        cur.execute("BEGIN WORK")
    except informix_db.DatabaseError as exc:
        nested = exc.sqlcode
    cur.execute("COMMIT WORK")
    outside = None
    try:
        cur.execute("COMMIT WORK")
    except informix_db.DatabaseError as exc:
        outside = exc.sqlcode
    cur.execute("SELECT COUNT(*) FROM txt WHERE k = 100")
    count = cur.fetchall()
    conn.close()
    return {"ok": nested == -535 and outside == -255 and count == [(0,)],
            "nested": nested, "outside": outside, "count": jsonable(count)}


print(json.dumps(results, default=repr))
