"""Informix's lock table, kept by the engine for the transactions of all sessions.

DuckDB's optimistic concurrency neither blocks readers nor catches every write-write conflict
(a DELETE of a row another transaction updated, two inserts of one key), so the engine keeps
Informix's locks itself. A key names what is locked and always carries its table second:

- ``("row", table, rowid)``: a row (UPDATE, DELETE, SELECT ... FOR UPDATE, REPEATABLE READ);
- ``("key", table, columns, values)``: a unique-key value an INSERT added;
- ``("insert", table)``: the mark of a transaction that inserted rows into the table (its new
  rows have no rowid other sessions can name, so readers meet the mark instead);
- ``("table", table)``: LOCK TABLE, or a REPEATABLE READ reader's lock on a whole table.

Modes, as Informix's lock types: ``S`` shared (readers), ``U`` update (FOR UPDATE: others
may still read and share-lock the row, not update-lock it), ``X`` exclusive (writers), ``I``
the insert mark (any number of inserters). A table lock in mode X meets every lock of another
owner in its table; one in mode S meets the X and I locks. A request that meets another
owner's lock fails at once, or waits up to the session's SET LOCK MODE TO WAIT seconds.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

SHARED, UPDATE, EXCLUSIVE, INSERTED = "S", "U", "X", "I"
_SAME_KEY_COMPATIBLE = {(SHARED, SHARED), (SHARED, UPDATE), (UPDATE, SHARED), (INSERTED, INSERTED)}
_STRENGTH = {SHARED: 0, INSERTED: 1, UPDATE: 1, EXCLUSIVE: 2}
RECHECK_SECONDS = 0.1
WRITES = (EXCLUSIVE, INSERTED)  # the modes a COMMITTED READ reader must not read past


def _table_allows(table_mode: str, mode: str) -> bool:
    """Whether one owner's lock on a whole table lets another hold a lock of ``mode`` in it."""
    return table_mode == SHARED and mode in (SHARED, UPDATE)


class LockTable:
    """Locks held by open transactions, keyed as the module says; one mutex guards them all."""

    def __init__(self) -> None:
        self._mutex = threading.Condition()
        self._holders: dict[tuple, dict[int, str]] = {}  # key -> {owner: mode}
        self._tables: dict[str, dict[int, Counter]] = {}  # table -> {owner: modes held in it}
        self._commits: Counter = Counter()  # table -> commits of transactions that changed it

    # ---- conflicts (called with the mutex held) --------------------------------------------------
    def _conflicts(self, owner: int, key: tuple, mode: str) -> bool:
        table = key[1]
        users = self._tables.get(table)
        if not users or (len(users) == 1 and owner in users):
            return False
        for other, held in self._holders.get(key, {}).items():
            if other != owner and (mode, held) not in _SAME_KEY_COMPATIBLE:
                return True
        if key[0] == "table":
            return any(
                other != owner and any(n and not _table_allows(mode, m) for m, n in modes.items())
                for other, modes in users.items()
            )
        return any(
            other != owner and not _table_allows(held, mode)
            for other, held in self._holders.get(("table", table), {}).items()
        )

    def _grant(self, owner: int, key: tuple, mode: str) -> bool:
        """Record ``owner``'s lock; True when the key is new to it (an upgrade is not)."""
        holders = self._holders.setdefault(key, {})
        held = holders.get(owner)
        if held is not None and _STRENGTH[held] >= _STRENGTH[mode]:
            return False
        holders[owner] = mode
        modes = self._tables.setdefault(key[1], {}).setdefault(owner, Counter())
        if held is not None:
            modes[held] -= 1
        modes[mode] += 1
        return held is None

    # ---- taking and giving back ------------------------------------------------------------------
    def acquire(self, owner: int, keys: list[tuple], wait: float | None = 0, mode: str = EXCLUSIVE) -> list[tuple] | None:
        """Take every key in ``mode`` for ``owner``; the keys it did not hold before, or None
        (and nothing taken) when another owner's lock still meets one after ``wait`` seconds
        (None: wait as long as it takes)."""
        deadline = None if wait is None else time.monotonic() + wait
        with self._mutex:
            while any(self._conflicts(owner, k, mode) for k in keys):
                if not self._wait(deadline):
                    return None
            return [k for k in dict.fromkeys(keys) if self._grant(owner, k, mode)]

    def release(self, owner: int, keys, committed: bool = False) -> None:
        """Give ``keys`` back; ``committed``: their transaction committed what they guarded."""
        with self._mutex:
            for key in keys:
                holders = self._holders.get(key)
                mode = holders.pop(owner, None) if holders else None
                if mode is None:
                    continue
                if committed and mode in WRITES:
                    self._commits[key[1]] += 1
                if not holders:
                    del self._holders[key]
                users = self._tables[key[1]]
                users[owner][mode] -= 1
                if not +users[owner]:
                    del users[owner]
                    if not users:
                        del self._tables[key[1]]
            self._mutex.notify_all()

    def _wait(self, deadline: float | None) -> bool:
        """Sleep until a lock is released or ``deadline`` passes; False once it has passed."""
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return False
        self._mutex.wait(remaining)
        return True

    def wait_for_release(self, deadline: float | None) -> bool:
        """Block until some owner releases a lock (or ``deadline``); False once it has passed.
        The caller judged its conflict outside the mutex, so a release may already have come:
        it wakes at least every RECHECK_SECONDS to judge again."""
        with self._mutex:
            slice_end = time.monotonic() + RECHECK_SECONDS
            return self._wait(slice_end if deadline is None else min(deadline, slice_end)) or (
                deadline is None or time.monotonic() < deadline
            )

    # ---- what readers ask --------------------------------------------------------------------------
    def others_in(self, owner: int, tables) -> bool:
        """Whether another owner holds any lock in one of ``tables`` (the readers' cheap test)."""
        with self._mutex:
            for table in tables:
                users = self._tables.get(table)
                if users and (len(users) > 1 or owner not in users):
                    return True
            return False

    def writers(self, owner: int, table: str) -> set[int]:
        """Other owners with X or I locks in ``table`` (uncommitted changes a reader would meet)."""
        with self._mutex:
            return {
                other for other, modes in self._tables.get(table, {}).items()
                if other != owner and any(modes[m] for m in WRITES)
            }

    def changes(self, owner: int, table: str) -> dict[int, set[int]]:
        """Per other owner with X, U or I locks in ``table``: the rowids it holds X or U locks
        on (rows it may have changed; its inserted rows have none)."""
        with self._mutex:
            found: dict[int, set[int]] = {
                other: set() for other, modes in self._tables.get(table, {}).items()
                if other != owner and any(modes[m] for m in (EXCLUSIVE, UPDATE, INSERTED))
            }
            for key, holders in self._holders.items():
                if key[0] == "row" and key[1] == table:
                    for other, mode in holders.items():
                        if other in found and mode in (EXCLUSIVE, UPDATE):
                            found[other].add(key[2])
            return found

    def written(self, owner: int, keys: list[tuple]) -> bool:
        """Whether another owner holds one of ``keys`` in X mode (a row a reader must not pass)."""
        with self._mutex:
            return any(
                o != owner and m == EXCLUSIVE for k in keys for o, m in self._holders.get(k, {}).items()
            )

    def commits(self, tables) -> list[int]:
        """How many transactions that changed each of ``tables`` have committed so far."""
        with self._mutex:
            return [self._commits[t] for t in tables]

    def table_locked(self, owner: int, table: str) -> bool:
        """Whether another owner holds ``table`` in EXCLUSIVE mode (LOCK TABLE)."""
        with self._mutex:
            return any(o != owner and m == EXCLUSIVE for o, m in self._holders.get(("table", table), {}).items())
