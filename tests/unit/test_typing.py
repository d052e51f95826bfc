"""The installed package is typed: ``py.typed`` ships, and the compiled module's stub names
every public name (and every public member of its classes) that the module has."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import informix_db

PACKAGE_DIR = Path(informix_db.__file__).parent
STUB = PACKAGE_DIR / "_cwire.pyi"


def _stub_names() -> dict[str, set[str]]:
    """Top-level names of the stub, each with the public members its class body declares."""
    names: dict[str, set[str]] = {}
    for node in ast.parse(STUB.read_text()).body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = {
                item.name for item in node.body
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
            }
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = set()
        elif isinstance(node, ast.ImportFrom):
            names.update({alias.asname or alias.name: set() for alias in node.names if alias.asname})
    return names


def _module_names(module) -> dict[str, set[str]]:
    """Public names the compiled module defines or exports, with each class's public members."""
    names: dict[str, set[str]] = {}
    for name, value in vars(module).items():
        defined_here = getattr(value, "__module__", None) == module.__name__
        if name.startswith("_") or not (defined_here or name in module.__all__):
            continue
        members = set()
        if inspect.isclass(value) and defined_here:
            members = {m for m in vars(value) if not m.startswith("_")}
        names[name] = members
    return names


def test_package_is_marked_typed():
    assert (PACKAGE_DIR / "py.typed").is_file()


def test_compiled_module_stub_matches_the_module():
    cwire = pytest.importorskip("informix_db._cwire")
    stub, actual = _stub_names(), _module_names(cwire)
    assert sorted(set(actual) - set(stub)) == [], "public names of _cwire missing from _cwire.pyi"
    assert sorted(set(stub) - set(actual)) == [], "_cwire.pyi names what _cwire does not have"
    for name, members in actual.items():
        assert sorted(members ^ stub[name]) == [], f"members of _cwire.{name} differ from its stub"

