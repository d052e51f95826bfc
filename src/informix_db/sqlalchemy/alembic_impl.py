"""Alembic support: ``ALTER TABLE`` as Informix writes it.

Informix adds and drops columns without the COLUMN keyword, changes a column with
``MODIFY (name type [DEFAULT x] [NOT NULL])`` (the whole definition, so the existing type,
default and nullability fill what a migration leaves out), and renames with
``RENAME COLUMN t.a TO b`` / ``RENAME TABLE a TO b``. DDL is transactional in a logged database.
"""

from __future__ import annotations

from alembic.ddl import base
from alembic.ddl.impl import DefaultImpl
from sqlalchemy import Column
from sqlalchemy import types as sqltypes
from sqlalchemy.ext.compiler import compiles

from . import types as ifx

# Reflected serial types stand for the integer key a model declares.
_SERIAL_FOR = {ifx.SERIAL: sqltypes.Integer, ifx.SERIAL8: sqltypes.BigInteger, ifx.BIGSERIAL: sqltypes.BigInteger}


class InformixImpl(DefaultImpl):
    __dialect__ = "informix"
    transactional_ddl = True

    def alter_column(self, table_name, column_name, *, nullable=None, server_default=False, name=None,
                     type_=None, schema=None, existing_type=None, existing_server_default=None,
                     existing_nullable=None, **kw):
        if nullable is not None or server_default is not False or type_ is not None:
            self._exec(ModifyColumn(
                table_name, column_name, schema=schema,
                type_=type_ if type_ is not None else existing_type,
                nullable=nullable if nullable is not None else existing_nullable,
                server_default=server_default if server_default is not False else existing_server_default,
            ))
        if name is not None:
            self._exec(base.ColumnName(table_name, column_name, name, schema=schema))

    def compare_type(self, inspector_column, metadata_column) -> bool:
        """A reflected SERIAL matches the model's autoincrement integer key."""
        integer = _SERIAL_FOR.get(type(inspector_column.type))
        if integer is not None and isinstance(metadata_column.type, integer) and metadata_column.autoincrement in (True, "auto"):
            return False
        return super().compare_type(inspector_column, metadata_column)


class ModifyColumn(base.AlterColumn):
    def __init__(self, name, column_name, *, schema, type_, nullable, server_default):
        super().__init__(name, column_name, schema=schema)
        if type_ is None:
            raise ValueError(f"changing column {column_name!r} on Informix needs its type (existing_type=...)")
        self.type_, self.nullable, self.server_default = type_, nullable, server_default


@compiles(ModifyColumn, "informix")
def _modify_column(element, compiler, **kw):
    column = Column(element.column_name, element.type_, nullable=element.nullable is not False,
                    server_default=element.server_default or None)
    spec = compiler.get_column_specification(column)
    return "%s MODIFY (%s)" % (base.alter_table(compiler, element.table_name, element.schema), spec)


@compiles(base.AddColumn, "informix")
def _add_column(element, compiler, **kw):
    return "%s ADD (%s)" % (base.alter_table(compiler, element.table_name, element.schema),
                            compiler.get_column_specification(element.column))


@compiles(base.DropColumn, "informix")
def _drop_column(element, compiler, **kw):
    return "%s DROP %s" % (base.alter_table(compiler, element.table_name, element.schema),
                           base.format_column_name(compiler, element.column.name))


@compiles(base.ColumnName, "informix")
def _rename_column(element, compiler, **kw):
    return "RENAME COLUMN %s.%s TO %s" % (
        base.format_table_name(compiler, element.table_name, element.schema),
        base.format_column_name(compiler, element.column_name),
        base.format_column_name(compiler, element.newname))


@compiles(base.RenameTable, "informix")
def _rename_table(element, compiler, **kw):
    return "RENAME TABLE %s TO %s" % (
        base.format_table_name(compiler, element.table_name, element.schema),
        base.format_table_name(compiler, element.new_table_name, None))
