"""Build script: compiles every ``ext/*.pyx`` into an extension module of ``informix_db``.

Set ``INFORMIX_DB_NO_EXT=1`` to build a pure-Python package (the fallback used where no
wheel and no compiler exist).
"""

import os
from pathlib import Path

from setuptools import setup

ext_modules = []
if os.environ.get("INFORMIX_DB_NO_EXT") != "1":
    from Cython.Build import cythonize
    from setuptools import Extension

    sources = sorted(Path("ext").glob("*.pyx"))
    ext_modules = cythonize(
        [Extension(f"informix_db.{src.stem}", [str(src)], extra_compile_args=["-O2"]) for src in sources],
        include_path=["ext"],
        compiler_directives={
            "language_level": "3",
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
        },
    )

setup(ext_modules=ext_modules)
