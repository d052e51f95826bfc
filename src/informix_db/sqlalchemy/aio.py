"""The asyncio dialect: ``create_async_engine("informix+aio://...")`` on :mod:`informix_db.aio`.

SQLAlchemy's greenlet bridge drives the native asyncio connection, as it does for asyncpg
and psycopg; the URL is read as for the blocking dialect.
"""

from __future__ import annotations

from sqlalchemy import pool
from sqlalchemy.connectors.asyncio import (
    AsyncAdapt_dbapi_connection,
    AsyncAdapt_dbapi_cursor,
    AsyncAdapt_dbapi_ss_cursor,
)
from sqlalchemy.util.concurrency import await_only

from .informix_db import InformixDialect_informix_db


class AsyncAdapt_informix_cursor(AsyncAdapt_dbapi_cursor):
    __slots__ = ()

    def _make_new_cursor(self, connection):
        return self.await_(connection.cursor())

    def _aenter_cursor(self, cursor):
        return cursor


class AsyncAdapt_informix_ss_cursor(AsyncAdapt_dbapi_ss_cursor):
    __slots__ = ()

    def _make_new_cursor(self, connection):
        return self.await_(connection.cursor(stream=True))

    def _aenter_cursor(self, cursor):
        return cursor


class AsyncAdapt_informix_connection(AsyncAdapt_dbapi_connection):
    """The blocking-connection surface the dialect uses, over an AsyncConnection."""

    _cursor_cls = AsyncAdapt_informix_cursor
    _ss_cursor_cls = AsyncAdapt_informix_ss_cursor
    __slots__ = ()

    def cursor(self, server_side: bool = False, *, stream: bool = False):
        return super().cursor(server_side=server_side or stream)

    @property
    def user(self) -> str:
        return self._connection.user

    @property
    def autocommit(self) -> bool:
        return self._connection.autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        self.await_(self._connection.set_autocommit(value))

    @property
    def server_version(self) -> str:
        cursor = self.cursor()
        try:
            cursor.execute("SELECT FIRST 1 DBINFO('version','full') FROM systables")
            row = cursor.fetchone()
        finally:
            cursor.close()
        return str(row[0]).strip() if row and row[0] else self._connection.server_version_internal

    def ping(self) -> None:
        self.await_(self._connection.ping())

    def terminate(self) -> None:
        self._connection._abort()


class AsyncAdapt_informix_dbapi:
    """The DB-API module surface (exceptions, paramstyle, connect) for the async dialect."""

    def __init__(self, informix_db) -> None:
        self.informix_db = informix_db
        self.paramstyle = informix_db.paramstyle
        for name in ("Error", "Warning", "InterfaceError", "DatabaseError", "DataError",
                     "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
                     "NotSupportedError", "ProtocolError", "Binary", "STRING", "NUMBER", "DATETIME",
                     "BINARY", "ROWID"):
            setattr(self, name, getattr(informix_db, name))

    def connect(self, host, port=9088, **kwargs):
        from informix_db import aio

        return AsyncAdapt_informix_connection(self, await_only(aio.connect(host, port, **kwargs)))


class InformixDialect_aio(InformixDialect_informix_db):
    driver = "aio"
    is_async = True
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls):
        import informix_db

        return AsyncAdapt_informix_dbapi(informix_db)

    @classmethod
    def get_pool_class(cls, url):
        return pool.AsyncAdaptedQueuePool

    def get_driver_connection(self, connection):
        return connection._connection

    def do_terminate(self, dbapi_connection) -> None:
        dbapi_connection.terminate()


dialect = InformixDialect_aio
