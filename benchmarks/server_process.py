"""Benchmark helpers shared by the end-to-end benchmarks.

The server runs in a separate process so that the client's CPU time is measured alone; the
peer driver lives in its own venv (tools/peer.py).
"""

from __future__ import annotations

from contextlib import contextmanager

from informix_db.testing.serve_process import serve_in_subprocess

from peer import peer_python  # noqa: F401  (re-exported for the benchmarks)


@contextmanager
def server_process():
    """``ifx serve`` on a free port in a child process; yields connect kwargs."""
    with serve_in_subprocess() as (host, port):
        yield {"host": host, "port": port, "user": "informix", "password": "in4mix", "server": "informix"}
