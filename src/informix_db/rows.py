"""``Row``: an opt-in row type readable by position, column name and attribute.

Pass ``row_factory=informix_db.Row`` to ``connect`` (or set ``cursor.row_factory``) and
fetches return ``Row`` instances instead of plain tuples. ``Row`` is a tuple subclass, so
equality with tuples, unpacking and slicing behave as before; the default stays the plain
tuple because name lookup makes every subscript a Python call.

Each result shape gets its own subclass (built by ``make_row_class`` and cached) holding
the column names. A column whose name collides with a ``Row`` method (``count``, ``keys``,
``_asdict``, ...) wins over the method; the methods remain reachable through the class
(``Row.keys(row)``). Duplicate column names resolve to the first occurrence.
"""

from __future__ import annotations

import operator
from functools import lru_cache

__all__ = ["Row", "make_row_class"]


class Row(tuple):
    """A result row; concrete per-query subclasses carry the column names."""

    __slots__ = ()

    # Private (name-mangled) so a column called ``_fields`` cannot hide them.
    __names: tuple[str, ...] = ()
    __index: dict[str, int] = {}

    def __getitem__(self, key):
        if key.__class__ is str:
            try:
                return tuple.__getitem__(self, self.__index[key])
            except KeyError:
                raise KeyError(_no_such_column(key, self.__names)) from None
        return tuple.__getitem__(self, key)

    def __getattr__(self, name):
        try:
            return tuple.__getitem__(self, self.__index[name])
        except KeyError:
            raise AttributeError(_no_such_column(name, self.__names)) from None

    @property
    def _fields(self) -> tuple[str, ...]:
        """Column names in select order (as ``namedtuple._fields``)."""
        return self.__names

    def keys(self) -> tuple[str, ...]:
        """Column names in select order."""
        return self.__names

    def _asdict(self) -> dict:
        """The row as a dict; with duplicate names the last column's value is kept."""
        return dict(zip(self.__names, self))

    def __repr__(self) -> str:
        names = self.__names
        if len(names) != len(self):
            return tuple.__repr__(self)
        return "Row(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, self)) + ")"

    def __reduce__(self):
        # Per-shape classes are created at run time, so pickle by names and values.
        return _restore_row, (self.__names, tuple(self))


# Every public or private non-dunder name a Row answers to; a column with such a name
# gets a property so the value, not the method, is returned. Derived from the class so
# a method added later is covered automatically.
_RESERVED = frozenset(n for n in dir(Row) if not n.startswith("__")) - {"_Row__names", "_Row__index"}


def _no_such_column(name: str, names: tuple[str, ...]) -> str:
    return f"no column named {name!r}; the columns are {list(names)}"


def _restore_row(names: tuple[str, ...], values: tuple) -> Row:
    return make_row_class(names)(values)


@lru_cache(maxsize=256)
def make_row_class(names: tuple[str, ...]) -> type[Row]:
    """The ``Row`` subclass for one tuple of column names (cached: queries repeat shapes)."""
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)
    namespace: dict = {"__slots__": (), "_Row__names": names, "_Row__index": index}
    for name, position in index.items():
        if name in _RESERVED:
            namespace[name] = property(operator.itemgetter(position))
    return type("Row", (Row,), namespace)
