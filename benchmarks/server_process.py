"""Benchmark helpers: the embedded server in its own process, and the peer driver's venv.

The server runs in a separate process so that the client's CPU time is measured alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from contextlib import contextmanager
from pathlib import Path

PEER_REQUIREMENT = "informix-driver==2026.9.3"
REPO = Path(__file__).resolve().parent.parent


@contextmanager
def server_process():
    """Start ``ifx serve`` on a free port in a child process; yield connect kwargs."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "informix_db.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        match = re.search(r"listening on (\S+):(\d+)", line)
        if not match:
            raise RuntimeError(f"embedded server did not start: {line!r}")
        yield {
            "host": match.group(1),
            "port": int(match.group(2)),
            "user": "informix",
            "password": "in4mix",
            "server": "informix",
        }
    finally:
        proc.terminate()
        proc.wait(10)


def peer_python() -> str:
    """Python of an isolated venv holding the peer driver (created and cached on first use)."""
    for candidate in (os.environ.get("PEER_VENV"), REPO / "build" / "peer-venv"):
        if candidate and (Path(candidate) / "bin" / "python").exists():
            return str(Path(candidate) / "bin" / "python")
    target = Path(os.environ.get("PEER_VENV") or REPO / "build" / "peer-venv")
    venv.create(target, with_pip=True)
    subprocess.run([str(target / "bin" / "pip"), "install", "-q", PEER_REQUIREMENT], check=True)
    return str(target / "bin" / "python")
