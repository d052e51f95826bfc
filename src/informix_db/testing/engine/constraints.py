"""Referential (FOREIGN KEY) and CHECK constraints: their catalog records and their enforcement.

DuckDB's own constraints cannot give Informix's errors (nor ON DELETE CASCADE in a form its
MVCC accepts), so the engine checks them itself after each write, inside the statement's
atomic unit: a violation undoes the whole statement.

- ``-691``: a child row names a parent key that does not exist (INSERT or UPDATE of the child);
- ``-692``: a parent key is still referenced (DELETE without CASCADE, UPDATE of the key);
- ``-530``: a CHECK condition is false for a row (NULL passes, as in SQL).
"""

from __future__ import annotations

import re

from . import ddl, sqltext
from .base import quote_ident, translator_for
from .catalog import CONSTRAINT_ID_BASE
from .errors import ISAM_NO_SUCH_FILE, SqlError
from .session import EngineSession, TableInfo
from .translate import parse

E_MISSING_PARENT_KEY = -691
E_KEY_REFERENCED = -692
E_CHECK_FAILED = -530
E_NO_PARENT_KEY = -297  # "Cannot find unique constraint or primary key on referenced table" (-296 is a table not available)
E_TEMP_REFERENCE = -201  # a temp table can neither reference nor be referenced (CREATE TEMP TABLE syntax)

CASCADE_DEPTH = 8  # cascaded deletes through self-references stop here


# ---- definition ------------------------------------------------------------------------------------------
def check_sql(session: EngineSession, text: str) -> str:
    """The DuckDB condition of an Informix CHECK condition."""
    tree = parse(sqltext.lex(f"SELECT 1 WHERE {text}").text)
    tree = translator_for(session).translate(tree)
    return tree.args["where"].this.sql(dialect="duckdb")


def define(session: EngineSession, table: TableInfo, foreign_keys: list[ddl.ForeignKey],
           checks: list[ddl.Check]) -> None:
    """Record ``table``'s new constraints (its columns already exist) and prove its rows obey them."""
    if not foreign_keys and not checks:
        return
    names = [c.name for c in table.columns]
    if table.tabid == 0:
        if foreign_keys:
            raise SqlError(E_TEMP_REFERENCE, near=table.name)
        for number, check in enumerate(checks, start=len(table.checks) + 1):
            table.checks.append((check.name or f"c{table.name}_{number}", check_sql(session, check.text)))
        _verify(session, table)
        return
    q = f"{session.db.catalog}.main"
    first = session.read(f"SELECT coalesce(max(constrid), {CONSTRAINT_ID_BASE}) + 1 FROM {q}._ifx_constraints").fetchone()[0]
    for offset, key in enumerate(foreign_keys):
        for col in key.columns:
            if col not in names:
                raise SqlError(-217, near=col)
        parent = table if key.parent == table.name else session.table(key.parent)
        if parent is None:
            raise SqlError(-206, ISAM_NO_SUCH_FILE, near=key.parent)
        if parent.tabid == 0:
            raise SqlError(E_TEMP_REFERENCE, near=parent.name)
        parent_columns = key.parent_columns or _primary_key(parent)
        if len(parent_columns) != len(key.columns) or not any(
            k.kind in ("P", "U") and sorted(k.columns) == sorted(parent_columns) for k in parent.keys
        ):
            raise SqlError(E_NO_PARENT_KEY, near=parent.name)
        constrid = first + offset
        session.write(
            f"INSERT INTO {q}._ifx_constraints VALUES ($1, $2, $3, $4, 'R', $5, $6, $7, $8, NULL, NULL)",
            [constrid, key.name or f"r{table.tabid}_{constrid - CONSTRAINT_ID_BASE}", table.owner, table.tabid,
             ",".join(key.columns), parent.tabid, ",".join(parent_columns), "C" if key.cascade else "R"],
        )
    for offset, check in enumerate(checks, start=len(foreign_keys)):
        constrid = first + offset
        session.write(
            f"INSERT INTO {q}._ifx_constraints VALUES ($1, $2, $3, $4, 'C', NULL, NULL, NULL, NULL, $5, $6)",
            [constrid, check.name or f"c{table.tabid}_{constrid - CONSTRAINT_ID_BASE}", table.owner, table.tabid,
             check.text, check_sql(session, check.text)],
        )
    session.forget_tables()
    _verify(session, session.table(table.name))


def _primary_key(table: TableInfo) -> list[str]:
    for key in table.keys:
        if key.kind == "P":
            return list(key.columns)
    raise SqlError(E_NO_PARENT_KEY, near=table.name)


def _verify(session: EngineSession, table: TableInfo) -> None:
    """Existing rows must obey constraints added to a table (ALTER TABLE ADD CONSTRAINT)."""
    after_write(session, table, None)


def drop(session: EngineSession, table: TableInfo, name: str) -> bool:
    """Drop ``table``'s referential or check constraint ``name``; whether there was one."""
    if table.tabid == 0:
        before = len(table.checks)
        table.checks = [c for c in table.checks if c[0] != name]
        return len(table.checks) != before
    q = f"{session.db.catalog}.main"
    count = session.write(
        f"DELETE FROM {q}._ifx_constraints WHERE tabid = $1 AND constrname = $2", [table.tabid, name]
    ).fetchone()[0]
    return bool(count)


def drop_for_column(session: EngineSession, table: TableInfo, column: str) -> None:
    """ALTER TABLE DROP column: the constraints on that column go with it."""
    if table.tabid == 0:
        table.checks = [c for c in table.checks if not _mentions(c[1], column)]
        return
    q = f"{session.db.catalog}.main"
    rows = session.read(
        f"SELECT constrname, colnames, ref_colnames, checktext, ref_tabid FROM {q}._ifx_constraints"
        f" WHERE tabid = $1 OR ref_tabid = $1", [table.tabid],
    ).fetchall()
    for name, colnames, ref_colnames, checktext, ref_tabid in rows:
        own = column in (colnames or "").split(",") or _mentions(checktext or "", column)
        referenced = ref_tabid == table.tabid and column in (ref_colnames or "").split(",")
        if own or referenced:
            session.write(f"DELETE FROM {q}._ifx_constraints WHERE constrname = $1", [name])


def rename_column(session: EngineSession, table: TableInfo, old: str, new: str) -> None:
    """RENAME COLUMN: the constraints naming the column follow it."""
    q = f"{session.db.catalog}.main"
    rows = session.read(
        f"SELECT constrid, tabid, colnames, ref_tabid, ref_colnames, checktext FROM {q}._ifx_constraints"
        f" WHERE tabid = $1 OR ref_tabid = $1", [table.tabid],
    ).fetchall()
    renamed = lambda names: ",".join(new if n == old else n for n in names.split(",")) if names else names  # noqa: E731
    for constrid, tabid, colnames, ref_tabid, ref_colnames, checktext in rows:
        own = tabid == table.tabid
        if checktext is not None and own:
            checktext = re.sub(rf"(?<![\w$]){re.escape(old)}(?![\w$])", new, checktext, flags=re.IGNORECASE)
        session.write(
            f"UPDATE {q}._ifx_constraints SET colnames = $1, ref_colnames = $2, checktext = $3, check_sql = $4"
            " WHERE constrid = $5",
            [renamed(colnames) if own else colnames, renamed(ref_colnames) if ref_tabid == table.tabid else ref_colnames,
             checktext, check_sql(session, checktext) if checktext is not None else None, constrid],
        )


def _mentions(condition: str, column: str) -> bool:
    return any(t.text.strip('"').lower() == column for t in sqltext.tokens(condition))


def forget_table(session: EngineSession, tabid: int) -> None:
    """A dropped table takes its constraints and the references to it along (DROP TABLE's CASCADE)."""
    q = f"{session.db.catalog}.main"
    session.write(f"DELETE FROM {q}._ifx_constraints WHERE tabid = $1 OR ref_tabid = $1", [tabid])


# ---- enforcement -----------------------------------------------------------------------------------------
def _match(child: str, key: ddl.ForeignKey, parent: str) -> str:
    return " AND ".join(
        f"{child}.{quote_ident(c)} = {parent}.{quote_ident(p)}" for c, p in zip(key.columns, key.parent_columns)
    )


def _orphans(session: EngineSession, child: TableInfo, key: ddl.ForeignKey) -> bool:
    parent = child if key.parent == child.name else session.table(key.parent)
    present = " AND ".join(f"c.{quote_ident(col)} IS NOT NULL" for col in key.columns)
    return bool(session.read(
        f"SELECT 1 FROM {child.duck_name} c WHERE {present} AND NOT EXISTS"
        f" (SELECT 1 FROM {parent.duck_name} p WHERE {_match('c', key, 'p')}) LIMIT 1"
    ).fetchone())


def after_write(session: EngineSession, table: TableInfo, changed: set[str] | None) -> None:
    """Check ``table`` after an INSERT (``changed`` None) or an UPDATE of the ``changed`` columns."""
    for name, condition in table.checks:
        if session.read(f"SELECT 1 FROM {table.duck_name} WHERE NOT ({condition}) LIMIT 1").fetchone():
            raise SqlError(E_CHECK_FAILED, near=name)
    for key in table.foreign_keys:
        if (changed is None or changed.intersection(key.columns)) and _orphans(session, table, key):
            raise SqlError(E_MISSING_PARENT_KEY, near=key.name)
    if changed is None:
        return
    for child_name, key in table.referenced_by:
        child = table if child_name == table.name else session.table(child_name)
        if changed.intersection(key.parent_columns) and _orphans(session, child, key):
            raise SqlError(E_KEY_REFERENCED, near=key.name)


def after_insert(session: EngineSession, table: TableInfo, rows: list[list], names: list[str]) -> None:
    """Check the rows an INSERT just wrote (``names`` their columns), not the whole table."""
    if table.checks:
        given = {n: f"${i}" for i, n in enumerate(names, start=1)}
        values = ", ".join(
            f"{given.get(c.name) or table.defaults.get(c.name) or 'NULL'} AS {quote_ident(c.name)}" for c in table.columns
        )
        for name, condition in table.checks:
            sql = f"SELECT 1 FROM (SELECT {values}) WHERE NOT ({condition})"
            if any(session.read(sql, row).fetchone() for row in rows):
                raise SqlError(E_CHECK_FAILED, near=name)
    for key in table.foreign_keys:
        parent = table if key.parent == table.name else session.table(key.parent)
        where = " AND ".join(f"{quote_ident(p)} = ${i}" for i, p in enumerate(key.parent_columns, start=1))
        sql = f"SELECT 1 FROM {parent.duck_name} WHERE {where} LIMIT 1"
        positions = [names.index(c) if c in names else None for c in key.columns]
        wanted = {tuple(row[p] if p is not None else None for p in positions) for row in rows}
        for value in wanted:
            if None not in value and not session.read(sql, list(value)).fetchone():
                raise SqlError(E_MISSING_PARENT_KEY, near=key.name)


def before_delete(session: EngineSession, table: TableInfo, rows_sql: str, params: list, depth: int = 0) -> None:
    """Rows of ``table`` chosen by ``rows_sql`` (a query of their rowids) are about to go:
    delete the rows referencing them ON DELETE CASCADE, refuse (-692) if others reference them."""
    for child_name, key in table.referenced_by:
        child = table if child_name == table.name else session.table(child_name)
        children = (
            f"SELECT c.rowid FROM {child.duck_name} c WHERE EXISTS (SELECT 1 FROM {table.duck_name} p"
            f" WHERE p.rowid IN ({rows_sql}) AND {_match('c', key, 'p')})"
        )
        if not key.cascade:
            if session.read(children + " LIMIT 1", params).fetchone():
                raise SqlError(E_KEY_REFERENCED, near=key.name)
            continue
        if depth < CASCADE_DEPTH:
            before_delete(session, child, children, params, depth + 1)
        cascaded = session.read(children, params).fetchall()  # locked as the DELETE's own rows
        session.lock([("row", child.duck_name, r[0]) for r in cascaded], "delete")
        session.write(f"DELETE FROM {child.duck_name} WHERE rowid IN ({children})", params)
