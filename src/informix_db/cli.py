"""The ``ifx`` command: run SQL against a server, or serve the embedded SQLI server.

``ifx sql --embedded "SELECT ..."`` starts an embedded server in-process, runs the
statements and prints each result as a table; ``ifx serve`` runs the embedded server in
the foreground until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from .dbapi.sqltext import split_statements
from .protocol.constants import DEFAULT_PASSWORD, DEFAULT_PORT, DEFAULT_SERVER, DEFAULT_USER


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as an aligned text table, NULL shown as ``NULL``."""
    cells = [["NULL" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [rule, "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |", rule]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.append(rule)
    return "\n".join(lines)


def _run_sql(conn, script: str, out) -> None:
    cur = conn.cursor()
    for statement in split_statements(script):
        cur.execute(statement)
        if cur.description:
            rows = cur.fetchall()
            out.write(format_table([d[0] for d in cur.description], rows) + "\n")
            out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
        else:
            out.write(f"OK, {cur.rowcount} row(s) affected\n")
    conn.commit()


def cmd_sql(args) -> int:
    import informix_db

    script = args.sql if args.sql != "-" else sys.stdin.read()
    kwargs = {
        "user": args.user,
        "password": args.password if args.password is not None else os.environ.get("IFX_PASSWORD", DEFAULT_PASSWORD),
        "server": args.server,
        "database": args.database,
    }
    try:
        if args.embedded:
            from .testing import EmbeddedServer

            with EmbeddedServer(data_dir=args.data) as srv:
                kwargs.update(host=srv.host, port=srv.port)
                with informix_db.connect(**kwargs) as conn:
                    _run_sql(conn, script, sys.stdout)
        else:
            with informix_db.connect(host=args.host, port=args.port, **kwargs) as conn:
                _run_sql(conn, script, sys.stdout)
    except informix_db.Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args) -> int:
    from .testing import EmbeddedServer

    if args.tls_port is not None and not args.tls_cert:
        print("error: --tls-port needs --tls-cert (and --tls-key unless the cert file holds the key)",
              file=sys.stderr)
        return 2
    limits = {"max_connections": args.max_connections} if args.max_connections is not None else {}
    try:
        server = EmbeddedServer(host=args.host, port=args.port, data_dir=args.data, server_name=args.server,
                                tls_port=args.tls_port, tls_cert=args.tls_cert, tls_key=args.tls_key,
                                login_timeout=args.login_timeout, idle_timeout=args.idle_timeout, **limits)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    def stop(signum, frame):
        server.stop()

    def report_ready() -> None:
        print(f"listening on {server.host}:{server.port}", flush=True)
        if server.tls_port is not None:
            print(f"listening with TLS on {server.host}:{server.tls_port}", flush=True)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    server.serve_forever(on_ready=report_ready)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ifx", description="Informix SQLI tools")
    sub = parser.add_subparsers(dest="command", required=True)

    sql = sub.add_parser("sql", help="run SQL statements (separated by ;) and print the results")
    sql.add_argument("sql", help="SQL text, or - to read it from standard input")
    sql.add_argument("--embedded", action="store_true", help="run against an in-process embedded server")
    sql.add_argument("--data", help="embedded server data directory (default: in memory)")
    sql.add_argument("--host", default=os.environ.get("IFX_HOST", "127.0.0.1"))
    sql.add_argument("--port", type=int, default=int(os.environ.get("IFX_PORT", DEFAULT_PORT)))
    sql.add_argument("--user", default=os.environ.get("IFX_USER", DEFAULT_USER))
    sql.add_argument("--password", help="default: $IFX_PASSWORD or the developer image's default")
    sql.add_argument("--server", default=os.environ.get("IFX_SERVER", DEFAULT_SERVER))
    sql.add_argument("--database", "-d", default=os.environ.get("IFX_DATABASE"))
    sql.set_defaults(func=cmd_sql)

    serve = sub.add_parser("serve", help="run the embedded SQLI server in the foreground")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--data", help="directory to persist databases in (default: in memory)")
    serve.add_argument("--server", default=DEFAULT_SERVER, help="DBSERVERNAME to answer to")
    serve.add_argument("--tls-port", type=int, help="also serve TLS on this port (0: a free one)")
    serve.add_argument("--tls-cert", help="PEM certificate chain for the TLS listener")
    serve.add_argument("--tls-key", help="PEM private key for the TLS listener (default: in --tls-cert)")
    serve.add_argument("--max-connections", type=int,
                       help="refuse logins beyond this many connections at once (default: 256)")
    serve.add_argument("--login-timeout", type=float,
                       help="seconds a client may take to log in, TLS handshake included (default: 10)")
    serve.add_argument("--idle-timeout", type=float,
                       help="close a logged-in connection silent this many seconds (default: never)")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
