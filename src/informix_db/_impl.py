"""Chooses the wire implementation: the compiled ``_cwire`` module or the pure-Python twin.

``INFORMIX_DB_IMPL=python`` forces the pure-Python ``wire`` package (differential tests,
platforms without a wheel); ``INFORMIX_DB_IMPL=c`` requires the compiled module. With the
variable unset the compiled module is used when it imports, else Python with a warning.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import warnings
from types import ModuleType

_requested = os.environ.get("INFORMIX_DB_IMPL", "").strip().lower()
if _requested not in ("", "c", "python"):
    raise ImportError(f"INFORMIX_DB_IMPL must be 'c' or 'python', not {_requested!r}")


def _missing_extension_reason() -> str | None:
    """Why the compiled module cannot be used, or None when it imports."""
    if importlib.util.find_spec(f"{__package__}._cwire") is None:
        return ("this installation was built without its compiled extension (from source, "
                "with no working C compiler or with INFORMIX_DB_NO_EXT=1)")
    try:
        importlib.import_module(f"{__package__}._cwire")
    except ImportError as exc:
        return f"its compiled extension is present but does not load: {exc}"
    return None


IMPLEMENTATION: str
if _requested == "python":
    from . import wire
    IMPLEMENTATION = "python"
else:
    _reason = _missing_extension_reason()
    if _reason is None:
        from . import _cwire as wire  # type: ignore[no-redef]
        IMPLEMENTATION = "c"
    elif _requested == "c":
        raise ImportError(f"INFORMIX_DB_IMPL=c, but {_reason}")
    else:
        warnings.warn(
            f"informix_db: {_reason}; using the slower pure-Python implementation "
            "(set INFORMIX_DB_IMPL=python to choose it without this warning)",
            RuntimeWarning,
            stacklevel=2,
        )
        from . import wire
        IMPLEMENTATION = "python"


def wire_implementations() -> list[ModuleType]:
    """The pure-Python wire module and, where it imports, the compiled one (for comparing them)."""
    from . import wire as python_wire

    try:
        from . import _cwire
    except ImportError:
        return [python_wire]
    return [python_wire, _cwire]


__all__ = ["IMPLEMENTATION", "wire", "wire_implementations"]
