"""The specific Informix error for each failure, not -201 or -999 as a catch-all.

Informix Error Messages: -284 a subquery has returned not exactly one row; -324 ambiguous
column name; -1214 value too large to fit in a SMALLINT; -1215 value too large to fit in an
INTEGER; -1213 character to numeric conversion error; -201 with the offending token as
near-token and its 1-based position as offset (sqlca.sqlerrd[4]).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def two(db):
    return db.script(
        "CREATE TABLE one (id INTEGER, s SMALLINT)", "CREATE TABLE other (id INTEGER)",
        "INSERT INTO one VALUES (1, 1)", "INSERT INTO one VALUES (2, 2)", "INSERT INTO other VALUES (1)",
    )


def test_subquery_with_two_rows_is_284(two):
    assert two.error("SELECT (SELECT id FROM one) FROM other").sqlcode == -284


def test_ambiguous_column_is_324(two):
    error = two.error("SELECT id FROM one, other")
    assert (error.sqlcode, error.near) == (-324, "id")


@pytest.mark.parametrize(
    "sql, code",
    [
        ("INSERT INTO one (s) VALUES (40000)", -1214),
        ("UPDATE one SET s = 40000", -1214),
        ("INSERT INTO one (id) VALUES (4000000000)", -1215),
        ("UPDATE one SET id = 4000000000", -1215),
    ],
)
def test_integer_overflow_names_the_type(two, sql, code):
    assert two.error(sql).sqlcode == code


@pytest.mark.parametrize(
    "sql, near, offset",
    [
        ("SELECT id FROM one WHERE WHERE id = 1", "WHERE", 26),
        ("SELECT id FROM one WHERE id = = 1", "=", 31),
        ("SELEC id FROM one", "SELEC", 1),
        ("SELECT 'WHERE', id FROM one WHERE WHERE", "WHERE", 35),  # the string is not the token
    ],
)
def test_syntax_error_points_at_the_token(two, sql, near, offset):
    error = two.error(sql)
    assert (error.sqlcode, error.near, error.offset) == (-201, near, offset)



def test_a_column_named_twice_in_create_table_is_328(db):
    """-328 "Column (%s) already exists in table or type." (-246 is an indexed-read failure)."""
    error = db.error("CREATE TABLE twice (a INTEGER, b CHAR(1), a SMALLINT)")
    assert (error.sqlcode, error.near) == (-328, "a")


def test_a_scale_beyond_the_precision_is_366(db):
    """-366 "The scale exceeds the maximum precision specified." for DECIMAL(p,s) with s > p."""
    assert db.error("CREATE TABLE money_bag (d DECIMAL(5, 9))").sqlcode == -366
    assert db.error("CREATE TABLE money_bag (m MONEY(4, 6))").sqlcode == -366

def test_close_database_inside_a_transaction_is_377(db):
    """-377 "Must terminate transaction before closing database." (-759 is a database
    statement on an explicit connection)."""
    db.run("BEGIN WORK")
    assert db.error("CLOSE DATABASE").sqlcode == -377
    db.run("ROLLBACK WORK")
    db.run("CLOSE DATABASE")


def test_trigger_and_merge_statement_types_are_those_of_sqlstype_h(two):
    """sqlstype.h: SQ_CRETRIG 70, SQ_DRPTRIG 71, SQ_MERGE 128."""
    two.run("CREATE TRIGGER tr INSERT ON one FOR EACH ROW (DELETE FROM other WHERE id = 0)")
    merge = "MERGE INTO one USING other ON one.id = other.id WHEN MATCHED THEN UPDATE SET s = 0"
    kinds = {"CREATE TRIGGER tr2 DELETE ON one FOR EACH ROW (DELETE FROM other WHERE id = 0)": 70,
             "DROP TRIGGER tr": 71, merge: 128}
    assert {sql: two.session.prepare(sql, 0).stmt_type for sql in kinds} == kinds


# Message texts as IBM's "Informix Messages and Corrections" gives them (finderr), "(%s)" left out.
@pytest.mark.parametrize("code, text", [
    (-202, "An illegal character has been found in the statement."),
    (-236, "Number of columns in INSERT does not match number of VALUES."),
    (-246, "Could not do an indexed read to get the next row."),
    (-253, "Identifier length exceeds the maximum allowed by this version of the server."),
    (-260, "Cannot execute a SELECT statement that is PREPAREd - must use cursor."),
    (-263, "Could not lock row for UPDATE."),
    (-264, "Could not write to a temporary file."),
    (-269, "Cannot add column that does not accept nulls."),
    (-284, "A subquery has returned not exactly one row."),
    (-285, "Invalid cursor received by sqlexec."),
    (-286, "Default value of the primary key column is NULL."),
    (-291, "Cannot change lock mode of table."),
    (-296, "Referenced table not available."),
    (-297, "Cannot find unique constraint or primary key on referenced table."),
    (-311, "Cannot open system catalog."),
    (-328, "Column already exists in table or type."),
    (-366, "The scale exceeds the maximum precision specified."),
    (-377, "Must terminate transaction before closing database."),
    (-393, "A condition in the where clause results in a two-sided outer join."),
    (-395, "The where clause contains an outer Cartesian Product."),
    (-396, "Illegal join between a nested outer table and a preserved table."),
    (-451, "Locator buffer size too small."),
    (-510, "Cannot create synonym for temporary table."),
    (-517, "The total size of the index is too large or too many parts in index."),
    (-567, "Cannot write sorted rows."),
    (-608, "Illegal attempt to convert Text/Byte blob type."),
    (-634, "Object does not exist."),
    (-673, "Another routine with same signature already exists in database."),
    (-722, "Out of stack space."),
    (-748, "Exceeded limit on maximum number of cascaded triggers."),
    (-751, "Remote procedure execution disallowed with pre-5.01 server."),
    (-759, "Cannot use database commands in an explicit database connection."),
    (-1202, "An attempt was made to divide by zero."),
    (-1213, "A character to numeric conversion process failed."),
    (-1215, "Value too large to fit in an INTEGER."),
    (-1218, "String to date conversion error."),
    (-1226, "Decimal or money value exceeds maximum precision."),
    (-8315, "Sequence CURRVAL is not yet defined in this session."),
    (-9700, "Routine ambiguous - more than one routine resolves to given signature."),
    (-25571, "Cannot create a user thread."),
])
def test_the_driver_describes_codes_as_informix_documents_them(code, text):
    """The client's text for each code is the text of Informix's error message file."""
    from informix_db.protocol.errors import describe_error

    assert describe_error(code)[0] == text


def test_common_isam_codes_are_described_beside_the_sql_code():
    """A duplicate key is -239/-268 with ISAM -100 "duplicate value for a record with unique
    key"; the message carries the ISAM text, so it says why as well as what."""
    from informix_db.protocol.errors import server_error

    assert str(server_error(-268, -100)) == (
        "[-268] Unique constraint violated. [ISAM -100: duplicate value for a record with unique key.]")
    assert str(server_error(-244, -107)).endswith("[ISAM -107: record is locked.]")
    assert str(server_error(-201, -12345)).endswith("[ISAM -12345]")
