"""Sphinx configuration of the API reference: ``python -m sphinx -W -q -b html docs docs/_build/html``.

The reference is generated from the docstrings of the installed package (autodoc), so install
it first (``pip install -e '.[docs]'``).
"""

from importlib.metadata import version as _version

project = "informix-fast"
author = "informix-fast maintainers"
copyright = "2026, informix-fast maintainers"
release = _version("informix-fast")

extensions = ["sphinx.ext.autodoc", "sphinx.ext.intersphinx"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options: dict[str, object] = {}
# Only the .rst pages are Sphinx sources; the Markdown documents beside them are read on the forge.
source_suffix = {".rst": "restructuredtext"}
exclude_patterns = ["_build"]
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
html_theme = "alabaster"
nitpicky = False
