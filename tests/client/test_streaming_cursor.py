"""stream=True: forward-only cursors whose memory stays bounded however large the result."""

from __future__ import annotations

import pytest

import informix_db

ROWS = 5000


@pytest.fixture(scope="module")
def big_table(db_params):
    conn = informix_db.connect(**db_params, autocommit=True)
    cur = conn.cursor()
    try:
        cur.execute("DROP TABLE stream_rows")
    except informix_db.ProgrammingError:
        pass
    cur.execute("CREATE TABLE stream_rows (n INTEGER, label VARCHAR(30))")
    cur.executemany("INSERT INTO stream_rows VALUES (?, ?)", [(i, f"row {i}") for i in range(ROWS)])
    conn.close()
    return "stream_rows"


def test_streaming_cursor_releases_rows_it_handed_out(db_params, big_table):
    conn = informix_db.connect(**db_params, fetch_buffer_size=4096)
    cur = conn.cursor(stream=True)
    cur.execute(f"SELECT n, label FROM {big_table} ORDER BY n")
    seen, most_held = [], 0
    while batch := cur.fetchmany(100):
        seen.extend(row[0] for row in batch)
        most_held = max(most_held, len(cur._result.rows))
        assert cur.rownumber == seen[-1]
    conn.close()
    assert seen == list(range(ROWS))
    assert most_held < 1000  # one 4 KiB batch plus one fetchmany, never the whole result


def test_default_cursor_keeps_rows_and_can_scroll_back(db_params, big_table):
    conn = informix_db.connect(**db_params)
    cur = conn.cursor()
    cur.execute(f"SELECT n FROM {big_table} ORDER BY n")
    assert len(cur.fetchall()) == ROWS
    assert cur.fetch_first() == (0,)
    conn.close()


def test_streaming_cursor_refuses_to_scroll(db_params, big_table):
    conn = informix_db.connect(**db_params)
    cur = conn.cursor(stream=True)
    cur.execute(f"SELECT n FROM {big_table} ORDER BY n")
    assert cur.fetchone() == (0,)
    with pytest.raises(informix_db.NotSupportedError):
        cur.fetch_first()
    with pytest.raises(informix_db.NotSupportedError):
        cur.scroll(0, "absolute")
    assert cur.fetchone() == (1,)  # the connection and the cursor are still fine
    with pytest.raises(informix_db.ProgrammingError):
        conn.cursor(stream=True, scrollable=True)
    conn.close()
