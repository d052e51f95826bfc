"""A server that goes away and comes back: the pool recovers with no error for the user."""

from __future__ import annotations

import informix_db
from informix_db.testing import EmbeddedServer


def _probe(pool) -> list:
    with pool.connection() as conn:
        cur = conn.cursor()
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
        return cur.fetchall()


def test_pool_recovers_after_server_restart_on_same_port(tmp_path):
    first = EmbeddedServer(data_dir=str(tmp_path))
    first.start()
    port = first.port
    pool = informix_db.create_pool(**first.connect_kwargs(), database="sysmaster",
                                   min_size=2, max_size=2, check_interval=60.0)
    try:
        assert _probe(pool) == [(1,)]
        first.stop()
        with EmbeddedServer(port=port, data_dir=str(tmp_path)):
            for _ in range(4):  # both pooled connections died with the old server
                assert _probe(pool) == [(1,)]
        stats = pool.stats()
        assert stats["health_check_failures"] >= 2 and stats["size"] <= 2
    finally:
        pool.close()
