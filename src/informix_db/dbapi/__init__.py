"""PEP 249 layer: the synchronous driver of the protocol core."""

from .connection import Connection
from .cursor import Cursor

__all__ = ["Connection", "Cursor"]
