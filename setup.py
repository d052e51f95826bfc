"""Build script: compiles every ``ext/*.pyx`` into an extension module of ``informix_db``.

Where no C compiler works the build still succeeds, without the extension, after one warning:
the package then runs its pure-Python implementation (and says so when imported).
``INFORMIX_DB_NO_EXT=1`` skips the extension on purpose; ``INFORMIX_DB_REQUIRE_EXT=1`` makes a
failed compile fatal (release wheels are built so, and must never ship without it).
``INFORMIX_DB_PORTABLE_INT128=1`` compiles the portable 128-bit arithmetic of ext/cwire/int128.h
even where the compiler has ``__int128``: the arithmetic MSVC builds run, testable here.
"""

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CCompilerError, ExecError, PlatformError

# The shipped extension carries no debug information or symbols (about 6x larger with them);
# INFORMIX_DB_KEEP_SYMBOLS=1 keeps them for profiling and debugging.
if os.environ.get("INFORMIX_DB_KEEP_SYMBOLS") == "1":
    STRIP_LINK_ARGS = []
elif sys.platform.startswith("linux"):
    STRIP_LINK_ARGS = ["-s"]
elif sys.platform == "darwin":
    STRIP_LINK_ARGS = ["-Wl,-S,-x"]
else:  # MSVC keeps debug information in a separate .pdb, never in the .pyd
    STRIP_LINK_ARGS = []
COMPILE_ARGS = [] if sys.platform == "win32" else ["-O2"]
MACROS = [("IFX_PORTABLE_INT128", "1")] if os.environ.get("INFORMIX_DB_PORTABLE_INT128") == "1" else []


class OptionalBuildExt(build_ext):
    """build_ext that leaves the pure-Python package behind when no compiler works."""

    failures = (CCompilerError, ExecError, PlatformError, OSError, ValueError)

    def run(self):
        try:
            super().run()
        except self.failures as exc:
            self._fall_back(exc)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except self.failures as exc:
            self._fall_back(exc)

    @staticmethod
    def _fall_back(exc):
        if os.environ.get("INFORMIX_DB_REQUIRE_EXT") == "1":
            raise exc
        sys.stderr.write(
            f"WARNING: informix_db: the compiled extension could not be built ({exc}); installing the "
            "pure-Python implementation, which is correct but slower. Install a C compiler and "
            "reinstall to get the compiled one.\n"
        )


def extension_modules():
    if os.environ.get("INFORMIX_DB_NO_EXT") == "1":
        return []
    from Cython.Build import cythonize
    from setuptools import Extension

    sources = sorted(Path("ext").glob("*.pyx"))
    return cythonize(
        [
            Extension(f"informix_db.{src.stem}", [str(src)], include_dirs=["ext"], define_macros=MACROS,
                      extra_compile_args=COMPILE_ARGS, extra_link_args=STRIP_LINK_ARGS)
            for src in sources
        ],
        include_path=["ext"],
        compiler_directives={
            "language_level": "3",
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
        },
    )


setup(ext_modules=extension_modules(), cmdclass={"build_ext": OptionalBuildExt})
