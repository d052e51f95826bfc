"""The peer's own pool tests (tests/test_pool.py of its sdist), run with OUR driver.

Only tests that reach into the peer's private internals may fail; each is named here with
the private name it uses.
"""

from __future__ import annotations

import pytest

from peer_suite import run_suite

pytestmark = pytest.mark.peer

PRIVATE_INTERNALS = {
    "test_pool.py::test_enqueue_cleanup_drains_on_next_send_pdu": "informix_db._messages",
    "test_pool.py::test_pending_cleanup_thread_safe_enqueue": "Connection._pending_cleanup",
}


def test_peer_pool_tests_pass_with_our_driver():
    result = run_suite("ours", files=["test_pool.py"])
    unexpected = {name: why for name, why in result.failed.items() if name not in PRIVATE_INTERNALS}
    assert not unexpected
    # the seeds' dirty-checkout regression tests pass unchanged (they read conn._in_transaction)
    assert {"test_pool.py::test_committed_writes_survive_pool_checkout",
            "test_pool.py::test_uncommitted_writes_invisible_to_next_acquirer"} <= set(result.passed)
    assert not result.skipped
    assert len(result.passed) >= 17  # every public-API test of the file, async one included
