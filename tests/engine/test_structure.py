"""The engine's module structure: no import cycles, shared facts taken from the client.

Statements depend on the session, never the other way round (the engine hands sessions the
statement kinds), so each module can be read and tested alone.
"""

from __future__ import annotations

import ast
import pathlib

import informix_db.testing.engine as engine_package

ENGINE_DIR = pathlib.Path(engine_package.__file__).parent


def _engine_imports() -> dict[str, set[str]]:
    """Module -> engine modules it imports (at any depth of the file, lazy imports included)."""
    modules = {path.stem for path in ENGINE_DIR.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for module in modules:
        found: set[str] = set()
        for node in ast.walk(ast.parse((ENGINE_DIR / f"{module}.py").read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
        graph[module] = found & modules
    return graph


def test_engine_modules_import_no_cycle():
    graph = _engine_imports()
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        assert module not in visiting, " -> ".join([*visiting[visiting.index(module):], module])
        if module in done:
            return
        visiting.append(module)
        for imported in sorted(graph[module]):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_session_depends_on_no_statement_kind():
    assert not _engine_imports()["session"] & {"statements", "dml", "schema", "base", "engine", "constraints"}


def test_server_and_client_read_locales_from_one_table():
    """The server's idea of a CLIENT_LOCALE's codec is the client's (``utf16`` is big-endian
    UTF-16 without a byte-order mark on the wire, like every Informix integer)."""
    from informix_db.protocol.login import encoding_for_locale
    from informix_db.testing.login import LoginRequest

    for locale in ("en_US.utf16", "en_US.8859-1", "en_US.utf8", "de_DE.8859-15", "en_US.unknown"):
        request = LoginRequest("u", "p", "s", None, 0, {"CLIENT_LOCALE": locale})
        assert request.encoding == encoding_for_locale(locale)
    assert "é".encode(encoding_for_locale("en_US.utf16")) == b"\x00\xe9"
