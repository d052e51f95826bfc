"""EXECUTE FUNCTION / EXECUTE PROCEDURE of an SPL routine: its rows as a query's result."""

from __future__ import annotations

from informix_db.protocol import constants as c

from .. import ifxtypes
from ..base import ResultCursor, Statement
from . import interpreter
from .parser import split_items


class ExecuteRoutine(Statement):
    """A routine called by the client: a function's rows (several with RETURN ... WITH RESUME)
    are read through a cursor; a procedure without results just runs."""

    stmt_type = c.STMT_EXECUTE_PROCEDURE

    def __init__(self, session, routine, arguments: str, nparams: int):
        super().__init__(session)
        self.routine = routine
        self._args = split_items(arguments)
        self._nparams = nparams
        interpreter.check_arity(routine, len(self._args))
        if self._args:  # the arguments' syntax and types are checked now, as PREPARE does
            casts = ", ".join(f"CAST(({a}) AS {p[1]})" for a, p in zip(self._args, routine.params))
            session.prepare(f"SELECT {casts}", nparams)
        self.columns = [
            ifxtypes.parse_type(declared).describe(alias or "(expression)") for alias, declared in routine.returns
        ]

    def _rows(self, params) -> list[tuple]:
        args = interpreter.arguments(self.session, self.routine, self._args, list(params or ()), self._nparams)
        return interpreter.run(self.session, self.routine, args)

    def open(self, params=(), scroll: bool = False) -> ResultCursor:
        rows = self._rows(params)
        self.session.last_rowcount = len(rows)
        return ResultCursor(rows, [None] * len(self.columns))

    def execute(self, params=()) -> tuple[int, int]:
        return len(self._rows(params)), 0
