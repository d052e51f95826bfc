"""SQLAlchemy 2 dialect for Informix on this distribution's driver (extra ``[sqlalchemy]``).

``create_engine("informix://user:password@host:9088/database")`` (also
``informix+informix_db://``) and ``create_async_engine("informix+aio://...")``; the
Informix-specific types and the ``matches`` operator are importable from here.
"""

from __future__ import annotations

import importlib.util

from .base import InformixDialect, matches
from .types import (
    BIGSERIAL,
    BLOB,
    BYTE,
    CLOB,
    INFORMIX_DATETIME,
    INFORMIX_INTERVAL,
    INT8,
    LVARCHAR,
    MONEY,
    NCHAR,
    NVARCHAR,
    SERIAL,
    SERIAL8,
    SMALLFLOAT,
    TEXT,
)

if importlib.util.find_spec("alembic") is not None:
    from . import alembic_impl  # noqa: F401 - registers the Alembic implementation for "informix"

__all__ = [
    "BIGSERIAL", "BLOB", "BYTE", "CLOB", "INFORMIX_DATETIME", "INFORMIX_INTERVAL", "INT8",
    "InformixDialect", "LVARCHAR", "MONEY", "NCHAR", "NVARCHAR", "SERIAL", "SERIAL8",
    "SMALLFLOAT", "TEXT", "matches",
]
