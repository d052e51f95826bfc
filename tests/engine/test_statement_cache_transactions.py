"""A transaction's end keeps the session's prepared statements unless its snapshot read
table descriptions (a pooled connection's SELECT is translated once, not per checkout)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("end", ["COMMIT WORK", "ROLLBACK WORK"])
def test_statement_survives_the_end_of_a_transaction_that_read_no_description(db, end):
    db.run("CREATE TABLE kept_t (k INT)")
    sql = "SELECT k FROM kept_t WHERE k = ?"
    first = db.session.prepare(sql, 1)
    db.run("BEGIN WORK")
    assert db.session.prepare(sql, 1) is first
    assert db.query(sql, 1) == []
    db.run(end)
    assert db.session.prepare(sql, 1) is first


def test_description_read_inside_a_snapshot_is_dropped_at_its_end(db, connect, dbname):
    db.run("CREATE TABLE snap_t (a INT)")
    db.run("BEGIN WORK")
    db.run("INSERT INTO snap_t VALUES (1)")  # the first write takes the snapshot
    other = connect(dbname)
    other.run("ALTER TABLE snap_t ADD e INT")  # committed while the snapshot is open
    assert [c.name for c in db.session.prepare("SELECT * FROM snap_t", 0).columns] == ["a"]
    db.run("ROLLBACK WORK")
    assert [c.name for c in db.session.prepare("SELECT * FROM snap_t", 0).columns] == ["a", "e"]
