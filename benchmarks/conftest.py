"""Collects the decode benchmark's ns/row figures and prints them beside the peer's at the end."""

from __future__ import annotations

import pytest

DECODE_RESULTS = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def decode_results(request) -> dict:
    """ns/row of each decode measurement, keyed 'compiled', 'python', 'arrow' and 'peer'."""
    return request.config.stash.setdefault(DECODE_RESULTS, {})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    results = config.stash.get(DECODE_RESULTS, None)
    if not results:
        return
    peer = results.get("peer")
    terminalreporter.section("row decode, 100,000 rows of INT, INT, VARCHAR(20), FLOAT, DECIMAL(12,2)")
    terminalreporter.write_line(f"{'implementation':<16}{'ns/row':>10}{'peer / this':>14}")
    for name in ("arrow", "compiled", "python", "peer"):
        if name in results:
            ratio = f"{peer / results[name]:.1f}x" if peer else "-"
            terminalreporter.write_line(f"{name:<16}{results[name]:>10.0f}{ratio:>14}")
    if "arrow" in results and "compiled" in results:
        terminalreporter.write_line(
            f"arrow decode is {results['compiled'] / results['arrow']:.1f}x faster than our tuple decode")
