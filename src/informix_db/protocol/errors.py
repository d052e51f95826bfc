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
    -201: ("A syntax error has occurred", _P),
    -202: ("An illegal character has been found in the statement", _P),
    -206: ("The specified table is not in the database", _P),
    -217: ("Column not found in any table in the query", _P),
    -239: ("Could not insert new row - duplicate value in a UNIQUE INDEX column", _I),
    -253: ("Statement size exceeds language buffer size", _P),
    -255: ("Not in transaction", _O),
    -256: ("Transaction not available", _O),
    -258: ("Invalid statement identifier", _P),
    -259: ("Cursor not open", _P),
    -260: ("Cursor name already in use", _P),
    -262: ("No such cursor", _P),
    -263: ("Cannot open file for LOAD or UNLOAD", _D),
    -264: ("Cannot read from input file for LOAD", _D),
    -267: ("The transaction has been rolled back, all locks released", _O),
    -268: ("Unique constraint violated: duplicate value", _I),
    -269: ("Cannot add a NULL value to a column without a default", _I),
    -271: ("Could not insert new row into the table", _D),
    -272: ("No SELECT permission", _P),
    -273: ("No UPDATE permission", _P),
    -274: ("No DELETE permission", _P),
    -282: ("Found a quote for which there is no matching quote", _P),
    -285: ("Another statement is still using the statement slot", _P),
    -286: ("The number of values does not match the number of columns", _P),
    -291: ("Duplicate row violates a unique index", _I),
    -292: ("An implied insert column does not accept NULL values", _I),
    -297: ("Lock timeout expired", _O),
    -310: ("Table already exists in database", _P),
    -311: ("Column not found in the named tables", _P),
    -316: ("Index already exists", _P),
    -329: ("Database not found or no system permission", _N),
    -330: ("Cannot create database: it already exists", _P),
    -349: ("Database not selected yet", _N),
    -390: ("Synonym already exists in database", _P),
    -391: ("Cannot insert a NULL value into a NOT NULL column", _I),
    -407: ("Begin transaction failed: already in a transaction", _O),
    -408: ("Commit transaction failed: not in a transaction", _O),
    -440: ("Connection not established", _O),
    -451: ("Cannot retrieve column data", _P),
    -456: ("Indicator variable required", _P),
    -465: ("BYTE or TEXT subscript out of range", _P),
    -510: ("Specified database does not exist", _N),
    -517: ("Statement is too long", _P),
    -526: ("Updates are not allowed on a scroll cursor", _P),
    -535: ("Already in a transaction", _O),
    -567: ("Cannot select a column from this view", _P),
    -608: ("Number truncated while converting between types", _P),
    -703: ("Primary key column has a NULL value", _I),
    -722: ("Out of memory", _D),
    -748: ("The server rejected the connection", _O),
    -751: ("User not known to the database", _O),
    -759: ("Database not available", _O),
    -908: ("Attempt to connect to the database server failed", _O),
    -930: ("Cannot connect to the database server", _O),
    -951: ("Incorrect password or user is not known on the database server", _O),
    -952: ("Password not correct for this user", _O),
    -956: ("Client host or user is not trusted by the database server", _O),
    -1202: ("An attempt was made to divide by zero", _A),
    -1213: ("A character to numeric conversion failed", _A),
    -1215: ("Value exceeds the limit of INTEGER precision", _A),
    -1218: ("String to date conversion failed", _A),
    -1264: ("Extra characters at the end of a datetime or interval", _A),
    -25553: ("Connection not authorized", _O),
    -25563: ("Server name not recognized", _O),
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
