"""Where a command connects: flags, else a URL (``--url`` or ``IFX_URL``), else the ``IFX_*``
variables, else the developer image's defaults; or an embedded server started in-process."""

from __future__ import annotations

import contextlib
import errno
import os
from urllib.parse import parse_qs, unquote, urlsplit

from ..protocol.constants import DEFAULT_PASSWORD, DEFAULT_PORT, DEFAULT_SERVER, DEFAULT_USER
from .errors import CliError

_FIELDS = ("host", "port", "user", "password", "server", "database")
_DEFAULTS = {"host": "127.0.0.1", "port": DEFAULT_PORT, "user": DEFAULT_USER, "password": DEFAULT_PASSWORD,
             "server": DEFAULT_SERVER, "database": None}


def add_arguments(parser) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument("--url", help="informix://USER:PASSWORD@HOST:PORT/DATABASE?server=NAME (default: $IFX_URL)")
    group.add_argument("--host", help="default: $IFX_HOST or 127.0.0.1")
    group.add_argument("--port", type=int, help=f"default: $IFX_PORT or {DEFAULT_PORT}")
    group.add_argument("--user", help=f"default: $IFX_USER or {DEFAULT_USER}")
    group.add_argument("--password", help="default: $IFX_PASSWORD or the developer image's default")
    group.add_argument("--server", help=f"DBSERVERNAME (default: $IFX_SERVER or {DEFAULT_SERVER})")
    group.add_argument("--database", "-d", help="default: $IFX_DATABASE")
    group.add_argument("--embedded", action="store_true", help="run against an in-process embedded server")
    group.add_argument("--demo", action="store_true", help="with --embedded: create the stores demo database")
    group.add_argument("--data", help="embedded server data directory (default: in memory)")


def parse_url(url: str) -> dict:
    """Connection settings named by an ``informix://`` URL (absent parts are left out)."""
    parts = urlsplit(url)
    if parts.scheme not in ("informix", "ifx"):
        raise CliError("a connection URL starts with informix:// (informix://USER:PASSWORD@HOST:PORT/DATABASE)")
    try:
        port = parts.port
    except ValueError:
        raise CliError("the connection URL's port is not a number") from None
    found = {"host": parts.hostname, "port": port,
             "user": unquote(parts.username) if parts.username else None,
             "password": unquote(parts.password) if parts.password is not None else None,
             "database": unquote(parts.path.lstrip("/")) or None}
    query = parse_qs(parts.query)
    if "server" in query:
        found["server"] = query["server"][-1]
    return {key: value for key, value in found.items() if value is not None}


def settings(args, environ=os.environ) -> dict:
    """Connection keyword arguments from the flags, the URL and the environment, in that order."""
    chosen = dict(_DEFAULTS)
    for field in _FIELDS:
        value = environ.get(f"IFX_{field.upper()}")
        if value:
            chosen[field] = int(value) if field == "port" else value
    url = args.url or environ.get("IFX_URL")
    if url:
        chosen.update(parse_url(url))
    for field in _FIELDS:
        value = getattr(args, field)
        if value is not None:
            chosen[field] = value
    return chosen


def embedded_server_class():
    """``EmbeddedServer``, or a CliError naming the extra it needs."""
    try:
        import duckdb  # noqa: F401
        import sqlglot  # noqa: F401
    except ImportError as exc:
        raise CliError(f"the embedded server needs the [server] extra ({exc.name} is missing): "
                       "pip install 'informix-fast[server]'") from None
    from ..testing import EmbeddedServer

    return EmbeddedServer


@contextlib.contextmanager
def listening(server):
    """Tell a busy port in one line while ``server`` starts (``start()`` or ``serve_forever()``)."""
    try:
        yield server
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CliError(f"cannot listen on {server.host}:{server.port}: the port is in use") from None
        raise


@contextlib.contextmanager
def connect(args, **options):
    """A connection as the command's flags ask for (starting an embedded server if asked)."""
    import informix_db

    kwargs = settings(args)
    if not args.embedded:
        if args.demo:
            raise CliError("--demo needs --embedded (or run `ifx serve --demo` and connect to it)", status=2)
        with informix_db.connect(**kwargs, **options) as conn:
            yield conn
        return
    server = embedded_server_class()(data_dir=args.data, demo=args.demo)
    with listening(server):
        server.start()
    try:
        if args.demo and kwargs["database"] is None:
            from ..testing.demo import DEMO_DATABASE

            kwargs["database"] = DEMO_DATABASE
        kwargs.update(host=server.host, port=server.port, server=server.server_name)
        with informix_db.connect(**kwargs, **options) as conn:
            yield conn
    finally:
        server.stop()
