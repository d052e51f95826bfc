"""The peer's own TLS traffic suite (tests/test_tls_traffic.py of informix-driver 2026.9.3),
run with this driver against the embedded server.

The peer's files are read at test time from its sdist (``tools/peer.py``: cached
under build/peer-sdist, fetched with pip when missing), never kept in this repository. Its suite puts a TLS-terminating
proxy in front of the plain port, so it exercises the client's TLS path end to end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from informix_db.testing import EmbeddedServer

from peer import peer_sdist

PEER_FILES = ("tests/__init__.py", "tests/conftest.py", "tests/_proxy.py", "tests/test_tls_traffic.py")
PEER_TEST_COUNT = 15


def _copy_peer_suite(target: Path) -> None:
    source = peer_sdist()
    for name in PEER_FILES:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, destination)
    (target / "pytest.ini").write_text("[pytest]\nmarkers =\n    integration: needs a server\n")


def test_peer_tls_traffic_suite_passes_with_this_driver(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("the peer's proxy makes its certificate with openssl, which is not on PATH")
    _copy_peer_suite(tmp_path)
    which_driver = subprocess.run([sys.executable, "-c", "import informix_db; print(informix_db.IMPLEMENTATION)"],
                                  cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert which_driver.stdout.strip() in ("c", "python"), "the subprocess would not run this driver"
    with EmbeddedServer() as srv:
        env = {**os.environ, "IFX_HOST": srv.host, "IFX_PORT": str(srv.port),
               "IFX_USER": "informix", "IFX_PASSWORD": "in4mix", "IFX_SERVER": srv.server_name}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-m", "integration", "-p", "no:cacheprovider",
             "-p", "no:randomly", "tests/test_tls_traffic.py"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(rf"\b{PEER_TEST_COUNT} passed\b", summary), summary
    assert "skipped" not in summary, summary
