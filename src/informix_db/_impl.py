"""Chooses the wire implementation: the compiled ``_cwire`` module or the pure-Python twin.

``INFORMIX_DB_IMPL=python`` forces the pure-Python ``wire`` package (differential tests,
platforms without a wheel); ``INFORMIX_DB_IMPL=c`` requires the compiled module. With the
variable unset the compiled module is used when it imports, else Python with a warning.
"""

from __future__ import annotations

import os
import warnings

_requested = os.environ.get("INFORMIX_DB_IMPL", "").strip().lower()
if _requested not in ("", "c", "python"):
    raise ImportError(f"INFORMIX_DB_IMPL must be 'c' or 'python', not {_requested!r}")

if _requested == "python":
    from . import wire
    IMPLEMENTATION = "python"
else:
    try:
        from . import _cwire as wire
        IMPLEMENTATION = "c"
    except ImportError as exc:
        if _requested == "c":
            raise
        warnings.warn(
            f"informix_db: compiled extension unavailable ({exc}); using the pure-Python implementation",
            RuntimeWarning,
            stacklevel=2,
        )
        from . import wire
        IMPLEMENTATION = "python"



def wire_implementations() -> list:
    """The pure-Python wire module and, where it imports, the compiled one (for comparing them)."""
    from . import wire as python_wire

    try:
        from . import _cwire
    except ImportError:
        return [python_wire]
    return [python_wire, _cwire]


__all__ = ["IMPLEMENTATION", "wire", "wire_implementations"]
