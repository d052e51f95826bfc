"""Benchmark helpers shared by the end-to-end benchmarks.

The server runs in a separate process so that the client's CPU time is measured alone; the
peer driver lives in its own venv (informix_db.testing.peer).
"""

from __future__ import annotations

from contextlib import contextmanager

import informix_db

from informix_db.testing.peer import peer_python  # noqa: F401  (re-exported for the benchmarks)
from informix_db.testing.peer_suite import serve_in_subprocess


@contextmanager
def server_process():
    """``ifx serve`` on a free port in a child process; yields connect kwargs."""
    with serve_in_subprocess() as (host, port):
        yield {"host": host, "port": port, "user": "informix", "password": "in4mix", "server": "informix"}


def report_beside_peer(benchmark, what: str, ours_ns: float, peer_what: str, peer_ns: float) -> None:
    """Record and print client CPU ns/row of ours beside the peer's."""
    benchmark.extra_info["implementation"] = informix_db.IMPLEMENTATION
    benchmark.extra_info["client_cpu_ns_per_row"] = round(ours_ns)
    benchmark.extra_info["peer_client_cpu_ns_per_row"] = round(peer_ns)
    benchmark.extra_info["peer_over_ours"] = round(peer_ns / ours_ns, 2)
    print(f"\n{what}, client CPU: ours ({informix_db.IMPLEMENTATION}) {ours_ns:.0f} ns/row, "
          f"peer {peer_what} {peer_ns:.0f} ns/row, ratio peer/ours {peer_ns / ours_ns:.1f}x")
