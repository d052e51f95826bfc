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

# Texts are Informix's own message texts ("finderr"), without the "(%s)" placeholders: the
# near-token is appended instead. Codes whose text could not be confirmed in IBM's "Informix
# Messages and Corrections" keep a description (listed in the README). The classes are the
# peer's (PROTOCOL.md §7.2), so that code written for either driver catches the same class.
CATALOG: dict[int, tuple[str, type[Error]]] = {
    -201: ("A syntax error has occurred.", _P),
    -202: ("An illegal character has been found in the statement.", _P),
    -206: ("The specified table is not in the database.", _P),
    -208: ("Memory allocation failed during query processing.", _O),
    -214: ("Cannot remove file for table.", _O),
    -217: ("Column not found in any table in the query (or SLV is undefined).", _P),
    -236: ("Number of columns in INSERT does not match number of VALUES.", _P),
    -239: ("Could not insert new row - duplicate value in a UNIQUE INDEX column.", _I),
    -240: ("Could not delete a row.", _O),
    -244: ("Could not do a physical-order read to fetch next row.", _O),
    -246: ("Could not do an indexed read to get the next row.", _P),
    -253: ("Identifier length exceeds the maximum allowed by this version of the server.", _P),
    -254: ("Too many or too few host variables given.", _P),
    -255: ("Not in transaction.", _O),
    -256: ("Transaction not available.", _O),
    -258: ("System error - invalid statement id received by the sqlexec process.", _P),
    -259: ("Cursor not open.", _P),
    -260: ("Cannot execute a SELECT statement that is PREPAREd - must use cursor.", _P),
    -262: ("There is no current cursor.", _P),
    -263: ("Could not lock row for UPDATE.", _D),
    -264: ("Could not write to a temporary file.", _D),
    -267: ("The cursor has been previously released and is unavailable.", _O),
    -268: ("Unique constraint violated.", _I),
    -269: ("Cannot add column that does not accept nulls.", _I),
    -271: ("Could not insert new row into the table.", _D),
    -272: ("No SELECT permission.", _P),
    -273: ("No UPDATE permission.", _P),
    -274: ("No DELETE permission.", _P),
    -282: ("Found a quote for which there is no matching quote.", _P),
    -284: ("A subquery has returned not exactly one row.", _P),
    -285: ("Invalid cursor received by sqlexec.", _P),
    -286: ("Default value of the primary key column is NULL.", _P),
    -289: ("Cannot lock table in requested mode.", _O),
    -291: ("Cannot change lock mode of table.", _I),
    -292: ("An implied insert column does not accept NULLs.", _I),
    -294: ("The column must be in the GROUP BY list.", _P),
    -296: ("Referenced table not available.", _P),
    -297: ("Cannot find unique constraint or primary key on referenced table.", _P),
    -310: ("Table already exists in database.", _P),
    -311: ("Cannot open system catalog.", _P),
    -316: ("Index already exists in database.", _P),
    -319: ("Index does not exist.", _P),
    -324: ("Ambiguous column.", _P),
    -328: ("Column already exists in table or type.", _P),
    -329: ("Database not found or no system permission.", _O),
    -330: ("Cannot create or rename the database.", _P),
    -346: ("Could not update a row in the table.", _O),
    -349: ("Database not selected yet.", _P),
    -366: ("The scale exceeds the maximum precision specified.", _P),
    -371: ("Cannot create unique index on column with duplicate data.", _I),
    -377: ("Must terminate transaction before closing database.", _O),
    -390: ("Synonym already used as table name or synonym.", _P),
    -391: ("Cannot insert a null into column.", _I),
    -393: ("A condition in the where clause results in a two-sided outer join.", _P),
    -395: ("The where clause contains an outer Cartesian Product.", _P),
    -396: ("Illegal join between a nested outer table and a preserved table.", _P),
    -407: ("the server reported error number zero", _O),
    -408: ("the server received a message it does not expect", _O),
    -410: ("Prepare statement failed or was not executed.", _P),
    -425: ("Database is currently opened by another user.", _O),
    -440: ("no connection to the server", _O),
    -451: ("Locator buffer size too small.", _P),
    -456: ("an indicator variable is required for this value", _P),
    -465: ("BYTE/TEXT subscript out of range", _P),
    -481: ("Invalid statement name or statement was not prepared.", _P),
    -510: ("Cannot create synonym for temporary table.", _N),
    -517: ("The total size of the index is too large or too many parts in index.", _P),
    -526: ("Updates are not allowed on a scroll cursor.", _P),
    -530: ("Check constraint failed.", _I),
    -535: ("Already in transaction.", _O),
    -567: ("Cannot write sorted rows.", _P),
    -608: ("Illegal attempt to convert Text/Byte blob type.", _P),
    -623: ("Unable to find CONSTRAINT.", _P),
    -634: ("Object does not exist.", _P),
    -673: ("Another routine with same signature already exists in database.", _P),
    -674: ("Routine can not be resolved.", _P),
    -686: ("Function has returned more than one row.", _P),
    -691: ("Missing key in referenced table for referential constraint.", _I),
    -692: ("Key value for constraint is still being referenced.", _I),
    -703: ("Primary key on table has a field with a null key value.", _I),
    -722: ("Out of stack space.", _D),
    -743: ("Object already exists in database.", _P),
    -744: ("Illegal SQL statement in trigger.", _P),
    -746: ("an SPL routine raised this error", _D),  # the text is the routine's own
    -747: ("Table or column matches object referenced in triggering statement.", _P),
    -748: ("Exceeded limit on maximum number of cascaded triggers.", _O),
    -751: ("Remote procedure execution disallowed with pre-5.01 server.", _O),
    -759: ("Cannot use database commands in an explicit database connection.", _O),
    -761: ("INFORMIXSERVER does not match either DBSERVERNAME or DBSERVERALIASES.", _O),
    -908: ("Attempt to connect to database server failed.", _O),
    -930: ("Cannot connect to database server.", _O),
    -951: ("Incorrect password or user is not known on the database server.", _O),
    -952: ("User's password is not correct for the database server.", _O),
    -956: ("Client host or user is not trusted by the server.", _O),
    -999: ("Not implemented yet.", _N),
    -1202: ("An attempt was made to divide by zero.", _A),
    -1213: ("A character to numeric conversion process failed.", _A),
    -1214: ("Value too large to fit in a SMALLINT.", _A),
    -1215: ("Value too large to fit in an INTEGER.", _A),
    -1218: ("String to date conversion error.", _A),
    -1225: ("the precision given for the column is out of range", _P),
    -1226: ("Decimal or money value exceeds maximum precision.", _A),
    -1263: ("A field in a datetime or interval value is incorrect or an illegal operation specified on datetime field.", _A),
    -1264: ("Extra characters at the end of a datetime or interval.", _A),
    -1265: ("Overflow occurred on a datetime or interval operation.", _A),
    -1268: ("Invalid datetime or interval qualifier.", _P),
    -8315: ("Sequence CURRVAL is not yet defined in this session.", _P),
    -9700: ("Routine ambiguous - more than one routine resolves to given signature.", _P),
    -9810: ("a smart large object function failed", _N),
    -9978: ("a collection cannot hold NULL elements", _A),
    -25553: ("the connection is not authorized", _O),
    -25563: ("the server name is not recognized", _O),
    -25571: ("Cannot create a user thread.", _O),
}


# The ISAM codes the server pairs most often with an SQL error, with Informix's texts (without
# their "ISAM error: " prefix): the ISAM code says why (a duplicate key, a lock) where the SQL
# code says what failed.
ISAM_CATALOG: dict[int, str] = {
    -100: "duplicate value for a record with unique key.",
    -107: "record is locked.",
    -111: "no record found.",
    -113: "the file is locked.",
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
        isam_text = ISAM_CATALOG.get(isamcode)
        message += f" [ISAM {isamcode}: {isam_text}]" if isam_text else f" [ISAM {isamcode}]"
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
