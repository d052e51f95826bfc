"""The dialect on this distribution's blocking driver: ``informix://`` and ``informix+informix_db://``.

URL: ``informix://user:password@host:port/database?server=ol_informix1210&client_locale=...``.
Query parameters are the keyword arguments of :func:`informix_db.connect` (``server``,
``client_locale``, ``tls``, ``tls_verify``, ``tls_server_hostname``, ``tls_ca`` (a CA file that
``tls`` verifies against), ``connect_timeout``, ``read_timeout``, ``keepalive``,
``fetch_buffer_size``); UPPER-CASE parameters are Informix environment variables sent at
login (``DBDATE``, ``DB_LOCALE`` ...). DELIMIDENT is on unless the URL says otherwise, so
that quoted names are names.
"""

from __future__ import annotations

import ssl

from sqlalchemy import exc

from .base import InformixDialect

_FLAGS = ("tls", "tls_verify", "keepalive")
_NUMBERS = {"connect_timeout": float, "read_timeout": float, "fetch_buffer_size": int}
_TEXTS = ("server", "client_locale", "tls_server_hostname", "tls_ca")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _flag(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise exc.ArgumentError(f"URL parameter {name}={value!r} must be true or false")


def connect_args_from_url(url) -> dict:
    """Keyword arguments of :func:`informix_db.connect` from a URL's parts and query."""
    kwargs: dict = {"host": url.host or "127.0.0.1", "port": url.port or 9088,
                    "user": url.username, "password": url.password, "database": url.database}
    env = {"DELIMIDENT": "y"}
    for name, value in url.query.items():
        if isinstance(value, tuple):
            raise exc.ArgumentError(f"URL parameter {name} is given more than once")
        if name in _FLAGS:
            kwargs[name] = _flag(name, value)
        elif name in _NUMBERS:
            try:
                kwargs[name] = _NUMBERS[name](value)
            except ValueError:
                raise exc.ArgumentError(f"URL parameter {name}={value!r} must be a number") from None
        elif name in _TEXTS:
            kwargs[name] = value
        elif name.isupper():
            env[name] = value
        else:
            raise exc.ArgumentError(f"unknown URL parameter {name!r} for the informix dialect")
    cafile = kwargs.pop("tls_ca", None)
    if cafile is not None:
        kwargs["tls"] = ssl.create_default_context(cafile=cafile)
    kwargs["env"] = env
    return kwargs


class InformixDialect_informix_db(InformixDialect):
    driver = "informix_db"
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls):
        import informix_db

        return informix_db

    def create_connect_args(self, url):
        return [], connect_args_from_url(url)


dialect = InformixDialect_informix_db
