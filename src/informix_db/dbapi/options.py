"""The connect keywords, named once for ``informix_db.connect``, ``Connection`` and the
asyncio ``connect``: their names, defaults, and the check of what a caller passed."""

from __future__ import annotations

import inspect
import ssl
from dataclasses import MISSING, dataclass, field, fields

from ..protocol.core import DEFAULT_FETCH_SIZE


@dataclass(frozen=True, kw_only=True)
class ConnectOptions:
    """What a connection is opened with, besides host and port.

    ``server`` is the DBSERVERNAME of the listener; ``tls`` is True (a default context that
    verifies the certificate and host name; ``tls_verify=False`` turns that off) or an
    ``ssl.SSLContext`` used as given; ``fetch_buffer_size`` is the NFETCH byte budget per
    batch of rows.
    """

    user: str
    password: str | None = field(repr=False)
    database: str | None = None
    server: str = "informix"
    connect_timeout: float | None = None
    read_timeout: float | None = None
    keepalive: bool = False
    autocommit: bool = False
    client_locale: str = "en_US.8859-1"
    env: dict[str, str] | None = None
    row_factory: object | None = None
    tls: bool | ssl.SSLContext = False
    tls_server_hostname: str | None = None
    tls_verify: bool = True
    fetch_buffer_size: int = DEFAULT_FETCH_SIZE

    @classmethod
    def from_kwargs(cls, caller: str, kwargs: dict) -> ConnectOptions:
        """The options a caller passed as keywords; TypeError naming ``caller`` otherwise."""
        unknown = sorted(set(kwargs) - _NAMES)
        if unknown:
            raise TypeError(f"{caller}() got unexpected keyword argument(s): {', '.join(unknown)}")
        missing = [name for name in _REQUIRED if name not in kwargs]
        if missing:
            raise TypeError(f"{caller}() missing required keyword argument(s): {', '.join(missing)}")
        return cls(**kwargs)


_NAMES = frozenset(f.name for f in fields(ConnectOptions))
_REQUIRED = tuple(f.name for f in fields(ConnectOptions)
                  if f.default is MISSING and f.default_factory is MISSING)


def connect_signature(*leading: str) -> inspect.Signature:
    """``(host, port=9088, *, <every connect option>)`` after the ``leading`` parameters
    (e.g. ``self``), for the ``__signature__`` of functions taking ``**options``."""
    params = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in leading]
    params.append(inspect.Parameter("host", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str))
    params.append(inspect.Parameter("port", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=9088,
                                    annotation=int))
    for f in fields(ConnectOptions):
        default = inspect.Parameter.empty if f.default is MISSING else f.default
        params.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=f.type))
    return inspect.Signature(params)
