"""``ifx unload`` (query to file) and ``ifx load`` (file to table), with progress on stderr."""

from __future__ import annotations

import contextlib
import os
import sys

from ..transfer import FileOptions, TextStyle, load, unload
from ..transfer.formats import FORMATS, READERS, format_of
from . import connection
from .errors import CliError
from .progress import Progress


def add_commands(sub) -> None:
    out = sub.add_parser("unload", help="write the rows of a query to a file (UNL, CSV, JSON lines or Parquet)")
    out.add_argument("sql", help="the SELECT to run")
    out.add_argument("--output", "-o", required=True, help="file to write (- for standard output)")
    _add_file_arguments(out)
    connection.add_arguments(out)
    out.set_defaults(func=run_unload)

    into = sub.add_parser("load", help="insert the records of a file into a table")
    into.add_argument("table")
    into.add_argument("file", help="file to read (- for standard input)")
    _add_file_arguments(into)
    into.add_argument("--commit-every", type=int, default=1000, metavar="N",
                      help="commit after every N rows (default 1000)")
    into.add_argument("--max-errors", type=int, default=0, metavar="N",
                      help="bad records to reject before stopping (default 0: stop at the first)")
    into.add_argument("--reject-file", metavar="FILE", help="write rejected records here, as they were read")
    into.add_argument("--create", action="store_true",
                      help="create the table first if it does not exist, with column types read from the file")
    connection.add_arguments(into)
    into.set_defaults(func=run_load)


def _add_file_arguments(parser) -> None:
    parser.add_argument("--format", choices=FORMATS,
                        help="file format (default: from the file name's extension, else unl)")
    parser.add_argument("--delimiter", help="UNL field delimiter (default: $DBDELIMITER or |)")
    parser.add_argument("--encoding", default="utf-8", help="file encoding (default utf-8)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")


def _options(args) -> FileOptions:
    delimiter = args.delimiter or os.environ.get("DBDELIMITER") or "|"
    try:
        style = TextStyle.from_environment(os.environ)
    except ValueError as exc:
        raise CliError(str(exc), status=2) from None
    return FileOptions(delimiter=delimiter, style=style, encoding=args.encoding)


@contextlib.contextmanager
def _binary(path: str, mode: str):
    if path == "-":
        yield sys.stdout.buffer if mode == "wb" else sys.stdin.buffer
        return
    with open(path, mode) as stream:
        yield stream


def run_unload(args) -> int:
    options = _options(args)
    fmt = format_of(args.output, args.format)
    with connection.connect(args) as conn, _binary(args.output, "wb") as stream:
        progress = Progress("unload", quiet=args.quiet)
        try:
            rows, nbytes = unload(conn, args.sql, stream, fmt, options, progress=progress.update)
        finally:
            progress.close()
    if not args.quiet:
        print(progress.summary("unloaded", rows, nbytes), file=sys.stderr)
    return 0


def run_load(args) -> int:
    options = _options(args)
    fmt = format_of(args.file, args.format)
    total = os.path.getsize(args.file) if args.file != "-" and os.path.isfile(args.file) else None
    if fmt == "parquet" and args.file == "-":
        raise CliError("Parquet is read from a file (its footer comes last), not standard input", status=2)
    with connection.connect(args) as conn:
        if args.create:
            _create_table(conn, args, fmt, options)
        with _binary(args.file, "rb") as stream, _reject_file(args) as reject:
            reader = READERS[fmt](stream, options)
            progress = Progress(f"load {args.table}", total_bytes=total, quiet=args.quiet)
            try:
                report = load(conn, args.table, reader, commit_every=args.commit_every,
                              max_errors=args.max_errors, reject=reject, progress=progress.update)
            finally:
                progress.close()
    if not args.quiet:
        print(progress.summary("loaded", report.rows, reader.bytes_read), file=sys.stderr)
        if report.rejected:
            line, reason = report.first_error
            print(f"rejected {report.rejected} record(s); the first, line {line}: {reason}", file=sys.stderr)
    return 0


@contextlib.contextmanager
def _reject_file(args):
    if args.reject_file is None:
        yield None
        return
    with open(args.reject_file, "w", encoding=args.encoding, newline="") as stream:
        yield stream


def _create_table(conn, args, fmt: str, options: FileOptions) -> None:
    from ..transfer.schema import create_table_sql, table_exists

    if table_exists(conn, args.table):
        return
    if fmt == "jsonl":
        raise CliError("--create reads UNL and CSV files; create the table first to load JSON lines", status=2)
    if args.file == "-":
        raise CliError("--create reads the file twice: give a file, not standard input", status=2)
    with open(args.file, "rb") as stream:
        if fmt == "parquet":  # the file's Arrow schema gives the types, as ingest(mode="create")
            from ..arrow.ingest import create_table_sql as arrow_table_sql
            from ..transfer.load import check_table_name

            sql = arrow_table_sql(check_table_name(args.table), READERS[fmt](stream, options).schema)
        else:
            sql = create_table_sql(args.table, READERS[fmt](stream, options))
    conn.cursor().execute(sql)
    conn.commit()
