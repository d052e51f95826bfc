"""PEP 249 exception hierarchy.

Server errors carry the Informix ``sqlcode``, ``isamcode``, ``offset`` (position in the
SQL text) and ``near`` (the object name the server named), as the peer driver does.
"""

from __future__ import annotations


class Warning(Exception):
    """Important warnings such as data truncation."""


class Error(Exception):
    """Base class of every error the driver raises."""

    sqlcode: int | None = None
    isamcode: int = 0
    offset: int = 0
    near: str = ""


class InterfaceError(Error):
    """A problem with the driver or its use, not with the database."""


class ProtocolError(InterfaceError):
    """The byte stream from the server violates SQLI framing; the connection is unusable."""


class DatabaseError(Error):
    """An error reported by, or related to, the database."""


class DataError(DatabaseError):
    """A value is out of range, cannot be converted, or divides by zero."""


class OperationalError(DatabaseError):
    """The connection or the server's operation failed (network, timeout, lock, login)."""


class IntegrityError(DatabaseError):
    """A constraint was violated (unique, NOT NULL, referential)."""


class InternalError(DatabaseError):
    """The database is in an inconsistent internal state."""


class ProgrammingError(DatabaseError):
    """Bad SQL, a missing object, or a wrong number of parameters."""


class NotSupportedError(DatabaseError):
    """A method or feature the database or driver does not support."""


class UnsupportedParameterError(NotSupportedError, NotImplementedError):
    """A parameter value of a Python type that has no Informix encoding.

    Also a NotImplementedError, which is what code written for the peer driver catches.
    """
