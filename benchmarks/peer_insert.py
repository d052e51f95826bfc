"""Run by the peer driver's own interpreter: executemany N generated rows, print client CPU ns per row.

Usage: python peer_insert.py HOST PORT DATABASE TABLE ROWS
The rows are those of test_ingest.row_values (INT, INT, VARCHAR(20), FLOAT, DECIMAL(12,2)).
"""

import decimal
import json
import sys
import time

import informix_db

host, port, database, table, nrows = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
rows = [(i, (i * 7919) % 1_000_003, f"cust{i:06d}", i * 1.5 + 0.25, decimal.Decimal(f"{i % 99999}.{i % 100:02d}"))
        for i in range(nrows)]
conn = informix_db.connect(host=host, port=port, user="informix", password="in4mix", database=database,
                           server="informix", autocommit=False)
cur = conn.cursor()
started = time.process_time()
cur.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
conn.commit()
spent = time.process_time() - started
cur.execute(f"SELECT COUNT(*) FROM {table}")
count = int(cur.fetchone()[0])
conn.close()
print(json.dumps({"rows": count, "cpu_ns_per_row": spent / nrows * 1e9}))
