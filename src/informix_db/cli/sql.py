"""``ifx sql``: run statements and print their results, or open the interactive shell."""

from __future__ import annotations

import sys
import time

from ..dbapi.sqltext import split_statements
from . import connection
from .output import OUTPUT_FORMATS, run_statement


def add_commands(sub) -> None:
    parser = sub.add_parser("sql", help="run SQL statements (separated by ;), or open a shell without any")
    parser.add_argument("sql", nargs="?",
                        help="SQL text, or - to read it from standard input (none: an interactive shell "
                             "on a terminal, the script on standard input otherwise)")
    parser.add_argument("--format", "-f", choices=OUTPUT_FORMATS, default="table", help="how results are printed")
    parser.add_argument("--timing", action="store_true", help="print each statement's elapsed time on stderr")
    connection.add_arguments(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    interactive = args.sql is None and sys.stdin.isatty()
    script = None if interactive else (sys.stdin.read() if args.sql in (None, "-") else args.sql)
    with connection.connect(args, autocommit=interactive) as conn:
        if interactive:
            from .shell import Shell

            return Shell(conn, fmt=args.format, timing=args.timing).run()
        cur = conn.cursor()
        for statement in split_statements(script):
            started = time.perf_counter()
            run_statement(cur, statement, sys.stdout, args.format)
            if args.timing:
                print(f"Time: {(time.perf_counter() - started) * 1000:.1f} ms", file=sys.stderr)
        conn.commit()
    return 0
