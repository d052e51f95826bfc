"""``ifx serve``: the embedded SQLI server in the foreground until SIGINT/SIGTERM."""

from __future__ import annotations

import signal

from ..protocol.constants import DEFAULT_PORT, DEFAULT_SERVER
from . import connection
from .errors import CliError


def add_commands(sub) -> None:
    serve = sub.add_parser("serve", help="run the embedded SQLI server in the foreground")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--data", help="directory to persist databases in (default: in memory)")
    serve.add_argument("--server", default=DEFAULT_SERVER, help="DBSERVERNAME to answer to")
    serve.add_argument("--demo", action="store_true", help="create the stores demo database (unless it exists)")
    serve.add_argument("--tls-port", type=int, help="also serve TLS on this port (0: a free one)")
    serve.add_argument("--tls-cert", help="PEM certificate chain for the TLS listener")
    serve.add_argument("--tls-key", help="PEM private key for the TLS listener (default: in --tls-cert)")
    serve.add_argument("--max-connections", type=int,
                       help="refuse logins beyond this many connections at once (default: 256)")
    serve.add_argument("--login-timeout", type=float,
                       help="seconds a client may take to log in, TLS handshake included (default: 10)")
    serve.add_argument("--idle-timeout", type=float,
                       help="close a logged-in connection silent this many seconds (default: never)")
    serve.set_defaults(func=run)


def run(args) -> int:
    server_class = connection.embedded_server_class()
    if args.tls_port is not None and not args.tls_cert:
        raise CliError("--tls-port needs --tls-cert (and --tls-key unless the cert file holds the key)", status=2)
    limits = {"max_connections": args.max_connections} if args.max_connections is not None else {}
    try:
        server = server_class(host=args.host, port=args.port, data_dir=args.data, server_name=args.server,
                              tls_port=args.tls_port, tls_cert=args.tls_cert, tls_key=args.tls_key,
                              login_timeout=args.login_timeout, idle_timeout=args.idle_timeout, demo=args.demo, **limits)
    except (OSError, ValueError) as exc:
        raise CliError(str(exc), status=2) from None

    def stop(signum, frame):
        server.stop()

    def report_ready() -> None:
        print(f"listening on {server.host}:{server.port}", flush=True)
        if server.tls_port is not None:
            print(f"listening with TLS on {server.host}:{server.tls_port}", flush=True)
        if args.demo:
            print("demo database: stores", flush=True)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    with connection.listening(server):
        server.serve_forever(on_ready=report_ready)
    return 0
