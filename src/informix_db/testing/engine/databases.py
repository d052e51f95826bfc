"""The databases the engine holds and the locks their transactions take (shared by sessions)."""

from __future__ import annotations

import threading
import time
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


class LockTable:
    """Row, key and table locks held by open transactions (Informix's locks, kept by the engine).

    DuckDB's optimistic concurrency does not catch every write-write conflict (a DELETE of a
    row another transaction updated, two inserts of one key), so the engine keeps Informix's
    locks itself. A row or key lock (``(kind, table, ...)``) also conflicts with another
    owner's lock on its whole table (``("table", table)``, LOCK TABLE), and a table lock with
    any other owner's lock inside that table. A conflicting request fails at once, or waits
    up to the session's SET LOCK MODE TO WAIT seconds for the holder to let go.
    """

    def __init__(self) -> None:
        self._mutex = threading.Condition()
        self._owners: dict[tuple, int] = {}

    def _conflicts(self, owner: int, key: tuple) -> bool:
        if self._owners.get(key, owner) != owner:
            return True
        if key[0] == "table":
            return any(k[1] == key[1] and o != owner for k, o in self._owners.items())
        return self._owners.get(("table", key[1]), owner) != owner

    def acquire(self, owner: int, keys: list[tuple], wait: float | None = 0) -> list[tuple] | None:
        """Take every key for ``owner``; the newly taken keys, or None (and nothing taken) when
        another owner holds one after ``wait`` seconds (None: wait as long as it takes)."""
        deadline = None if wait is None else time.monotonic() + wait
        with self._mutex:
            while any(self._conflicts(owner, k) for k in keys):
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._mutex.wait(remaining)
            fresh = [k for k in dict.fromkeys(keys) if k not in self._owners]
            for key in fresh:
                self._owners[key] = owner
            return fresh

    def release(self, owner: int, keys) -> None:
        with self._mutex:
            for key in keys:
                if self._owners.get(key) == owner:
                    del self._owners[key]
            self._mutex.notify_all()
