"""SPL routines whose bodies compute values (DEFINE / LET / RETURN), inlined where called."""

from __future__ import annotations

from informix_db.protocol import constants as c
from informix_db.types import typecodes as tc


def test_function_executes_and_inlines(db):
    assert db.run("CREATE FUNCTION dbl(n INT) RETURNING INT; RETURN n * 2; END FUNCTION") == (0, 0)
    stmt = db.session.prepare("EXECUTE FUNCTION dbl(21)", 0)
    assert stmt.stmt_type == c.STMT_EXECUTE_PROCEDURE
    assert [(d.name, d.type_short) for d in stmt.columns] == [("(expression)", tc.INTEGER)]
    assert stmt.open([]).fetch(5) == [(42,)]
    assert db.query("EXECUTE FUNCTION dbl(?)", "5") == [(10,)]
    assert db.query("SELECT dbl(tabid) FROM systables WHERE tabid <= 2 ORDER BY 1") == [(2,), (4,)]


def test_function_with_several_results(db):
    db.run(
        "CREATE FUNCTION pair(a INT, b VARCHAR(10)) RETURNING INT AS doubled, VARCHAR(20) AS label;"
        " DEFINE x INT; LET x = a * 2; RETURN x, b || '!'; END FUNCTION"
    )
    assert [(d.name, d.type_short, d.encoded_length) for d in db.session.prepare("EXECUTE FUNCTION pair(1, 'a')", 0).columns] == [
        ("doubled", tc.INTEGER, 4), ("label", tc.VARCHAR, 20),
    ]
    assert db.query("EXECUTE FUNCTION pair(?, ?)", 4, "hi") == [(8, "hi!")]


def test_procedure_without_results(db):
    db.run("CREATE PROCEDURE nothing(); END PROCEDURE")
    stmt = db.session.prepare("EXECUTE PROCEDURE nothing()", 0)
    assert (stmt.stmt_type, stmt.columns) == (c.STMT_EXECUTE_PROCEDURE, [])
    assert stmt.execute([]) == (0, 0)


def test_routine_errors(db):
    db.run("CREATE FUNCTION one() RETURNING INT; RETURN 1; END FUNCTION")
    assert db.error("CREATE FUNCTION one() RETURNING INT; RETURN 2; END FUNCTION").sqlcode == -673  # same signature
    assert db.error("EXECUTE FUNCTION one(5)").sqlcode == -674
    assert db.error("EXECUTE FUNCTION missing(1)").sqlcode == -674
    body = "FOREACH SELECT tabid INTO n FROM systables SYSTEM 'date'; END FOREACH; RETURN n;"
    refused = db.error(f"CREATE FUNCTION loops(n INT) RETURNING INT; {body} END FUNCTION")
    assert (refused.sqlcode, refused.near) == (-999, "SYSTEM")  # not implemented, named
    db.run("DROP FUNCTION one")
    assert db.error("DROP FUNCTION one").sqlcode == -674
    assert db.run("DROP FUNCTION IF EXISTS one") == (0, 0)
    assert db.error("EXECUTE FUNCTION one()").sqlcode == -674


def test_routines_stored_by_an_earlier_version_still_inline(db):
    """Databases kept in a data directory hold routines in the earlier format (the LETs and
    results of a value-only body): they load, and queries still inline them."""
    old = '["function", [["n", "INT"]], [["", "INT"]], [["x", "n * 2"]], ["x + 1"]]'
    stored = f"{db.session.require_database().catalog}.main._ifx_routines"
    db.session.write(f"INSERT INTO {stored} VALUES ('twice_plus', $1)", [old])
    db.session.forget_tables()
    assert db.query("SELECT twice_plus(tabid) FROM systables WHERE tabid = 2") == [(5,)]
