"""SPL routines run by the embedded server, through the client driver, as IBM documents them
(Informix Guide to SQL: Syntax, "SPL statements"):

- DEFINE declares typed variables, or LIKE table.column for a column's type; they are scoped
  to their statement block, and a nested BEGIN ... END block may shadow them.
- LET assigns, several variables at once (LET a, b = 1, 2) or from a SELECT returning one row.
- IF / ELIF / ELSE; FOR over a range (the step defaults to +1, or -1 when the range runs down)
  or a list; WHILE; EXIT and CONTINUE of FOR, WHILE, FOREACH (and LOOP).
- FOREACH [cursor [WITH HOLD] FOR] SELECT ... INTO ... or EXECUTE FUNCTION ... INTO loops over rows;
  UPDATE / DELETE ... WHERE CURRENT OF cursor changes the row the loop stands on.
- RETURN ... WITH RESUME returns one row and carries on: EXECUTE FUNCTION reads every row.
- RAISE EXCEPTION sqlcode [, isamcode [, text]] reaches the client as that error (-746 carries text).
- ON EXCEPTION [IN (codes)] [SET sql, isam, text] catches errors of the statements after it in
  its block; WITH RESUME continues with the next statement, otherwise the block ends.
- "Variables and column names": in SQL statements of a routine, a variable's name means the
  variable; SQL statements take variables as values.
- A routine called outside a transaction commits each of its statements on its own.
"""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def cur(client_cursor):
    return client_cursor


def test_define_let_and_if_elif_else(cur):
    cur.execute("""CREATE FUNCTION grade(score INT) RETURNING CHAR(1), INT, INT;
        DEFINE letter CHAR(1);
        DEFINE low, high INT;
        LET low, high = score - 1, score + 1;
        IF score >= 90 THEN LET letter = 'A';
        ELIF score >= 80 THEN LET letter = 'B';
        ELIF score IS NULL THEN LET letter = '?';
        ELSE LET letter = 'C';
        END IF;
        RETURN letter, low, high;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION grade(95)") == [("A", 94, 96)]
    assert cur.rows("EXECUTE FUNCTION grade(?)", 85) == [("B", 84, 86)]
    assert cur.rows("EXECUTE FUNCTION grade(12)") == [("C", 11, 13)]
    assert cur.rows("EXECUTE FUNCTION grade(NULL)") == [("?", None, None)]


def test_define_like_takes_the_column_type(cur):
    cur.execute("CREATE TABLE price (amount DECIMAL(6,2), label VARCHAR(5), id SERIAL)")
    cur.execute("""CREATE FUNCTION typed() RETURNING DECIMAL(8,3), VARCHAR(10), INT;
        DEFINE a LIKE price.amount;
        DEFINE l LIKE price.label;
        DEFINE i LIKE price.id;
        LET a = 1.239;
        LET l = 'abc';
        LET i = 7;
        RETURN a, l || '!', i;
        END FUNCTION""")
    # DECIMAL(6,2) rounds 1.239 to 1.24; a SERIAL column's variable is an INTEGER.
    assert cur.rows("EXECUTE FUNCTION typed()") == [(Decimal("1.240"), "abc!", 7)]


def test_let_from_a_select_of_one_row(cur):
    cur.execute("CREATE TABLE pts (x INT, y INT)")
    cur.execute("INSERT INTO pts VALUES (1, 10)")
    cur.execute("""CREATE FUNCTION span() RETURNING INT, INT, INT;
        DEFINE lo, hi, n INT;
        LET lo, hi = (SELECT min(x), max(y) FROM pts);
        LET n = (SELECT count(*) FROM pts) + 100;
        RETURN lo, hi, n;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION span()") == [(1, 10, 101)]
    cur.execute("INSERT INTO pts VALUES (2, 20)")
    cur.execute("CREATE FUNCTION one() RETURNING INT; DEFINE v INT; LET v = (SELECT x FROM pts); RETURN v; END FUNCTION")
    assert cur.error("EXECUTE FUNCTION one()").sqlcode == -284  # the subquery returned two rows


def test_for_over_ranges_steps_and_lists(cur):
    cur.execute("CREATE TABLE seen (loop CHAR(1), v INT, n SERIAL)")
    cur.execute("""CREATE PROCEDURE loops()
        DEFINE i INT;
        FOR i = 1 TO 10 STEP 4 INSERT INTO seen (loop, v) VALUES ('a', i); END FOR;
        FOR i = 3 TO 1 INSERT INTO seen (loop, v) VALUES ('b', i); END FOR;
        FOR i IN (7, 20 TO 24 STEP 2, -1) INSERT INTO seen (loop, v) VALUES ('c', i); END FOR;
        END PROCEDURE""")
    cur.execute("EXECUTE PROCEDURE loops()")
    got = cur.rows("SELECT loop, v FROM seen ORDER BY n")
    assert got == [("a", 1), ("a", 5), ("a", 9), ("b", 3), ("b", 2), ("b", 1),
                   ("c", 7), ("c", 20), ("c", 22), ("c", 24), ("c", -1)]


def test_while_loop_exit_and_continue(cur):
    cur.execute("""CREATE FUNCTION odd_sum(limit_at INT) RETURNING INT, INT;
        DEFINE i, total, passes INT;
        LET i, total, passes = 0, 0, 0;
        WHILE 1 = 1
            LET i = i + 1;
            IF i > limit_at THEN EXIT WHILE; END IF;
            IF MOD(i, 2) = 0 THEN CONTINUE WHILE; END IF;
            LET total = total + i;
        END WHILE;
        LOOP
            LET passes = passes + 1;
            EXIT LOOP WHEN passes >= 3;
        END LOOP;
        RETURN total, passes;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION odd_sum(9)") == [(1 + 3 + 5 + 7 + 9, 3)]


def test_foreach_cursor_loop_with_exit(cur):
    cur.execute("CREATE TABLE stock (item VARCHAR(10), qty INT)")
    cur.executemany("INSERT INTO stock VALUES (?, ?)", [("a", 1), ("b", 2), ("c", 3), ("stop", 0), ("d", 4), ("late", -1)])
    cur.execute("""CREATE FUNCTION tally() RETURNING INT, VARCHAR(40);
        DEFINE q, total INT;
        DEFINE name VARCHAR(10);
        DEFINE names VARCHAR(40);
        LET total, names = 0, '';
        FOREACH c1 WITH HOLD FOR SELECT item, qty INTO name, q FROM stock ORDER BY qty DESC
            IF name = 'stop' THEN EXIT FOREACH; END IF;
            IF q = 3 THEN CONTINUE FOREACH; END IF;
            LET total = total + q;
            LET names = names || name;
        END FOREACH;
        RETURN total, names;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION tally()") == [(4 + 2 + 1, "dba")]  # c skipped; stop (qty 0) ends it


def test_return_with_resume_gives_several_rows(cur):
    cur.execute("""CREATE FUNCTION squares(n INT) RETURNING INT AS k, INT AS sq;
        DEFINE i INT;
        FOR i = 1 TO n RETURN i, i * i WITH RESUME; END FOR;
        END FUNCTION""")
    cur.execute("EXECUTE FUNCTION squares(?)", (4,))
    assert [d[0] for d in cur.description] == ["k", "sq"]
    assert cur.fetchall() == [(1, 1), (2, 4), (3, 9), (4, 16)]
    # FOR i = 1 TO 0 runs down (default step -1), so this returns two rows.
    assert cur.rows("EXECUTE FUNCTION squares(0)") == [(1, 1), (0, 0)]
    cur.execute("""CREATE FUNCTION sum_squares(n INT) RETURNING INT;
        DEFINE k, s, total INT;
        LET total = 0;
        FOREACH EXECUTE FUNCTION squares(n) INTO k, s
            LET total = total + s;
        END FOREACH;
        RETURN total;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION sum_squares(3)") == [(14,)]
    # A function returning several rows cannot stand for one value.
    cur.execute("CREATE FUNCTION first_square() RETURNING INT; RETURN squares(2) + 0; END FUNCTION")
    assert cur.error("EXECUTE FUNCTION first_square()").sqlcode == -686


def test_raise_exception_reaches_the_client(cur):
    cur.execute("""CREATE PROCEDURE check_qty(q INT)
        IF q < 0 THEN RAISE EXCEPTION -746, 0, 'quantity ' || q || ' is negative'; END IF;
        IF q = 0 THEN RAISE EXCEPTION -1234, -100; END IF;
        END PROCEDURE""")
    cur.execute("EXECUTE PROCEDURE check_qty(1)")
    raised = cur.error("EXECUTE PROCEDURE check_qty(-5)")
    assert (raised.sqlcode, raised.isamcode) == (-746, 0)
    assert "quantity -5 is negative" in str(raised)
    raised = cur.error("EXECUTE PROCEDURE check_qty(0)")
    assert (raised.sqlcode, raised.isamcode) == (-1234, -100)
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")  # the connection stays usable
    assert cur.fetchall() == [(1,)]


def test_on_exception_handlers(cur):
    cur.execute("CREATE TABLE log (step INT)")
    cur.execute("""CREATE FUNCTION guarded(code INT) RETURNING INT, INT, VARCHAR(40), INT;
        DEFINE sql_err, isam_err, reached INT;
        DEFINE msg VARCHAR(40);
        LET sql_err, isam_err, reached = 0, 0, 0;
        BEGIN
            ON EXCEPTION IN (-206, -746) SET sql_err, isam_err, msg
                INSERT INTO log VALUES (sql_err);
            END EXCEPTION WITH RESUME;
            IF code = 1 THEN INSERT INTO no_such_table VALUES (1); END IF;
            IF code = 2 THEN RAISE EXCEPTION -746, 0, 'mine'; END IF;
            IF code = 3 THEN RAISE EXCEPTION -1000; END IF;
            LET reached = 1;
        END;
        BEGIN
            ON EXCEPTION
                LET reached = reached + 10;
            END EXCEPTION;
            RAISE EXCEPTION -2000;
            LET reached = reached + 100;
        END;
        RETURN sql_err, isam_err, msg, reached;
        END FUNCTION""")
    # Caught with WITH RESUME: the next statement runs. Without it, the rest of the block is skipped.
    assert cur.rows("EXECUTE FUNCTION guarded(1)") == [(-206, -111, "no_such_table", 11)]
    assert cur.rows("EXECUTE FUNCTION guarded(2)") == [(-746, 0, "mine", 11)]
    assert cur.rows("EXECUTE FUNCTION guarded(0)") == [(0, 0, None, 11)]
    assert cur.error("EXECUTE FUNCTION guarded(3)").sqlcode == -1000  # not in the IN list
    assert cur.rows("SELECT step FROM log ORDER BY 1") == [(-746,), (-206,)]


def test_call_and_routines_calling_routines(cur):
    cur.execute("""CREATE FUNCTION fib(n INT) RETURNING INT;
        DEFINE a, b, t, i INT;
        LET a, b = 0, 1;
        FOR i = 1 TO n LET t = a + b; LET a = b; LET b = t; END FOR;
        RETURN a;
        END FUNCTION""")
    cur.execute("""CREATE FUNCTION divmod(a INT, b INT) RETURNING INT, INT;
        RETURN (a - MOD(a, b)) / b, MOD(a, b);
        END FUNCTION""")
    cur.execute("""CREATE FUNCTION combined(n INT DEFAULT 10) RETURNING INT, INT, INT, INT;
        DEFINE f, q, r INT;
        CALL fib(n) RETURNING f;
        LET q, r = divmod(f, 7);
        RETURN f, q, r, fib(n - 1) + 1;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION combined(10)") == [(55, 7, 6, 35)]
    assert cur.rows("EXECUTE FUNCTION combined()") == [(55, 7, 6, 35)]  # the DEFAULT of n
    assert cur.error("EXECUTE FUNCTION combined(1, 2)").sqlcode == -674


def test_nested_blocks_scope_their_variables(cur):
    cur.execute("""CREATE FUNCTION scopes() RETURNING INT, INT;
        DEFINE x, inner_seen INT;
        LET x = 1;
        BEGIN
            DEFINE x INT;
            LET x = 2;
            LET inner_seen = x;
        END;
        RETURN x, inner_seen;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION scopes()") == [(1, 2)]


def test_sql_statements_take_variables_as_values(cur):
    cur.execute("CREATE TABLE acct (id INT, bal DECIMAL(8,2), note VARCHAR(20))")
    cur.executemany("INSERT INTO acct VALUES (?, ?, ?)", [(1, 10, "a"), (2, 20, "b"), (3, 30, "c")])
    cur.execute("""CREATE FUNCTION pay(id INT, amount DECIMAL(8,2)) RETURNING INT, DECIMAL(8,2);
        DEFINE changed INT;
        DEFINE bal DECIMAL(8,2);
        UPDATE acct SET bal = acct.bal + amount, note = 'paid ' || amount WHERE acct.id >= id;
        LET changed = DBINFO('sqlca.sqlerrd2');
        SELECT sum(acct.bal) INTO bal FROM acct;
        RETURN changed, bal;
        END FUNCTION""")
    # "id" and "bal" are variables here: the columns are written qualified (acct.id, acct.bal).
    assert cur.rows("EXECUTE FUNCTION pay(2, 5)") == [(2, Decimal("70.00"))]
    assert cur.rows("SELECT id, bal, note FROM acct ORDER BY id") == [
        (1, Decimal("10.00"), "a"), (2, Decimal("25.00"), "paid 5.00"), (3, Decimal("35.00"), "paid 5.00"),
    ]


def test_statements_of_a_routine_outside_a_transaction_commit_one_by_one(cur, server_params):
    cur.execute("CREATE TABLE t (a INT)")
    cur.execute("""CREATE PROCEDURE half()
        INSERT INTO t VALUES (1);
        RAISE EXCEPTION -746, 0, 'stop';
        END PROCEDURE""")
    assert cur.error("EXECUTE PROCEDURE half()").sqlcode == -746
    assert cur.rows("SELECT a FROM t") == [(1,)]  # the INSERT before the error stays
    cur.connection.autocommit = False
    assert cur.error("EXECUTE PROCEDURE half()").sqlcode == -746
    cur.connection.rollback()
    assert cur.rows("SELECT a FROM t") == [(1,)]  # in a transaction, the rollback undoes it


@pytest.mark.parametrize("body, feature", [
    ("SYSTEM 'rm -rf /tmp/x';", "SYSTEM"),
    ("GOTO done;", "GOTO"),
    ("DEFINE GLOBAL g INT DEFAULT 1;", "DEFINE GLOBAL"),
    ("DEFINE l LIST(INT NOT NULL);", "DEFINE LIST"),
    ("CASE WHEN 1 = 1 THEN RETURN; END CASE;", "CASE"),
])
def test_spl_the_server_does_not_run_is_refused_naming_it(cur, body, feature):
    refused = cur.error(f"CREATE PROCEDURE p() {body} END PROCEDURE")
    assert (refused.sqlcode, refused.near) == (-999, feature)


def test_routines_with_control_flow_are_refused_inside_queries(cur):
    cur.execute("CREATE FUNCTION looped(n INT) RETURNING INT; DEFINE i INT; FOR i = 1 TO 2 LET n = n + 1; END FOR;"
                " RETURN n; END FUNCTION")
    refused = cur.error("SELECT looped(tabid) FROM systables WHERE tabid = 1")
    assert refused.sqlcode == -999 and "looped" in refused.near


def test_execute_into_trace_and_conditional_continue(cur):
    cur.execute("CREATE FUNCTION pair(n INT) RETURNING INT, INT; RETURN n, n * 10; END FUNCTION")
    cur.execute("""CREATE FUNCTION evens_total() RETURNING INT, INT, INT;
        DEFINE i, total, a, b INT;
        LET total = 0;
        TRACE ON;
        FOR i = 1 TO 6
            CONTINUE FOR WHEN MOD(i, 2) = 1;
            LET total = total + i;
        END FOR;
        TRACE OFF;
        EXECUTE FUNCTION pair(total) INTO a, b;
        RETURN total, a, b;
        END FUNCTION""")
    assert cur.rows("EXECUTE FUNCTION evens_total()") == [(12, 12, 120)]


def test_for_ranges_that_cannot_run_are_errors(cur):
    cur.execute("CREATE PROCEDURE steps(s INT, hi INT) DEFINE i INT; FOR i = 1 TO hi STEP s END FOR; END PROCEDURE")
    cur.execute("EXECUTE PROCEDURE steps(2, 5)")
    assert cur.error("EXECUTE PROCEDURE steps(0, 5)").near == "STEP"  # the step cannot be 0
    assert cur.error("EXECUTE PROCEDURE steps(1, NULL)").near == "TO"


def test_foreach_updates_and_deletes_where_current_of_its_cursor(cur):
    cur.execute("CREATE TABLE stock (item VARCHAR(10), qty INT)")
    cur.executemany("INSERT INTO stock VALUES (?, ?)", [("a", 1), ("b", 0), ("c", 3), ("d", 0)])
    cur.execute("""CREATE PROCEDURE restock()
        DEFINE name VARCHAR(10);
        DEFINE q INT;
        FOREACH pick FOR SELECT item, qty INTO name, q FROM stock
            IF q = 0 AND name = 'b' THEN DELETE FROM stock WHERE CURRENT OF pick;
            ELIF q = 0 THEN UPDATE stock SET qty = 10 WHERE CURRENT OF pick;
            END IF;
        END FOREACH;
        END PROCEDURE""")
    cur.execute("EXECUTE PROCEDURE restock()")
    assert cur.rows("SELECT item, qty FROM stock ORDER BY item") == [("a", 1), ("c", 3), ("d", 10)]
    cur.execute("CREATE PROCEDURE stray() UPDATE stock SET qty = 0 WHERE CURRENT OF nowhere; END PROCEDURE")
    assert cur.error("EXECUTE PROCEDURE stray()").sqlcode == -259  # no FOREACH has that cursor open
