"""Run by the peer driver's own interpreter: fetch a table, print client CPU ns per row.

Usage: python peer_fetch.py HOST PORT DATABASE TABLE ROUNDS
"""

import json
import sys
import time

import informix_db

host, port, database, table, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
conn = informix_db.connect(host=host, port=port, user="informix", password="in4mix", database=database,
                           server="informix", autocommit=True)
best = None
for _ in range(rounds):
    cur = conn.cursor()
    started = time.process_time()
    cur.execute(f"SELECT * FROM {table}")
    rows = cur.fetchall()
    spent = time.process_time() - started
    cur.close()
    best = spent if best is None else min(best, spent)
conn.close()
print(json.dumps({"rows": len(rows), "cpu_ns_per_row": best / len(rows) * 1e9}))
