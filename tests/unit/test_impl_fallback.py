"""Without a usable compiled extension the package imports its pure-Python twin and says why,
once; with ``INFORMIX_DB_IMPL=c`` it refuses instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import informix_db

PROBE = """
import warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    import informix_db
print(informix_db.IMPLEMENTATION)
for w in caught:
    print(w.category.__name__, w.message)
"""


def _package_copy(tmp_path: Path, extension: bytes | None) -> Path:
    """The installed package copied without its compiled module (or with ``extension`` as one)."""
    target = tmp_path / "informix_db"
    shutil.copytree(Path(informix_db.__file__).parent, target,
                    ignore=shutil.ignore_patterns("_cwire*.so", "_cwire*.pyd", "__pycache__"))
    if extension is not None:
        suffix = ".pyd" if os.name == "nt" else ".so"
        (target / f"_cwire{suffix}").write_bytes(extension)
    return tmp_path


def _import_from(path: Path, impl: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("INFORMIX_DB_IMPL", "PYTHONWARNINGS")}
    env["PYTHONPATH"] = str(path)
    if impl:
        env["INFORMIX_DB_IMPL"] = impl
    return subprocess.run([sys.executable, "-c", PROBE], cwd=path, env=env, capture_output=True, text=True)


def test_missing_extension_falls_back_with_one_warning_that_says_why(tmp_path):
    result = _import_from(_package_copy(tmp_path, None))
    assert result.returncode == 0, result.stderr
    implementation, *warnings = result.stdout.splitlines()
    assert implementation == "python"
    assert len(warnings) == 1
    assert warnings[0].startswith("RuntimeWarning informix_db: this installation was built without its compiled")
    assert "circular" not in warnings[0]


def test_broken_extension_falls_back_naming_the_load_error(tmp_path):
    result = _import_from(_package_copy(tmp_path, b"not a shared library"))
    assert result.returncode == 0, result.stderr
    implementation, *warnings = result.stdout.splitlines()
    assert implementation == "python"
    assert len(warnings) == 1
    assert "compiled extension is present but does not load" in warnings[0]


def test_python_requested_explicitly_gives_no_warning(tmp_path):
    result = _import_from(_package_copy(tmp_path, None), impl="python")
    assert result.stdout.splitlines() == ["python"], result.stderr


def test_compiled_required_but_missing_is_an_import_error(tmp_path):
    result = _import_from(_package_copy(tmp_path, None), impl="c")
    assert result.returncode != 0
    assert "ImportError: INFORMIX_DB_IMPL=c, but this installation was built without" in result.stderr


def test_compiled_extension_present_gives_no_warning():
    pytest.importorskip("informix_db._cwire")
    result = _import_from(Path(informix_db.__file__).parent.parent)
    assert result.stdout.splitlines() == ["c"], result.stderr
