"""informix_db: a fast PEP 249 driver for IBM Informix speaking SQLI over TCP itself.

::

    import informix_db
    conn = informix_db.connect("127.0.0.1", 9088, user="informix", password="in4mix",
                               database="testdb")
"""

from __future__ import annotations

from ._impl import IMPLEMENTATION
from .capabilities import ServerCapabilities
from .dbapi import Connection, Cursor
from .dbapi.options import connect_signature
from .dbapi.typeobjects import (
    BINARY,
    DATETIME,
    NUMBER,
    ROWID,
    STRING,
    Binary,
    Date,
    DateFromTicks,
    Time,
    TimeFromTicks,
    Timestamp,
    TimestampFromTicks,
)
from .exceptions import (
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    ProtocolError,
    Warning,
)
from .pool import ConnectionPool, PoolClosedError, PoolTimeoutError, create_pool
from .rows import Row
from .types import BlobLocator, ClobLocator, CollectionValue, IntervalYM, RowValue

apilevel = "2.0"
threadsafety = 1
paramstyle = "numeric"


def connect(host: str, port: int = 9088, **options) -> Connection:
    """Log in to an Informix server and optionally open ``database``.

    The keyword options (``user``, ``password``, ``database``, ``server``, timeouts, TLS,
    ``autocommit``, ...) are the fields of :class:`~informix_db.dbapi.options.ConnectOptions`,
    shared with :func:`informix_db.aio.connect`. Placeholders may be ``?`` or ``:1``-style.
    """
    return Connection(host, port, **options)


connect.__signature__ = connect_signature()  # type: ignore[attr-defined]


__all__ = [
    "BINARY", "DATETIME", "IMPLEMENTATION", "NUMBER", "ROWID", "STRING", "Binary",
    "BlobLocator", "ClobLocator", "CollectionValue", "IntervalYM", "Row", "RowValue",
    "ServerCapabilities", "Connection", "ConnectionPool", "Cursor", "DataError", "DatabaseError", "Date", "DateFromTicks", "Error",
    "IntegrityError", "InterfaceError", "InternalError", "NotSupportedError",
    "OperationalError", "PoolClosedError", "PoolTimeoutError", "ProgrammingError", "ProtocolError", "Time", "TimeFromTicks",
    "Timestamp", "TimestampFromTicks", "Warning", "apilevel", "connect", "create_pool", "paramstyle",
    "threadsafety",
]
