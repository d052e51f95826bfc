"""Run by the peer driver's own interpreter: its pool's checkout cost vs a bare SELECT 1.

Usage: python peer_pool.py HOST PORT DATABASE N ; prints JSON with seconds per operation.
"""

import json
import sys
import time

import informix_db

host, port, database, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
kw = dict(host=host, port=port, user="informix", password="in4mix", database=database, server="informix",
          autocommit=True)
PROBE = "SELECT 1 FROM systables WHERE tabid = 1"


def per_op(fn):
    best = None
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(n):
            fn()
        spent = (time.perf_counter() - started) / n
        best = spent if best is None else min(best, spent)
    return best


conn = informix_db.connect(**kw)
cur = conn.cursor()


def bare():
    cur.execute(PROBE)
    cur.fetchall()


pool = informix_db.create_pool(min_size=1, max_size=1, **kw)


def checkout():
    with pool.connection():
        pass


print(json.dumps({"bare": per_op(bare), "checkout": per_op(checkout)}))
pool.close()
conn.close()
