"""The protocol numbers compiled into _cwire are the ones of the Python definitions."""

from __future__ import annotations

import pytest

from informix_db.protocol import constants
from informix_db.types import typecodes

cwire = pytest.importorskip("informix_db._cwire")


def test_compiled_constants_match_their_python_definitions():
    compiled = cwire.c_constants()
    assert compiled, "no constants exported"
    for name, value in compiled.items():
        source = constants if name.startswith("SQ_") else typecodes
        assert getattr(source, name) == value, name
