"""The ``ifx`` command: SQL (one-shot or an interactive shell), unload/load of data files,
and the embedded SQLI server.

Every expected failure (a missing extra, a busy port, a refused connection or login, an SQL
error, a bad data file) ends the command with one line on stderr and a non-zero status;
``IFX_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import serve, sql, transfer
from .errors import CliError
from .output import format_table

__all__ = ["build_parser", "format_table", "main"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("informix-fast")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ifx", description="Informix SQLI tools")
    parser.add_argument("--version", action="version", version=f"ifx (informix-fast) {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (sql, transfer, serve):
        module.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if os.environ.get("IFX_DEBUG"):
        return args.func(args)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("ifx: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`ifx unload ... -o - | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        message = CliError.describe(exc)
        if message is None:
            raise
        print(f"ifx {args.command}: error: {message}", file=sys.stderr)
        return exc.status if isinstance(exc, CliError) else 1


if __name__ == "__main__":
    sys.exit(main())
