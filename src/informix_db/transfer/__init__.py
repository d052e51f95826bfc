"""Moving rows between tables and files: ``unload`` (query to file) and ``load`` (file to table)."""

from .load import LoadAborted, LoadReport, load
from .records import FileFormatError, FileOptions
from .textvalues import TextStyle
from .unload import unload

__all__ = ["FileFormatError", "FileOptions", "LoadAborted", "LoadReport", "TextStyle", "load", "unload"]
