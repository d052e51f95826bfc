"""The embedded server in a child process (``ifx serve``), for tests and benchmarks that must not
share the client's interpreter (client CPU time measured alone, replies racing the client)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def serve_in_subprocess(data_dir: str | None = None) -> Iterator[tuple[str, int]]:
    """A fresh ``ifx serve`` on a free port; yields (host, port)."""
    cmd = [sys.executable, "-m", "informix_db.cli", "serve", "--port", "0"]
    if data_dir:
        cmd += ["--data", data_dir]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None  # stdout=PIPE
    try:
        line = proc.stdout.readline()
        match = re.search(r"listening on (\S+):(\d+)", line)
        if not match:
            raise RuntimeError(f"ifx serve did not start: {line!r}")
        yield match.group(1), int(match.group(2))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
