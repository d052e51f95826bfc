"""The embedded SQLI server: an in-process stand-in for Informix used by tests and benchmarks."""

from .server import EmbeddedServer

__all__ = ["EmbeddedServer"]
