"""sqlcode catalog: classes and message formatting (PROTOCOL.md §7)."""

import ast
from pathlib import Path

import pytest

import informix_db as ifx
import informix_db.testing
from informix_db.protocol.errors import CATALOG, server_error


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
