"""The embedded server's SQL engine: Informix SQL on DuckDB, with Informix types and errors.

``Engine`` holds the databases; each client connection gets an ``EngineSession`` whose
``prepare`` returns a ``Statement`` (``execute`` for DML/DDL, ``open`` -> ``ResultCursor``).
"""

from .engine import Engine
from .errors import SqlError
from .session import EngineSession
from .statements import ResultCursor, Statement

__all__ = ["Engine", "EngineSession", "ResultCursor", "SqlError", "Statement"]
