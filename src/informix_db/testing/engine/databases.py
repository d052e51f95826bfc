"""The databases the engine holds (shared by sessions)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from informix_db.protocol.login import encoding_for_locale

from . import catalog
from .sqltext import DB_CATALOG_PREFIX

DEFAULT_DB_LOCALE = "en_US.8859-1"  # what a database gets when its creator sent no DB_LOCALE


@dataclass
class Database:
    """One Informix database: its DuckDB catalog, logging mode and id counters."""

    name: str
    logged: bool
    owner: str = catalog.OWNER
    locale: str = DEFAULT_DB_LOCALE  # the creating session's DB_LOCALE; its codeset bounds the text
    ansi: bool = False  # MODE ANSI: every statement runs in a transaction, begun implicitly
    lock: threading.Lock = field(default_factory=threading.Lock)
    serials: dict[tuple[int, str], int] = field(default_factory=dict)
    next_tabid: int = 0
    users: int = 0

    @property
    def catalog(self) -> str:
        return DB_CATALOG_PREFIX + self.name

    @property
    def codec(self) -> str:
        """Python codec of the database's codeset (which characters it can hold)."""
        return encoding_for_locale(self.locale)
