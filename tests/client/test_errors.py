"""sqlcode catalog: classes and message formatting (PROTOCOL.md §7)."""

import pytest

import informix_db as ifx
from informix_db.protocol.errors import server_error


@pytest.mark.parametrize("sqlcode, cls", [
    (-201, ifx.ProgrammingError), (-206, ifx.ProgrammingError), (-268, ifx.IntegrityError),
    (-391, ifx.IntegrityError), (-255, ifx.OperationalError), (-535, ifx.OperationalError),
    (-951, ifx.OperationalError), (-952, ifx.OperationalError), (-1202, ifx.DataError),
    (-1213, ifx.DataError), (-1215, ifx.DataError), (-1218, ifx.DataError), (-1264, ifx.DataError),
    (-330, ifx.ProgrammingError), (-310, ifx.ProgrammingError), (-329, ifx.NotSupportedError),
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
