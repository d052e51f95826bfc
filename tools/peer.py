"""The conformance peer: the published pure-Python ``informix-driver``, kept at arm's length.

Its package is also called ``informix_db``, so it never shares an interpreter with ours: it
lives in its own venv, created once and cached under ``build/``. Its sdist (which holds its
integration suite) is downloaded and unpacked there too. Both need only PyPI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

PEER_VERSION = "2026.9.3"
PEER_REQUIREMENT = f"informix-driver=={PEER_VERSION}"
#: What the peer's own test suite needs besides the driver.
PEER_TEST_REQUIREMENTS = ("pytest>=8", "pytest-asyncio>=1.0", "pytest-timeout>=2.3")


def build_dir() -> Path:
    """``build/`` of the source checkout when there is one, else a per-user cache directory."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "src" / "informix_db").is_dir():
            return parent / "build"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "informix_db"


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _has(python: Path, code: str) -> bool:
    return subprocess.run([str(python), "-c", code], capture_output=True, cwd="/").returncode == 0


def peer_python(with_test_requirements: bool = False) -> Path:
    """Interpreter of the isolated venv holding the peer driver (``PEER_VENV`` overrides)."""
    venv = Path(os.environ.get("PEER_VENV") or build_dir() / "peer-venv" / PEER_VERSION)
    python = _venv_python(venv)
    check = f"import importlib.metadata as m; assert m.version('informix-driver') == '{PEER_VERSION}'"
    if not (python.exists() and _has(python, check)):
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_REQUIREMENT], check=True)
    if with_test_requirements and not _has(python, "import pytest, pytest_asyncio, pytest_timeout"):
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_TEST_REQUIREMENTS], check=True)
    return python


def peer_sdist() -> Path:
    """The unpacked peer sdist (source, tests), downloaded from PyPI on first use."""
    root = build_dir() / "peer-sdist"
    unpacked = root / f"informix_driver-{PEER_VERSION}"
    if (unpacked / "tests").is_dir():
        return unpacked
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
         "-d", str(root), PEER_REQUIREMENT],
        check=True,
    )
    archive = root / f"informix_driver-{PEER_VERSION}.tar.gz"
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(root, filter="data")
        else:  # Python releases before the extraction filters
            tar.extractall(root)
    return unpacked
