"""``stop()`` racing a connection being accepted: it must only ever join started threads."""

from __future__ import annotations

import socket
import threading
import time

from informix_db.testing import EmbeddedServer


def test_stop_while_a_new_connection_thread_is_not_started_yet(monkeypatch):
    real_start = threading.Thread.start

    def late_start(thread):
        if thread.name == "ifx-conn":
            time.sleep(0.3)  # the accept thread is descheduled before it starts the connection's thread
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", late_start)
    srv = EmbeddedServer().start()
    client = socket.create_connection((srv.host, srv.port))
    try:
        deadline = time.monotonic() + 5
        while srv.connection_count == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert srv.connection_count == 1
        srv.stop()  # joined a thread that had not started (RuntimeError) before the fix
    finally:
        client.close()
        srv.stop()
