"""The failures ``ifx`` expects, each told in one line."""

from __future__ import annotations

from ..exceptions import Error
from ..transfer import FileFormatError, LoadAborted
from ..transfer.textvalues import ValueFormatError


class CliError(Exception):
    """A failure the command explains itself (its message is the whole story)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status

    @staticmethod
    def describe(exc: BaseException) -> str | None:
        """The one-line message for an expected failure; None for a bug (shown as a traceback)."""
        if isinstance(exc, (CliError, Error, FileFormatError, ValueFormatError)):
            return str(exc)
        if isinstance(exc, LoadAborted):
            report = exc.report
            return (f"load stopped at line {exc.line}: {exc.reason} "
                    f"({report.rows} rows committed, {report.rejected} rejected)")
        if isinstance(exc, OSError):
            where = f": {exc.filename}" if exc.filename else ""
            return f"{exc.strerror or exc}{where}"
        if isinstance(exc, ImportError) and "pip install" in str(exc):  # a missing extra (Parquet: [arrow])
            return str(exc)
        if isinstance(exc, ValueError):  # arguments the transfer functions refuse (delimiter, table name)
            return str(exc)
        return None
