"""VARCHAR(m, r): the reserved minimum r is kept in the catalog.

Informix Guide to SQL: Reference, "SYSCOLUMNS": for VARCHAR and NVARCHAR columns collength
holds the maximum m in its low byte and the minimum r in its high byte (r * 256 + m).
"""

from __future__ import annotations


def test_minimum_length_in_syscolumns(db, connect, dbname):
    db.run("CREATE TABLE t (v VARCHAR(10, 5), w VARCHAR(20), n NVARCHAR(30, 4))")
    expected = [("v", 13, 5 * 256 + 10), ("w", 13, 20), ("n", 16, 4 * 256 + 30)]
    sql = "SELECT colname, coltype, collength FROM syscolumns WHERE tabid >= 100 ORDER BY colno"
    assert db.query(sql) == expected
    assert connect(dbname).query(sql) == expected  # as read back from the catalog
    assert [d[2] for d in db.describe("SELECT v, w, n FROM t")] == [10, 20, 30]  # values keep m
