"""Threads sharing one connection take turns on the wire instead of interleaving requests."""

from __future__ import annotations

import threading

import informix_db


def test_threads_sharing_a_connection_get_their_own_results(db_params):
    conn = informix_db.connect(**db_params, autocommit=True)
    results: dict[int, list] = {1: [], 2: [], 3: []}
    errors = []

    def worker(tabid):
        try:
            for _ in range(30):
                cur = conn.cursor()
                cur.execute("SELECT FIRST 1 tabid FROM systables WHERE tabid = ?", (tabid,))
                results[tabid].append(cur.fetchone()[0])
                cur.close()
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conn.close()
    assert not errors
    assert all(values == [tabid] * 30 for tabid, values in results.items())
