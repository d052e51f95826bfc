"""Run by the peer driver's own interpreter: its thread pool's throughput of small SELECTs,
default settings and autocommit, the workload of test_pool_throughput.py.

Usage: python peer_pool_throughput.py HOST PORT DATABASE THREADS MAX_SIZE QUERIES ;
prints JSON with queries per second (best of three rounds) per setting.
"""

import json
import sys
import threading
import time

import informix_db

host, port, database = sys.argv[1], int(sys.argv[2]), sys.argv[3]
threads_n, max_size, queries = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
QUERY = "SELECT FIRST 1 tabid FROM systables WHERE tabid = ?"


def round_trip_rate(pool):
    def work(n):
        for i in range(queries // threads_n):
            with pool.connection() as conn:
                cur = conn.cursor()
                cur.execute(QUERY, (1 + (n + i) % 5,))
                cur.fetchall()

    best = None
    for _ in range(3):
        threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_n)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rate = queries / (time.perf_counter() - started)
        best = rate if best is None else max(best, rate)
    return best


out = {}
for name, autocommit in (("default", False), ("autocommit", True)):
    pool = informix_db.create_pool(host=host, port=port, user="informix", password="in4mix",
                                   database=database, server="informix", min_size=max_size,
                                   max_size=max_size, autocommit=autocommit)
    out[name] = round_trip_rate(pool)
    pool.close()
print(json.dumps(out))
