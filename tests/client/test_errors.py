"""sqlcode catalog: classes and message formatting (PROTOCOL.md §7)."""

import ast
from pathlib import Path

import pytest

import informix_db as ifx
import informix_db.testing
from informix_db.protocol.errors import CATALOG, row_position, server_error


@pytest.mark.parametrize("sqlcode, cls", [
    (-201, ifx.ProgrammingError), (-206, ifx.ProgrammingError), (-268, ifx.IntegrityError),
    (-391, ifx.IntegrityError), (-255, ifx.OperationalError), (-535, ifx.OperationalError),
    (-951, ifx.OperationalError), (-952, ifx.OperationalError), (-1202, ifx.DataError),
    (-1213, ifx.DataError), (-1215, ifx.DataError), (-1218, ifx.DataError), (-1264, ifx.DataError),
    (-330, ifx.ProgrammingError), (-310, ifx.ProgrammingError), (-329, ifx.OperationalError),
    (-349, ifx.ProgrammingError), (-999, ifx.NotSupportedError), (-1226, ifx.DataError),
    (-12345, ifx.DatabaseError),
])
def test_sqlcodes_map_to_pep249_classes(sqlcode, cls):
    assert type(server_error(sqlcode)) is cls


def test_error_carries_structured_fields():
    exc = server_error(-206, -111, 15, "nosuch")
    assert (exc.sqlcode, exc.isamcode, exc.offset, exc.near) == (-206, -111, 15, "nosuch")
    assert str(exc).startswith("[-206] ")
    assert "'nosuch'" in str(exc) and "ISAM -111" in str(exc)


def test_unknown_code_has_a_generic_text():
    assert "Informix error -4242" in str(server_error(-4242))


def _sqlcodes_the_embedded_server_raises() -> dict[int, str]:
    """Every negative literal of SQL-error magnitude in the embedded server's source, with where."""
    found: dict[int, str] = {}
    for path in Path(informix_db.testing.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
                    and isinstance(node.operand, ast.Constant) and type(node.operand.value) is int
                    and 200 <= node.operand.value <= 30000):
                found.setdefault(-node.operand.value, f"{path.name}:{node.lineno}")
    return found


def test_every_error_the_embedded_server_raises_has_its_message():
    codes = _sqlcodes_the_embedded_server_raises()
    assert -999 in codes and -1226 in codes  # the scan sees the engine's codes
    missing = {code: where for code, where in codes.items() if code not in CATALOG}
    assert missing == {}
    assert "Informix error" not in str(server_error(-999))
    assert "precision" in str(server_error(-1226))


@pytest.mark.parametrize("index, total, words", [
    (0, 1, "row index 0 (the 1st of 1)"), (1, 3, "row index 1 (the 2nd of 3)"),
    (2, 3, "row index 2 (the 3rd of 3)"), (3, 9, "row index 3 (the 4th of 9)"),
    (10, 20, "row index 10 (the 11th of 20)"), (11, 20, "row index 11 (the 12th of 20)"),
    (12, 20, "row index 12 (the 13th of 20)"), (20, 30, "row index 20 (the 21st of 30)"),
    (21, 30, "row index 21 (the 22nd of 30)"), (110, 200, "row index 110 (the 111th of 200)"),
])
def test_row_position_names_the_row_unmistakably(index, total, words):
    assert row_position(index, total) == words


def test_executemany_names_a_row_whose_parameters_cannot_be_bound(conn):
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE t_em_words (a INT)")
    with pytest.raises(ifx.DataError) as info:
        cur.executemany("INSERT INTO t_em_words VALUES (?)", [(1,), (2,), (2 ** 70,)])
    assert "row index 2 (the 3rd of 3)" in str(info.value) and info.value.row_index == 2


@pytest.mark.parametrize("sql", ["UNLOAD TO 'rows.unl' SELECT tabid FROM systables",
                                 "LOAD FROM 'rows.unl' DELIMITER ';' INSERT INTO t_nothing"])
def test_dbaccess_statements_sent_over_sqli_are_syntax_errors(conn, sql):
    """UNLOAD and LOAD are carried out by DB-Access itself ("Only DB-Access supports the UNLOAD
    statement"); a server that receives one has no such statement: -201 at its first word, and
    the connection goes on."""
    cur = conn.cursor()
    with pytest.raises(ifx.ProgrammingError) as info:
        cur.execute(sql)
    assert (info.value.sqlcode, info.value.offset) == (-201, 1)
    cur.execute("SELECT COUNT(*) FROM systables WHERE tabid = 1")
    assert cur.fetchone() == (1,)
