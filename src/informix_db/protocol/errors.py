"""Informix sqlcode catalog: message text and PEP 249 class (PROTOCOL.md §7).

The server sends only numbers; the text and the exception class come from here.
"""

from __future__ import annotations

from ..exceptions import (
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
)

_P, _I, _O, _D, _N, _A = (
    ProgrammingError, IntegrityError, OperationalError, DatabaseError, NotSupportedError, DataError,
)

CATALOG: dict[int, tuple[str, type[Error]]] = {
    -201: ("syntax error in the statement", _P),
    -202: ("the statement contains a character the server does not accept", _P),
    -206: ("the table named is not in the database", _P),
    -217: ("no table in the query has a column of that name", _P),
    -239: ("duplicate value for a unique index: the row was not inserted", _I),
    -253: ("the statement is longer than the server's buffer", _P),
    -255: ("no transaction is open", _O),
    -256: ("the database has no transaction log, so transactions are unavailable", _O),
    -258: ("the statement identifier is not valid", _P),
    -259: ("the cursor is not open", _P),
    -260: ("a cursor of that name already exists", _P),
    -262: ("no cursor of that name exists", _P),
    -263: ("the LOAD/UNLOAD file cannot be opened", _D),
    -264: ("the LOAD input file cannot be read", _D),
    -267: ("the cursor or statement is no longer available", _O),
    -268: ("duplicate value: a unique constraint is violated", _I),
    -269: ("NULL into a column that has no default and does not accept NULL", _I),
    -271: ("the row could not be inserted", _D),
    -272: ("no SELECT privilege on the table", _P),
    -273: ("no UPDATE privilege on the table", _P),
    -274: ("no DELETE privilege on the table", _P),
    -282: ("a quoted string has no closing quote", _P),
    -285: ("the statement slot is still held by another statement", _P),
    -286: ("the number of values differs from the number of columns", _P),
    -291: ("duplicate row: a unique index is violated", _I),
    -292: ("a column that does not accept NULL would get one", _I),
    -297: ("gave up waiting for a lock", _O),
    -310: ("a table of that name already exists in the database", _P),
    -311: ("none of the named tables has a column of that name", _P),
    -316: ("an index of that name already exists", _P),
    -329: ("the database does not exist or you may not open it", _N),
    -330: ("the database already exists", _P),
    -349: ("no database is open", _N),
    -390: ("a synonym of that name already exists", _P),
    -391: ("NULL into a NOT NULL column", _I),
    -407: ("BEGIN failed: a transaction is already open", _O),
    -408: ("COMMIT failed: no transaction is open", _O),
    -440: ("no connection to the server", _O),
    -451: ("the column data cannot be retrieved", _P),
    -456: ("an indicator variable is required for this value", _P),
    -465: ("BYTE/TEXT subscript out of range", _P),
    -510: ("the database does not exist", _N),
    -517: ("the statement is too long", _P),
    -526: ("a scroll cursor cannot be used for update", _P),
    -535: ("a transaction is already open", _O),
    -567: ("the view has no underlying table column to select", _P),
    -608: ("a number was truncated in a type conversion", _P),
    -703: ("a primary key column is NULL", _I),
    -722: ("the server ran out of memory", _D),
    -748: ("the server refused the connection", _O),
    -751: ("the user is not known to the database", _O),
    -759: ("the database is not available", _O),
    -908: ("connecting to the database server failed", _O),
    -930: ("the database server cannot be reached", _O),
    -951: ("login failed: wrong password, or user unknown to the server", _O),
    -952: ("login failed: wrong password for this user", _O),
    -956: ("the server does not trust this client host or user", _O),
    -1202: ("division by zero", _A),
    -1213: ("a character value could not be converted to a number", _A),
    -1226: ("a decimal or money value exceeds the precision of its column", _A),
    -1215: ("the value does not fit an INTEGER", _A),
    -1218: ("a string could not be converted to a date", _A),
    -1264: ("extra characters after a DATETIME or INTERVAL value", _A),
    -25553: ("the connection is not authorized", _O),
    -25563: ("the server name is not recognized", _O),
}


def describe_error(sqlcode: int) -> tuple[str, type[Error]]:
    """Catalog text and exception class for a sqlcode; unknown codes are DatabaseError."""
    return CATALOG.get(sqlcode, (f"Informix error {sqlcode}", DatabaseError))


def server_error(sqlcode: int, isamcode: int = 0, offset: int = 0, near: str = "") -> Error:
    """Build the exception for one SQ_ERR, with its structured fields attached."""
    text, cls = describe_error(sqlcode)
    message = f"[{sqlcode}] {text}"
    if near:
        message += f" (near {near!r})"
    if isamcode:
        message += f" [ISAM {isamcode}]"
    if offset > 0:
        message += f" (offset {offset})"
    exc = cls(message)
    exc.sqlcode = sqlcode
    exc.isamcode = isamcode
    exc.offset = offset
    exc.near = near
    return exc
