"""The published peer driver, validated on real Informix, must work against the embedded server.

``peer_script.py`` runs under an isolated venv holding ``informix-driver`` (its package
is also called ``informix_db``, so it must never share an interpreter with ours). The
venv is created once under ``build/peer-venv/<version>`` (``tools/peer.py``);
set ``PEER_VENV`` to use another one.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from informix_db.testing import EmbeddedServer

import peer

pytestmark = pytest.mark.peer

SCRIPT = Path(__file__).with_name("peer_script.py")
CHECKS = [
    "setup", "login_metadata", "bad_password", "unknown_user", "wrong_server_name",
    "unknown_database", "select_constant", "types_roundtrip", "literal_datetime_interval",
    "serial8_bigserial", "errors", "transactions", "uncommitted_invisible",
    "executemany_duplicate", "large_result_batches", "parameterised_select_and_empty",
    "scroll_cursor", "sql_transaction_statements",
]


@pytest.fixture(scope="session")
def peer_python() -> Path:
    return peer.peer_python()


@pytest.fixture(scope="module")
def peer_results(peer_python, tmp_path_factory) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    with EmbeddedServer() as server:
        proc = subprocess.run(
            [str(peer_python), str(SCRIPT), server.host, str(server.port)],
            capture_output=True, text=True, timeout=600, env=env,
            cwd=tmp_path_factory.mktemp("peer"),  # keep our src/ off the peer's sys.path
        )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_script_runs_every_check(peer_results):
    assert sorted(peer_results) == sorted(CHECKS)


@pytest.mark.parametrize("name", CHECKS)
def test_peer_check(peer_results, name):
    result = peer_results[name]
    assert result["ok"], json.dumps(result, indent=2, default=str)
