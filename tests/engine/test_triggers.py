"""Triggers run by the embedded server, through the client driver, as IBM documents them
(Informix Guide to SQL: Syntax, "CREATE TRIGGER"; Guide to SQL: Tutorial, "Re-entrant triggers";
Guide to SQL: Reference, "SYSTRIGGERS" and "SYSTRIGBODY"):

- An INSERT, DELETE or UPDATE [OF columns] trigger runs its BEFORE actions once before the
  triggering statement, its FOR EACH ROW actions for every row the statement changes (only
  where the WHEN condition holds), its AFTER actions once after it; the REFERENCING clause names
  the row's old and new values. Actions are INSERT, UPDATE, DELETE, EXECUTE PROCEDURE/FUNCTION.
- An UPDATE OF trigger fires only for UPDATEs that set one of its columns.
- A triggered statement may not act on the triggering table (-747), unless both are UPDATEs and
  the triggered one sets none of the columns the triggering one sets.
- BEGIN/COMMIT/ROLLBACK WORK are not triggered actions (-744); a trigger name is unique (-743).
- TRUNCATE does not activate DELETE triggers.
- If a triggered action fails, the triggering statement fails and none of its changes remain.
- systriggers.event is I, U or D; systrigbody holds the trigger's text ('D' header, 'A' actions).
"""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def cur(client_cursor):
    client_cursor.execute("CREATE TABLE acct (id SERIAL PRIMARY KEY, bal DECIMAL(8,2), owner VARCHAR(10) DEFAULT 'bank')")
    client_cursor.execute("CREATE TABLE audit (n SERIAL, what VARCHAR(8), id INT, old_bal DECIMAL(8,2),"
                          " new_bal DECIMAL(8,2), who VARCHAR(10))")
    return client_cursor


def audit(cur) -> list[tuple]:
    return cur.rows("SELECT what, id, old_bal, new_bal, who FROM audit ORDER BY n")


def test_insert_trigger_before_for_each_row_when_and_after(cur):
    cur.execute("""CREATE TRIGGER acct_ins INSERT ON acct REFERENCING NEW AS post
        BEFORE (INSERT INTO audit (what) VALUES ('before'))
        FOR EACH ROW WHEN (post.bal > 0) (INSERT INTO audit (what, id, new_bal, who) VALUES ('row', post.id, post.bal, post.owner))
        AFTER (INSERT INTO audit (what) VALUES ('after'))""")
    cur.execute("INSERT INTO acct (bal) VALUES (10.5)")
    cur.execute("INSERT INTO acct (bal, owner) VALUES (?, ?)", (-1, "me"))  # WHEN is false: no row action
    assert audit(cur) == [
        ("before", None, None, None, None), ("row", 1, None, Decimal("10.50"), "bank"), ("after", None, None, None, None),
        ("before", None, None, None, None), ("after", None, None, None, None),
    ]


def test_insert_select_fires_for_each_row_and_executemany_for_each_execution(cur):
    cur.execute("CREATE TRIGGER acct_ins INSERT ON acct REFERENCING NEW AS n"
                " FOR EACH ROW (INSERT INTO audit (what, id, new_bal) VALUES ('row', n.id, n.bal))")
    cur.executemany("INSERT INTO acct (bal) VALUES (?)", [(1,), (2,), (3,)])  # pipelined: never batched
    cur.execute("INSERT INTO acct (bal) SELECT bal * 10 FROM acct WHERE bal < 3")
    assert [(w, i, b) for w, i, _, b, _ in audit(cur)] == [
        ("row", 1, Decimal("1.00")), ("row", 2, Decimal("2.00")), ("row", 3, Decimal("3.00")),
        ("row", 4, Decimal("10.00")), ("row", 5, Decimal("20.00")),
    ]


def test_update_of_columns_sees_old_and_new_values(cur):
    cur.executemany("INSERT INTO acct (bal) VALUES (?)", [(10,), (20,)])
    cur.execute("""CREATE TRIGGER acct_upd UPDATE OF bal ON acct REFERENCING OLD AS pre NEW AS post
        FOR EACH ROW (INSERT INTO audit (what, id, old_bal, new_bal) VALUES ('upd', pre.id, pre.bal, post.bal))""")
    cur.execute("UPDATE acct SET bal = bal * 2 WHERE id = 2")
    cur.execute("UPDATE acct SET owner = 'x'")  # sets no column of the trigger's list: no firing
    cur.execute("UPDATE acct SET bal = bal + 1, owner = 'y'")
    assert [(w, i, o, n) for w, i, o, n, _ in audit(cur)] == [
        ("upd", 2, Decimal("20.00"), Decimal("40.00")),
        ("upd", 1, Decimal("10.00"), Decimal("11.00")), ("upd", 2, Decimal("40.00"), Decimal("41.00")),
    ]


def test_delete_trigger_executes_a_procedure_per_row(cur):
    cur.executemany("INSERT INTO acct (bal) VALUES (?)", [(5,), (6,), (7,)])
    cur.execute("""CREATE PROCEDURE closed(id INT, bal DECIMAL(8,2))
        INSERT INTO audit (what, id, old_bal) VALUES ('closed', id, bal);
        END PROCEDURE""")
    cur.execute("CREATE TRIGGER acct_del DELETE ON acct REFERENCING OLD AS gone"
                " FOR EACH ROW (EXECUTE PROCEDURE closed(gone.id, gone.bal))")
    cur.execute("DELETE FROM acct WHERE bal > 5")
    assert cur.rowcount == 2
    assert [(w, i, o) for w, i, o, _, _ in audit(cur)] == [("closed", 2, Decimal("6.00")), ("closed", 3, Decimal("7.00"))]
    cur.execute("TRUNCATE acct")  # TRUNCATE activates no DELETE trigger
    assert cur.rows("SELECT count(*) FROM audit") == [(2,)]


def test_a_trigger_may_not_change_its_own_table(cur):
    cur.execute("INSERT INTO acct (bal) VALUES (1)")
    cur.execute("CREATE TRIGGER again INSERT ON acct AFTER (INSERT INTO acct (bal) VALUES (0))")
    refused = cur.error("INSERT INTO acct (bal) VALUES (2)")
    assert (refused.sqlcode, refused.near) == (-747, "acct")
    assert cur.rows("SELECT bal FROM acct") == [(Decimal("1.00"),)]  # the triggering INSERT is undone
    cur.execute("DROP TRIGGER again")
    # Re-entrant: an UPDATE of columns the triggering UPDATE does not set is allowed; of the same ones, not.
    cur.execute("CREATE TRIGGER stamp UPDATE OF bal ON acct REFERENCING NEW AS n"
                " FOR EACH ROW (UPDATE acct SET owner = 'stamped' WHERE id = n.id)")
    cur.execute("UPDATE acct SET bal = 3")
    assert cur.rows("SELECT bal, owner FROM acct") == [(Decimal("3.00"), "stamped")]
    cur.execute("CREATE TRIGGER loop UPDATE OF owner ON acct AFTER (UPDATE acct SET owner = 'again')")
    assert cur.error("UPDATE acct SET owner = 'z'").sqlcode == -747
    # The rule holds through a procedure too.
    cur.execute("CREATE PROCEDURE sneaky() DELETE FROM acct; END PROCEDURE")
    cur.execute("CREATE TRIGGER indirect DELETE ON acct BEFORE (EXECUTE PROCEDURE sneaky())")
    assert cur.error("DELETE FROM acct WHERE id = 99").sqlcode == -747


@pytest.mark.parametrize("autocommit", [True, False])
def test_a_failing_action_undoes_the_triggering_statement(cur, autocommit):
    cur.execute("CREATE PROCEDURE refuse() RAISE EXCEPTION -746, 0, 'refused by trigger'; END PROCEDURE")
    cur.execute("CREATE TRIGGER guard INSERT ON acct REFERENCING NEW AS n"
                " FOR EACH ROW (INSERT INTO audit (what) VALUES ('tried'), EXECUTE PROCEDURE refuse())")
    cur.connection.autocommit = autocommit
    raised = cur.error("INSERT INTO acct (bal) VALUES (1)")
    assert raised.sqlcode == -746 and "refused by trigger" in str(raised)
    assert cur.rows("SELECT count(*) FROM acct") == [(0,)]
    assert cur.rows("SELECT count(*) FROM audit") == [(0,)]
    if not autocommit:
        cur.connection.rollback()


def test_triggers_in_the_catalog_and_dropped(cur):
    cur.execute("CREATE TRIGGER t_upd UPDATE OF bal, owner ON acct REFERENCING OLD AS o NEW AS n"
                " FOR EACH ROW (INSERT INTO audit (what) VALUES ('u'))")
    cur.execute("CREATE TRIGGER t_del DELETE ON acct AFTER (DELETE FROM audit)")
    assert cur.rows("SELECT trigname, event, old, new FROM systriggers ORDER BY trigid") == [
        ("t_upd", "U", "o", "n"), ("t_del", "D", None, None),
    ]
    tabid = cur.rows("SELECT tabid FROM systables WHERE tabname = 'acct'")[0][0]
    assert cur.rows("SELECT DISTINCT tabid FROM systriggers") == [(tabid,)]
    body = cur.rows("SELECT b.datakey, b.data FROM systrigbody b, systriggers t"
                     " WHERE b.trigid = t.trigid AND t.trigname = 't_del' ORDER BY b.datakey DESC, b.seqno")
    assert body == [("D", "CREATE TRIGGER t_del DELETE ON acct"), ("A", "AFTER (DELETE FROM audit)")]
    assert cur.error("CREATE TRIGGER t_del INSERT ON audit AFTER (DELETE FROM acct)").sqlcode == -743
    cur.execute("DROP TRIGGER t_del")
    assert cur.rows("SELECT trigname FROM systriggers") == [("t_upd",)]
    cur.execute("DROP TABLE acct")  # its triggers go with it
    assert cur.rows("SELECT count(*) FROM systriggers") == [(0,)]


@pytest.mark.parametrize("sql, code, near", [
    ("CREATE TRIGGER x INSERT ON acct AFTER (COMMIT WORK)", -744, "COMMIT"),
    ("CREATE TRIGGER x INSERT ON acct FOR EACH ROW (SELECT * FROM audit)", -201, "SELECT"),
    ("CREATE TRIGGER x INSERT ON acct (INSERT INTO audit (what) VALUES ('a'))", -201, "("),
    ("CREATE TRIGGER x INSERT ON nosuch AFTER (DELETE FROM audit)", -206, "nosuch"),
    ("CREATE TRIGGER x UPDATE OF nosuch ON acct AFTER (DELETE FROM audit)", -217, "nosuch"),
    ("CREATE TRIGGER x INSTEAD OF INSERT ON acct FOR EACH ROW (DELETE FROM audit)", -999, "INSTEAD OF trigger"),
    ("CREATE TRIGGER x SELECT ON acct AFTER (DELETE FROM audit)", -999, "SELECT trigger"),
    ("CREATE TRIGGER x INSERT ON acct REFERENCING NEW AS n FOR EACH ROW (EXECUTE FUNCTION f(n.id) INTO bal)",
     -999, "EXECUTE ... INTO in a trigger"),
])
def test_triggers_refused(cur, sql, code, near):
    refused = cur.error(sql)
    assert (refused.sqlcode, refused.near) == (code, near)


@pytest.mark.parametrize("autocommit", [True, False])
def test_errors_a_handler_catches_inside_a_trigger_leave_the_rest(cur, autocommit):
    """A triggered procedure's ON EXCEPTION ... WITH RESUME goes on after a failing statement
    (one the database itself rejects): the statement alone is undone, the triggering INSERT and
    the procedure's other changes stay."""
    cur.execute("""CREATE PROCEDURE careful() DEFINE code INT;
        ON EXCEPTION SET code INSERT INTO audit (what, id) VALUES ('caught', code); END EXCEPTION WITH RESUME;
        INSERT INTO audit (what) VALUES ('first');
        INSERT INTO audit (what, id) VALUES ('bad', 1 / 0);
        INSERT INTO audit (what) VALUES ('last');
        END PROCEDURE""")
    cur.execute("CREATE TRIGGER kept INSERT ON acct AFTER (EXECUTE PROCEDURE careful())")
    cur.connection.autocommit = autocommit
    cur.execute("INSERT INTO acct (bal) VALUES (1)")
    if not autocommit:
        cur.connection.commit()
    assert cur.rows("SELECT count(*) FROM acct") == [(1,)]
    assert [(w, i) for w, i, _, _, _ in audit(cur)] == [("first", None), ("caught", -1202), ("last", None)]
