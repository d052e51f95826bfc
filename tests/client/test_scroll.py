"""The scroll API: client-side on ordinary cursors, SQ_SCROLL + SFETCH with scrollable=True."""

from __future__ import annotations

import pytest

import informix_db as ifx


@pytest.fixture(scope="module")
def numbers(db_params):
    """Table t_scroll_n with k = 0..9, committed."""
    with ifx.connect(**db_params, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS t_scroll_n")
        cur.execute("CREATE TABLE t_scroll_n (k INT)")
        cur.executemany("INSERT INTO t_scroll_n VALUES (?)", [(i,) for i in range(10)])
    return "SELECT k FROM t_scroll_n ORDER BY k"


@pytest.fixture(params=[False, True], ids=["client-side", "scrollable"])
def scrollable(request):
    return request.param


def test_scroll_methods_walk_the_result_both_ways(conn, numbers, scrollable):
    cur = conn.cursor(scrollable=scrollable)
    cur.execute(numbers)
    assert cur.rownumber is None
    assert cur.fetchone() == (0,) and cur.rownumber == 0
    assert cur.fetch_last() == (9,) and cur.rownumber == 9
    assert cur.fetch_prior() == (8,)
    assert cur.fetch_absolute(3) == (3,) and cur.rownumber == 3
    assert cur.fetch_absolute(-2) == (8,)
    assert cur.fetch_relative(-5) == (3,)
    assert cur.fetch_relative(100) is None and cur.rownumber == 3  # a miss keeps the position
    assert cur.fetch_absolute(10) is None
    assert cur.fetch_first() == (0,) and cur.rownumber == 0
    assert cur.fetch_prior() is None and cur.rownumber is None
    assert cur.fetchmany(3) == [(0,), (1,), (2,)]
    cur.scroll(2)
    assert cur.rownumber == 4 and cur.fetchone() == (5,)
    cur.scroll(8, mode="absolute")
    assert cur.fetchone() == (8,)
    assert cur.fetchall() == [(9,)]
    cur.close()


def test_scroll_errors(conn, numbers, scrollable):
    cur = conn.cursor(scrollable=scrollable)
    with pytest.raises(ifx.ProgrammingError):
        cur.scroll(1)  # no result set yet
    cur.execute(numbers)
    with pytest.raises(ifx.ProgrammingError, match="scroll mode"):
        cur.scroll(1, mode="sideways")
    with pytest.raises(IndexError):
        cur.scroll(-5)
    if not scrollable:  # a server-side cursor finds the end only when it fetches
        with pytest.raises(IndexError):
            cur.scroll(100)
    assert cur.fetchone() == (0,)  # the connection is unharmed


def test_client_side_cursor_revisits_rows_of_every_batch(db_params, numbers):
    with ifx.connect(**db_params, fetch_buffer_size=512) as conn:
        cur = conn.cursor()
        cur.execute("SELECT a.k * 10 + b.k FROM t_scroll_n a, t_scroll_n b ORDER BY 1")
        assert len(cur.fetchall()) == 100
        assert cur.rownumber == 100  # past the end: fetch_prior gives the last row
        assert cur.fetch_prior() == (99,)
        assert cur.fetch_first() == (0,)
        assert cur.fetch_absolute(57) == (57,)


def test_past_the_end_then_prior_gives_the_last_row(conn, numbers):
    cur = conn.cursor()
    cur.execute(numbers)
    while cur.fetchone() is not None:
        pass
    assert cur.fetch_prior() == (9,)


def test_empty_result(conn, scrollable):
    cur = conn.cursor(scrollable=scrollable)
    cur.execute("SELECT tabid FROM systables WHERE tabid = -1")
    assert cur.fetch_first() is None
    assert cur.fetch_last() is None
    assert cur.fetch_absolute(-1) is None
    assert cur.fetch_prior() is None
    assert cur.fetchone() is None and cur.rownumber is None


def test_scrollable_cursor_counts_rows_with_sfetch_last(conn, numbers):
    cur = conn.cursor(scrollable=True)
    cur.execute(numbers)
    assert cur.rowcount == -1
    cur.fetch_absolute(-1)
    assert cur.rowcount == 10


def test_another_statement_closes_a_scrollable_cursor(conn, numbers):
    scroll = conn.cursor(scrollable=True)
    scroll.execute(numbers)
    assert scroll.fetch_absolute(4) == (4,)
    other = conn.cursor()
    other.execute("SELECT COUNT(*) FROM t_scroll_n")
    assert other.fetchone() == (10,)
    with pytest.raises(ifx.InterfaceError, match="scroll cursor is closed"):
        scroll.fetch_first()


def test_abandoned_scrollable_cursors_free_the_statement(conn, numbers):
    for i in range(5):
        cur = conn.cursor(scrollable=True)
        cur.execute(numbers)
        assert cur.fetch_absolute(i) == (i,)
        if i % 2:
            cur.close()
        del cur
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM t_scroll_n")
    assert cur.fetchone() == (10,)


def test_scrollable_cursor_applies_the_row_factory(db_params, numbers):
    with ifx.connect(**db_params, row_factory=ifx.Row) as conn:
        cur = conn.cursor(scrollable=True)
        cur.execute(numbers)
        assert cur.fetch_last().k == 9
        assert cur.fetch_first()["k"] == 0
