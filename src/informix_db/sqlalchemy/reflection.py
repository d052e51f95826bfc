"""Reflection from the Informix system catalog (systables, syscolumns, sysdefaults,
sysconstraints, sysindexes, sysreferences, syschecks, sysviews).

Informix keeps a table's owner as its schema; unqualified names resolve against the login
user, which is the dialect's default schema. Catalog CHAR columns arrive without their
trailing blanks, so text split over fixed-width rows (view and check text) is re-padded.
"""

from __future__ import annotations

import re

from sqlalchemy import exc, util
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import reflection

from informix_db.types import qualifier as qualifiers
from informix_db.types import typecodes as tc

from . import types as ifx

FIRST_USER_TABID = 100
INDEX_PARTS = 16
VIEWTEXT_WIDTH = 64  # sysviews.viewtext is CHAR(64)
CHECKTEXT_WIDTH = 32  # syschecks.checktext is CHAR(32)
FLOATING_SCALE = 255
_QUALIFIER = re.compile(r"(\w+)(?:\((\d+)\))? TO (.+)")
_PARTS = ", ".join(f"part{i}" for i in range(1, INDEX_PARTS + 1))

# sysdefaults.type -> the SQL of a default that is not a literal
_DEFAULT_KEYWORDS = {"U": "USER", "C": "CURRENT", "N": "NULL", "T": "TODAY", "S": "DBSERVERNAME"}
_STRING_CODES = (tc.CHAR, tc.NCHAR, tc.VARCHAR, tc.NVARCHAR, tc.LVARCHAR, tc.UDTVAR, tc.DATE,
                 tc.DATETIME, tc.INTERVAL)
_SIMPLE_TYPES = {
    tc.SMALLINT: sqltypes.SMALLINT, tc.INTEGER: sqltypes.INTEGER, tc.FLOAT: sqltypes.FLOAT,
    tc.SMALLFLOAT: ifx.SMALLFLOAT, tc.SERIAL: ifx.SERIAL, tc.DATE: sqltypes.DATE,
    tc.BYTE: ifx.BYTE, tc.TEXT: ifx.TEXT, tc.INT8: ifx.INT8, tc.SERIAL8: ifx.SERIAL8,
    tc.BOOLEAN: sqltypes.BOOLEAN, tc.BIGINT: sqltypes.BIGINT, tc.BIGSERIAL: ifx.BIGSERIAL,
}
_FIXED_UDTS = {tc.XID_BOOLEAN: sqltypes.BOOLEAN, tc.XID_BLOB: ifx.BLOB, tc.XID_CLOB: ifx.CLOB}
_LVARCHAR_XID = 1


def column_type(coltype: int, collength: int, extended_id: int | None):
    """The SQLAlchemy type of a syscolumns row (coltype without the NOT NULL bit)."""
    code = coltype & 0xFF
    length = collength & 0xFFFF
    if code in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[code]()
    if code in (tc.CHAR, tc.NCHAR):
        return (ifx.NCHAR if code == tc.NCHAR else sqltypes.CHAR)(length)
    if code in (tc.VARCHAR, tc.NVARCHAR):
        return (ifx.NVARCHAR if code == tc.NVARCHAR else sqltypes.VARCHAR)(length & 0xFF)
    if code == tc.LVARCHAR or (code == tc.UDTVAR and extended_id == _LVARCHAR_XID):
        return ifx.LVARCHAR(length)
    if code in (tc.DECIMAL, tc.MONEY):
        precision, scale = length >> 8, length & 0xFF
        if code == tc.MONEY:
            return ifx.MONEY(precision, scale)
        return sqltypes.DECIMAL(precision, None if scale == FLOATING_SCALE else scale)
    if code in (tc.DATETIME, tc.INTERVAL):
        interval = code == tc.INTERVAL
        qualifier = _QUALIFIER.fullmatch(qualifiers.format_qualifier(length, interval))
        assert qualifier is not None, "format_qualifier writes what _QUALIFIER reads"
        start, leading, end = qualifier.groups()
        if interval:
            return ifx.INFORMIX_INTERVAL(start, end, None if leading is None else int(leading))
        return ifx.INFORMIX_DATETIME(start, end)
    if code == tc.UDTFIXED and extended_id in _FIXED_UDTS:
        return _FIXED_UDTS[extended_id]()
    util.warn(f"Did not recognize Informix column type code {coltype} (extended id {extended_id})")
    return sqltypes.NULLTYPE


def _rejoin(chunks: list[str], width: int) -> str:
    """Text stored in fixed-width CHAR rows, whose trailing blanks the driver stripped."""
    if not chunks:
        return ""
    return "".join(chunk.ljust(width) for chunk in chunks[:-1]) + chunks[-1]


class InformixReflection:
    """The ``get_*`` methods of the dialect (mixed into :class:`InformixDialect`)."""

    def _owner(self, schema):
        return schema if schema is not None else self.default_schema_name

    def _rows(self, connection, sql: str, params=()):
        return connection.exec_driver_sql(sql, tuple(params)).all()

    def _names(self, connection, tabtype: str, schema):
        rows = self._rows(
            connection,
            "SELECT tabname FROM systables WHERE owner = ? AND tabtype = ? AND tabid >= ? ORDER BY tabname",
            (self._owner(schema), tabtype, FIRST_USER_TABID),
        )
        return [row[0].rstrip() for row in rows]

    @reflection.cache
    def _tabid(self, connection, table_name, schema=None, **kw):
        rows = self._rows(
            connection,
            "SELECT tabid FROM systables WHERE tabname = ? AND owner = ? AND tabtype IN ('T', 'V')",
            (table_name, self._owner(schema)),
        )
        if not rows:
            raise exc.NoSuchTableError(f"{schema}.{table_name}" if schema else table_name)
        return rows[0][0]

    @reflection.cache
    def has_table(self, connection, table_name, schema=None, **kw):
        self._ensure_has_table_connection(connection)
        return bool(self._rows(
            connection,
            "SELECT 1 FROM systables WHERE tabname = ? AND owner = ? AND tabtype IN ('T', 'V')",
            (table_name, self._owner(schema)),
        ))

    @reflection.cache
    def has_sequence(self, connection, sequence_name, schema=None, **kw):
        return bool(self._rows(
            connection,
            "SELECT 1 FROM systables WHERE tabname = ? AND owner = ? AND tabtype = 'Q'",
            (sequence_name, self._owner(schema)),
        ))

    def has_index(self, connection, table_name, index_name, schema=None, **kw):
        if not self.has_table(connection, table_name, schema, **kw):
            return False
        return any(index["name"] == index_name for index in self.get_indexes(connection, table_name, schema, **kw))

    @reflection.cache
    def get_schema_names(self, connection, **kw):
        rows = self._rows(connection, "SELECT DISTINCT owner FROM systables WHERE tabid >= ?", (FIRST_USER_TABID,))
        return sorted(row[0].rstrip() for row in rows)

    @reflection.cache
    def get_table_names(self, connection, schema=None, **kw):
        return self._names(connection, "T", schema)

    @reflection.cache
    def get_view_names(self, connection, schema=None, **kw):
        return self._names(connection, "V", schema)

    @reflection.cache
    def get_sequence_names(self, connection, schema=None, **kw):
        return self._names(connection, "Q", schema)

    @reflection.cache
    def get_view_definition(self, connection, view_name, schema=None, **kw):
        rows = self._rows(
            connection,
            "SELECT v.viewtext FROM sysviews v, systables t WHERE v.tabid = t.tabid"
            " AND t.tabname = ? AND t.owner = ? AND t.tabtype = 'V' ORDER BY v.seqno",
            (view_name, self._owner(schema)),
        )
        if not rows:
            raise exc.NoSuchTableError(view_name)
        return _rejoin([row[0] for row in rows], VIEWTEXT_WIDTH)

    @reflection.cache
    def _column_names(self, connection, *, tabid, **kw):
        """colno -> name; ``tabid`` is a keyword so that the reflection cache keys on it."""
        rows = self._rows(connection, "SELECT colno, colname FROM syscolumns WHERE tabid = ?", (tabid,))
        return {colno: name.rstrip() for colno, name in rows}

    @reflection.cache
    def get_columns(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema, info_cache=kw.get("info_cache"))
        rows = self._rows(
            connection,
            "SELECT c.colname, c.coltype, c.collength, c.extended_id, d.type, d.default"
            " FROM syscolumns c LEFT OUTER JOIN sysdefaults d"
            " ON d.tabid = c.tabid AND d.colno = c.colno"
            " WHERE c.tabid = ? ORDER BY c.colno",
            (tabid,),
        )
        columns = []
        for name, coltype, collength, extended_id, default_type, default in rows:
            code = coltype & 0xFF
            columns.append({
                "name": name.rstrip(),
                "type": column_type(coltype, collength, extended_id),
                "nullable": not coltype & tc.FLAG_NOT_NULL,
                "default": _default_sql(code, default_type, default),
                "autoincrement": code in (tc.SERIAL, tc.SERIAL8, tc.BIGSERIAL),
            })
        return columns

    @reflection.cache
    def _constraints(self, connection, table_name, schema=None, **kw):
        """(constrid, name, type, column names) of the table's constraints, by index."""
        tabid = self._tabid(connection, table_name, schema, info_cache=kw.get("info_cache"))
        names = self._column_names(connection, tabid=tabid, info_cache=kw.get("info_cache"))
        rows = self._rows(
            connection,
            f"SELECT c.constrid, c.constrname, c.constrtype, {_PARTS}"
            " FROM sysconstraints c, sysindexes i"
            " WHERE c.tabid = ? AND i.tabid = c.tabid AND i.idxname = c.idxname ORDER BY c.constrname",
            (tabid,),
        )
        return [
            (row[0], row[1].rstrip(), row[2], [names[abs(p)] for p in row[3:] if p])
            for row in rows
        ]

    @reflection.cache
    def get_pk_constraint(self, connection, table_name, schema=None, **kw):
        for _, name, kind, columns in self._constraints(connection, table_name, schema, **kw):
            if kind == "P":
                return {"name": name, "constrained_columns": columns}
        return {"name": None, "constrained_columns": []}

    @reflection.cache
    def get_unique_constraints(self, connection, table_name, schema=None, **kw):
        return [
            {"name": name, "column_names": columns}
            for _, name, kind, columns in self._constraints(connection, table_name, schema, **kw)
            if kind == "U"
        ]

    @reflection.cache
    def get_foreign_keys(self, connection, table_name, schema=None, **kw):
        own = {
            constrid: (name, columns)
            for constrid, name, kind, columns in self._constraints(connection, table_name, schema, **kw)
            if kind == "R"
        }
        if not own:
            return []
        marks = ", ".join("?" * len(own))
        rows = self._rows(
            connection,
            f"SELECT r.constrid, r.delrule, t.tabname, t.owner, {_PARTS.replace('part', 'i.part')},"
            " t.tabid FROM sysreferences r, sysconstraints p, systables t, sysindexes i"
            f" WHERE r.constrid IN ({marks}) AND p.constrid = r.primary AND t.tabid = r.ptabid"
            " AND i.tabid = p.tabid AND i.idxname = p.idxname",
            list(own),
        )
        keys = []
        for row in rows:
            constrid, delrule, ptable, powner = row[0], row[1], row[2].rstrip(), row[3].rstrip()
            parts, ptabid = row[4:4 + INDEX_PARTS], row[-1]
            pnames = self._column_names(connection, tabid=ptabid, info_cache=kw.get("info_cache"))
            name, columns = own[constrid]
            keys.append({
                "name": name,
                "constrained_columns": columns,
                "referred_schema": None if schema is None and powner == self.default_schema_name else powner,
                "referred_table": ptable,
                "referred_columns": [pnames[abs(p)] for p in parts if p],
                "options": {"ondelete": "CASCADE"} if delrule == "C" else {},
            })
        return sorted(keys, key=lambda key: key["name"])

    @reflection.cache
    def get_indexes(self, connection, table_name, schema=None, **kw):
        """Indexes other than those Informix keeps for constraints (those are reflected as
        the constraints themselves); a negative part number is a descending column."""
        tabid = self._tabid(connection, table_name, schema, info_cache=kw.get("info_cache"))
        names = self._column_names(connection, tabid=tabid, info_cache=kw.get("info_cache"))
        rows = self._rows(
            connection,
            f"SELECT idxname, idxtype, {_PARTS} FROM sysindexes WHERE tabid = ?"
            " AND idxname NOT IN (SELECT idxname FROM sysconstraints WHERE tabid = ? AND idxname IS NOT NULL)"
            " ORDER BY idxname",
            (tabid, tabid),
        )
        indexes = []
        for row in rows:
            parts = [p for p in row[2:] if p]
            index = {
                "name": row[0].rstrip(),
                "unique": row[1] == "U",
                "column_names": [names[abs(p)] for p in parts],
            }
            descending = {names[abs(p)]: ("desc",) for p in parts if p < 0}
            if descending:
                index["column_sorting"] = descending
            indexes.append(index)
        return indexes

    @reflection.cache
    def get_check_constraints(self, connection, table_name, schema=None, **kw):
        tabid = self._tabid(connection, table_name, schema, info_cache=kw.get("info_cache"))
        rows = self._rows(
            connection,
            "SELECT c.constrname, k.checktext FROM sysconstraints c, syschecks k"
            " WHERE c.tabid = ? AND c.constrtype = 'C' AND k.constrid = c.constrid AND k.type = 'T'"
            " ORDER BY c.constrname, k.seqno",
            (tabid,),
        )
        chunks: dict[str, list[str]] = {}
        for name, checktext in rows:
            chunks.setdefault(name.rstrip(), []).append(checktext)
        return [{"name": name, "sqltext": _check_body(_rejoin(parts, CHECKTEXT_WIDTH))}
                for name, parts in chunks.items()]

    def get_table_comment(self, connection, table_name, schema=None, **kw):
        raise NotImplementedError("Informix has no table comments")


def _check_body(sqltext: str) -> str:
    """The condition of a stored check text, without its outer parentheses."""
    stripped = sqltext.strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        return stripped[1:-1].strip()
    return stripped


def _default_sql(code: int, default_type, default) -> str | None:
    """A column's server default as SQL text, from its sysdefaults row."""
    if default_type is None:
        return None
    if default_type in _DEFAULT_KEYWORDS:
        return _DEFAULT_KEYWORDS[default_type]
    value = (default or "").rstrip()
    if code in _STRING_CODES:
        return "'" + value.replace("'", "''") + "'"
    if code == tc.BOOLEAN or code == tc.UDTFIXED:
        return "'t'" if value.lower() in ("t", "1") else "'f'"
    return value.split()[0] if value.split() else value
