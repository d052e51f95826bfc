"""Hooks of SQLAlchemy's test provisioning for Informix (used by its compliance suite)."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.testing.provision import delete_from_all_tables, temp_table_keyword_args


@temp_table_keyword_args.for_db("informix")
def _temp_table_keyword_args(cfg, eng):
    return {"prefixes": ["TEMP"]}


@delete_from_all_tables.for_db("informix")
def _delete_from_all_tables(connection, cfg, metadata):
    """Empty the suite's tables children first, without the default's savepoint per table."""
    names = set(inspect(connection).get_table_names())
    for table in reversed(metadata.sorted_tables):
        if table.name in names and table.schema is None:
            connection.execute(table.delete())
