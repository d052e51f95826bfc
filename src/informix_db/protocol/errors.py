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
    -208: ("the server could not allocate memory for the request", _O),
    -214: ("the object cannot be removed while it is in use", _O),
    -217: ("no table in the query has a column of that name", _P),
    -236: ("the number of columns in INSERT differs from the number of values", _P),
    -239: ("duplicate value for a unique index: the row was not inserted", _I),
    -240: ("the row could not be deleted: it is locked", _O),
    -244: ("the row could not be read: it is locked", _O),
    -246: ("a column is named twice in the index or key", _P),
    -252: ("the table could not be read: another session holds it in exclusive mode", _O),
    -253: ("the statement is longer than the server's buffer", _P),
    -254: ("too many or too few host variables for the statement", _P),
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
    -284: ("a subquery used as a value returned more than one row", _P),
    -285: ("the statement slot is still held by another statement", _P),
    -286: ("the number of values differs from the number of columns", _P),
    -289: ("the table could not be locked: another session holds locks in it", _O),
    -291: ("duplicate row: a unique index is violated", _I),
    -292: ("a column that does not accept NULL would get one", _I),
    -294: ("the column must appear in GROUP BY or inside an aggregate", _P),
    -296: ("the referenced table is not available", _P),
    -297: ("the referenced table has no primary key or unique constraint on those columns", _P),
    -310: ("a table of that name already exists in the database", _P),
    -311: ("none of the named tables has a column of that name", _P),
    -316: ("an index of that name already exists", _P),
    -319: ("no index of that name exists", _P),
    -324: ("the column name belongs to more than one table of the query", _P),
    -328: ("the column already exists in the table", _P),
    -329: ("the database does not exist or you may not open it", _O),
    -330: ("the database already exists", _P),
    -346: ("the row could not be updated: it is locked", _O),
    -349: ("no database is open", _P),
    -371: ("the unique index cannot be created: the column holds duplicate values", _I),
    -390: ("a synonym of that name already exists", _P),
    -391: ("NULL into a NOT NULL column", _I),
    -393: ("a condition in the WHERE clause relates two subordinate tables of an outer join", _P),
    -395: ("an OUTER table is joined to no dominant table (an outer Cartesian product)", _P),
    -396: ("a nested OUTER table is joined to a table outside its parentheses", _P),
    -407: ("BEGIN failed: a transaction is already open", _O),
    -408: ("COMMIT failed: no transaction is open", _O),
    -410: ("PREPARE failed, so the statement cannot be executed", _P),
    -425: ("the database is in use by another session", _O),
    -440: ("no connection to the server", _O),
    -451: ("the column data cannot be retrieved", _P),
    -456: ("an indicator variable is required for this value", _P),
    -465: ("BYTE/TEXT subscript out of range", _P),
    -481: ("the statement returns no rows, so it cannot be opened as a cursor", _P),
    -510: ("the database does not exist", _N),
    -517: ("the statement is too long", _P),
    -526: ("a scroll cursor cannot be used for update", _P),
    -530: ("a check constraint is not satisfied", _I),
    -535: ("a transaction is already open", _O),
    -567: ("the view has no underlying table column to select", _P),
    -608: ("a number was truncated in a type conversion", _P),
    -623: ("no constraint of that name exists", _P),
    -634: ("no object of that name is in the database", _P),
    -674: ("no routine of that name matches the arguments", _P),
    -686: ("a routine returned more than one row where one value is expected", _P),
    -691: ("the referenced table has no row with this key", _I),
    -692: ("rows of another table still reference this key", _I),
    -703: ("a primary key column is NULL", _I),
    -722: ("the server ran out of memory", _D),
    -743: ("an object of that name already exists in the database", _P),
    -744: ("this statement is not allowed as a triggered action", _P),
    -746: ("an SPL routine raised this error", _D),
    -747: ("a triggered statement acts on the triggering table or on a column the triggering UPDATE sets", _P),
    -748: ("the server refused the connection", _O),
    -751: ("the user is not known to the database", _O),
    -759: ("the database is not available", _O),
    -761: ("the server name does not match this server", _O),
    -908: ("connecting to the database server failed", _O),
    -930: ("the database server cannot be reached", _O),
    -951: ("login failed: wrong password, or user unknown to the server", _O),
    -952: ("login failed: wrong password for this user", _O),
    -956: ("the server does not trust this client host or user", _O),
    -999: ("the server does not implement this feature", _N),
    -1202: ("division by zero", _A),
    -1213: ("a character value could not be converted to a number", _A),
    -1214: ("the value does not fit a SMALLINT", _A),
    -1215: ("the value does not fit an INTEGER", _A),
    -1218: ("a string could not be converted to a date", _A),
    -1225: ("the precision given for the column is out of range", _P),
    -1226: ("a decimal value exceeds the precision of its column", _A),
    -1263: ("a DATETIME or INTERVAL field is out of range", _A),
    -1264: ("extra characters after a DATETIME or INTERVAL value", _A),
    -1265: ("a DATETIME or INTERVAL value overflows its qualifier", _A),
    -1268: ("a DATETIME or INTERVAL qualifier precision is out of range", _P),
    -8315: ("the sequence's CURRVAL is not defined before this session's first NEXTVAL", _P),
    -9700: ("a routine with that signature already exists", _P),
    -9810: ("the smart large object file function cannot be run here", _N),
    -9978: ("a collection cannot hold NULL elements", _A),
    -25553: ("the connection is not authorized", _O),
    -25563: ("the server name is not recognized", _O),
    -25571: ("the server refused a new session: its session limit is reached", _O),
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


def row_position(index: int, total: int | None) -> str:
    """Which row of a batch, in words that cannot be misread: 'row index 2 (the 3rd of 3)'
    ('(the 3rd)' when the batch is a stream of unknown length)."""
    ordinal = index + 1
    suffix = "th" if ordinal % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(ordinal % 10, "th")
    of = f" of {total}" if total is not None else ""
    return f"row index {index} (the {ordinal}{suffix}{of})"
