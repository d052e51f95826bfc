"""informix_db: a fast PEP 249 driver for IBM Informix speaking SQLI over TCP itself.

::

    import informix_db
    conn = informix_db.connect("127.0.0.1", 9088, user="informix", password="in4mix",
                               database="testdb")
"""

from __future__ import annotations

import ssl

from ._impl import IMPLEMENTATION
from .capabilities import ServerCapabilities
from .dbapi import Connection, Cursor
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
from .protocol.core import DEFAULT_FETCH_SIZE
from .rows import Row
from .types import BlobLocator, ClobLocator, CollectionValue, IntervalYM, RowValue

apilevel = "2.0"
threadsafety = 1
paramstyle = "numeric"


def connect(
    host: str,
    port: int = 9088,
    *,
    user: str,
    password: str | None,
    database: str | None = None,
    server: str = "informix",
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    keepalive: bool = False,
    autocommit: bool = False,
    client_locale: str = "en_US.8859-1",
    env: dict[str, str] | None = None,
    row_factory: object | None = None,
    tls: bool | ssl.SSLContext = False,
    tls_server_hostname: str | None = None,
    tls_verify: bool = True,
    fetch_buffer_size: int = DEFAULT_FETCH_SIZE,
) -> Connection:
    """Log in to an Informix server and optionally open ``database``.

    ``server`` is the DBSERVERNAME of the listener; ``tls`` is True (a default context that
    verifies the certificate and host name; ``tls_verify=False`` turns that off) or an
    ``ssl.SSLContext`` used as given; ``fetch_buffer_size`` is the NFETCH byte budget
    per batch of rows. Placeholders may be ``?`` or ``:1``-style.
    """
    return Connection(
        host, port, user=user, password=password, database=database, server=server,
        connect_timeout=connect_timeout, read_timeout=read_timeout, keepalive=keepalive,
        autocommit=autocommit, client_locale=client_locale, env=env, row_factory=row_factory,
        tls=tls, tls_server_hostname=tls_server_hostname, tls_verify=tls_verify,
        fetch_buffer_size=fetch_buffer_size,
    )


__all__ = [
    "BINARY", "DATETIME", "IMPLEMENTATION", "NUMBER", "ROWID", "STRING", "Binary",
    "BlobLocator", "ClobLocator", "CollectionValue", "IntervalYM", "Row", "RowValue",
    "ServerCapabilities", "Connection", "ConnectionPool", "Cursor", "DataError", "DatabaseError", "Date", "DateFromTicks", "Error",
    "IntegrityError", "InterfaceError", "InternalError", "NotSupportedError",
    "OperationalError", "PoolClosedError", "PoolTimeoutError", "ProgrammingError", "ProtocolError", "Time", "TimeFromTicks",
    "Timestamp", "TimestampFromTicks", "Warning", "apilevel", "connect", "create_pool", "paramstyle",
    "threadsafety",
]
