"""The wire implementations under test: every test taking ``w`` runs against each."""

from __future__ import annotations

import os

import pytest

from informix_db._impl import wire_implementations

IMPLEMENTATIONS = wire_implementations()


@pytest.fixture(scope="session", autouse=True)
def _compiled_module_present():
    """The compiled module must exist unless the run is explicitly pure Python."""
    if os.environ.get("INFORMIX_DB_IMPL") != "python":
        assert len(IMPLEMENTATIONS) == 2, "informix_db._cwire failed to import"


@pytest.fixture(params=[pytest.param(m, id=m.__name__.rsplit(".", 1)[-1]) for m in IMPLEMENTATIONS])
def w(request):
    """Each wire implementation in turn (pure Python, then compiled)."""
    return request.param
