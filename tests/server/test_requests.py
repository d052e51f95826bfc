"""Post-login requests and their exact replies (PROTOCOL.md §2.6, §3, §4, §5)."""

from __future__ import annotations

import struct

from informix_db.testing import rawclient as rc

SELECT_ONE = "SELECT 1 FROM systables WHERE tabid = 1"
EOT = bytes.fromhex("000c")
DONE_1_COST = bytes.fromhex("000f 0000 00000001 00000000 00000000 0037 00000000 00000000")


def raw_reply(conn: rc.RawConnection, request: bytes, expected_len: int) -> bytes:
    conn.send(request)
    return conn.recv_exact(expected_len)


def tags(reply: list[rc.Message]) -> list[int]:
    return [m.tag for m in reply]


def error_of(reply: list[rc.Message]) -> int | None:
    errors = [m.fields["sqlcode"] for m in reply if m.tag == 13]
    return errors[0] if errors else None


def test_session_initialisation_bytes(server):
    with rc.RawConnection(server.host, server.port) as conn:
        assert conn.login()[0] == 2
        assert raw_reply(conn, rc.PROTOCOLS, 16) == bytes.fromhex("007e 0009 bdbe9ffe7fb7ffefff 00 000c")
        assert raw_reply(conn, rc.INFO_ENV, 2) == EOT
        assert raw_reply(conn, bytes.fromhex("0024 0009") + b"sysmaster\x00" + bytes.fromhex("0000 000c"), 2) == EOT


def test_dbopen_unknown_database_is_329_isam_111(connect):
    conn = connect(None)
    conn.send(rc.dbopen("nowhere"))
    assert conn.recv_exact(22) == bytes.fromhex("000d feb7 ff91 00000000 0007") + b"nowhere\x00" + EOT


def test_select_one_describe_tuple_and_done_bytes(connect):
    """The constructed exchange of §4.1.1 and §3.4, byte for byte."""
    conn = connect("sysmaster")
    describe = bytes.fromhex(
        "0008 0002 0000 00000000 0004 0001 0000000b"
        "00000000 00000000 0002 00000000 0000 0000"
        "0000 0000 00000000 00000004"
    ) + b"(constant)\x00\x00"
    expected = describe + DONE_1_COST.replace(bytes.fromhex("00000001"), bytes(4), 1) + EOT
    prepare = bytes.fromhex("0002 0000 00000027") + SELECT_ONE.encode() + bytes.fromhex("00 0016 0031 000c")
    assert prepare == rc.prepare(SELECT_ONE)
    assert raw_reply(conn, prepare, len(expected)) == expected

    open_fetch = (bytes.fromhex("0004 0000 0003 0012") + b"_ifxc0000000000001" + bytes.fromhex("0006")
                  + bytes.fromhex("0004 0000 0009 00001000 0000 000c"))
    assert len(open_fetch) == 42
    first = bytes.fromhex("000e 0000 00000004 00000001") + DONE_1_COST + EOT
    assert raw_reply(conn, open_fetch, len(first)) == first
    # Every further NFETCH: SQ_DONE(total) and no tuple, never SQ_ERR 100.
    for _ in range(2):
        assert raw_reply(conn, rc.nfetch(), len(DONE_1_COST) + 2) == DONE_1_COST + EOT
    assert raw_reply(conn, rc.CLOSE, 2) == EOT
    assert raw_reply(conn, rc.RELEASE, 2) == EOT


def test_dml_with_bind_example_of_section_3_7(connect):
    conn = connect()
    for sql in ("CREATE TABLE bind37 (i INTEGER, s CHAR(10), n VARCHAR(10))",):
        assert tags(conn.request(rc.prepare(sql)))[0] == 8
        assert error_of(conn.request(rc.EXECUTE)) is None
        conn.request(rc.RELEASE)
    reply = conn.request(rc.prepare("INSERT INTO bind37 VALUES (?, ?, ?)", 3))
    assert reply[0].fields["stmt_type"] == 6
    bind = bytes.fromhex(
        "0004 0000 0005 0003"
        "0002 0000 0a00 0000002a"
        "0000 0000 0000 0005") + b"hello\x00" + bytes.fromhex(
        "0000 ffff 0000"
        "0007 000c")
    assert bind == rc.bind([rc.int_param(42), rc.str_param("hello"), rc.NULL_PARAM])
    reply = conn.request(bind)
    done = [m for m in reply if m.tag == 15]
    assert tags(reply)[-3:] == [15, 55, 12] and done[0].fields["rows"] == 1
    assert set(tags(reply)) <= {99, 15, 55, 12}
    assert conn.request(rc.RELEASE) == [rc.Message(12)]
    conn.request(rc.prepare("SELECT i, s, n FROM bind37"))
    reply = conn.request(rc.open_fetch())
    # INT 42, CHAR(10) 'hello' blank padded, VARCHAR NULL = 01 00
    assert reply[0].fields["payload"] == bytes.fromhex("0000002a") + b"hello     " + bytes.fromhex("0100")
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)
    conn.request(rc.COMMIT)


def test_prepare_error_keeps_no_statement(connect):
    conn = connect()
    reply = conn.request(rc.prepare("SELECT * FROM no_such_table"))
    assert tags(reply) == [13, 12]
    assert reply[0].fields["sqlcode"] == -206 and reply[0].fields["near"] == "no_such_table"
    assert tags(conn.request(rc.prepare(SELECT_ONE))) == [8, 15, 55, 12]


def test_failed_execute_keeps_statement_until_release(connect):
    conn = connect()
    conn.request(rc.prepare("CREATE TABLE keepstmt (k INTEGER NOT NULL PRIMARY KEY)"))
    conn.request(rc.EXECUTE)
    conn.request(rc.RELEASE)
    conn.request(rc.prepare("INSERT INTO keepstmt VALUES (?)", 1))
    assert error_of(conn.request(rc.bind([rc.int_param(1)]))) is None
    assert error_of(conn.request(rc.bind([rc.int_param(1)]))) == -268
    # The statement is still allocated: it can run again with other values.
    assert error_of(conn.request(rc.bind([rc.int_param(2)]))) is None
    assert error_of(conn.request(rc.bind([rc.NULL_PARAM]))) == -391
    assert conn.request(rc.RELEASE) == [rc.Message(12)]
    conn.request(rc.ROLLBACK)


def test_leaked_statement_makes_next_prepare_fail_once(connect):
    conn = connect()
    conn.request(rc.prepare(SELECT_ONE))
    assert error_of(conn.request(rc.prepare(SELECT_ONE))) == -255
    assert tags(conn.request(rc.prepare(SELECT_ONE)))[0] == 8


def test_close_without_cursor_is_267_and_release_is_always_eot(connect):
    conn = connect()
    assert error_of(conn.request(rc.CLOSE)) == -267
    assert conn.request(rc.RELEASE) == [rc.Message(12)]
    assert conn.request(rc.RELEASE) == [rc.Message(12)]


def test_execute_of_a_select_is_260(connect):
    conn = connect()
    conn.request(rc.prepare(SELECT_ONE))
    assert error_of(conn.request(rc.EXECUTE)) == -260
    conn.request(rc.RELEASE)


def test_fetch_without_open_cursor(connect):
    conn = connect()
    assert error_of(conn.request(rc.nfetch())) == -267
    conn.request(rc.prepare(SELECT_ONE))
    assert error_of(conn.request(rc.nfetch())) == -259
    conn.request(rc.RELEASE)


def test_chained_request_failing_at_open_gets_one_error_and_one_eot(connect):
    conn = connect()
    conn.request(rc.prepare("CREATE TABLE chained (k INTEGER)"))
    conn.request(rc.EXECUTE)
    conn.request(rc.RELEASE)
    conn.request(rc.prepare("SELECT k FROM chained"))
    conn.request(rc.prepare("SELECT 1 FROM systables WHERE tabid = 1"))  # -255: slot lost
    assert error_of(conn.request(rc.open_fetch())) == -258


def _fill_numbers(conn, table: str, count: int) -> None:
    conn.request(rc.prepare(f"CREATE TABLE {table} (k INTEGER, pad CHAR(100))"))
    conn.request(rc.EXECUTE)
    conn.request(rc.RELEASE)
    conn.request(rc.prepare(f"INSERT INTO {table} VALUES (?, 'x')", 1))
    conn.send(b"".join(rc.bind([rc.int_param(i)]) for i in range(1, count + 1)))
    for _ in range(count):
        assert error_of(conn.read_reply()) is None
    conn.request(rc.RELEASE)
    conn.request(rc.COMMIT)


def test_nfetch_respects_the_byte_budget_and_reports_the_total(connect):
    conn = connect()
    _fill_numbers(conn, "budget", 300)
    conn.request(rc.prepare("SELECT k, pad FROM budget ORDER BY k"))
    batches = [conn.request(rc.open_fetch())]
    while any(m.tag == 14 for m in batches[-1]):
        batches.append(conn.request(rc.nfetch()))
    rows = [struct.unpack("!i", m.fields["payload"][:4])[0] for b in batches for m in b if m.tag == 14]
    assert rows == list(range(1, 301))
    for batch in batches[:-1]:
        tuple_bytes = sum(len(m.fields["payload"]) for m in batch if m.tag == 14)
        assert 0 < tuple_bytes <= 4096
    assert [m.fields["rows"] for m in batches[-2] if m.tag == 15] == [300]
    assert tags(batches[-1]) == [15, 55, 12] and batches[-1][0].fields["rows"] == 300
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)


def test_scroll_cursor_sfetch(connect):
    conn = connect()
    _fill_numbers(conn, "scrolled", 25)
    conn.request(rc.prepare("SELECT k FROM scrolled ORDER BY k"))
    assert conn.request(rc.open_fetch(scroll=True, fetch=False)) == [rc.Message(12)]

    def fetch(scroll_type, target=0):
        reply = conn.request(rc.sfetch(scroll_type, target))
        ids = [m.fields["row"] for m in reply if m.tag == 25]
        values = [struct.unpack("!i", m.fields["payload"])[0] for m in reply if m.tag == 14]
        assert error_of(reply) is None
        return ids, values

    assert fetch(4) == ([25], [25])  # LAST
    assert fetch(6, 7) == ([7], [7])  # ABSOLUTE
    assert fetch(1) == ([8], [8])  # NEXT
    assert fetch(6, 26) == ([], [])  # past the end: no tuple, no error
    assert fetch(6, 1) == ([1], [1])
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)


def test_scroll_open_of_for_update_fails_526_and_the_statement_stays_usable(connect):
    conn = connect()
    _fill_numbers(conn, "locked_scroll", 3)
    conn.request(rc.prepare("SELECT k FROM locked_scroll FOR UPDATE"))
    assert error_of(conn.request(rc.open_fetch(scroll=True, fetch=False))) == -526
    reply = conn.request(rc.open_fetch())  # the same statement, forward-only: allowed
    assert error_of(reply) is None
    assert [struct.unpack("!i", m.fields["payload"])[0] for m in reply if m.tag == 14] == [1, 2, 3]
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)
    conn.request(rc.prepare("SELECT k FROM locked_scroll ORDER BY k"))
    assert conn.request(rc.open_fetch(scroll=True, fetch=False)) == [rc.Message(12)]
    assert [m.fields["row"] for m in conn.request(rc.sfetch(4)) if m.tag == 25] == [3]
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)


def test_bind_alone_then_open_uses_the_values(connect):
    conn = connect()
    _fill_numbers(conn, "bound", 10)
    conn.request(rc.prepare("SELECT k FROM bound WHERE k > ? ORDER BY k", 1))
    assert conn.request(rc.bind([rc.int_param(7)], execute=False)) == [rc.Message(12)]
    reply = conn.request(rc.open_fetch())
    assert [struct.unpack("!i", m.fields["payload"])[0] for m in reply if m.tag == 14] == [8, 9, 10]
    conn.request(rc.CLOSE)
    conn.request(rc.RELEASE)


def test_pipelined_binds_get_one_reply_each_even_after_an_error(connect):
    conn = connect()
    conn.request(rc.prepare("CREATE TABLE piped (k INTEGER PRIMARY KEY)"))
    conn.request(rc.EXECUTE)
    conn.request(rc.RELEASE)
    conn.request(rc.prepare("INSERT INTO piped VALUES (?)", 1))
    keys = list(range(50))
    keys[25] = 3
    conn.send(b"".join(rc.bind([rc.int_param(k)]) for k in keys))
    outcomes = [error_of(conn.read_reply()) for _ in keys]
    assert outcomes == [None] * 25 + [-268] + [None] * 24
    assert conn.request(rc.RELEASE) == [rc.Message(12)]
    conn.request(rc.ROLLBACK)


def test_transactions_and_xactstat(connect):
    conn = connect()
    assert set(tags(conn.request(rc.BEGIN))) <= {99, 12}
    assert error_of(conn.request(rc.BEGIN)) == -535
    assert error_of(conn.request(rc.COMMIT)) is None
    assert error_of(conn.request(rc.COMMIT)) == -255
    assert error_of(conn.request(rc.ROLLBACK)) == -255


def test_exit_replies_exit_and_closes(connect):
    conn = connect()
    conn.send(rc.EXIT)
    assert conn.recv_all() == bytes.fromhex("0038")


def test_unknown_tag_gets_an_error_then_close(connect):
    conn = connect()
    conn.send(bytes.fromhex("0199 000c"))
    reply = conn.read_reply()
    assert tags(reply) == [13, 12]
    assert conn.recv_all() == b""


def test_getroutine_of_an_unknown_routine_is_answered_with_an_error(connect):
    conn = connect()
    sig = b"function informix.no_such_routin(integer)"  # odd length, so the pad below is due
    request = bytes.fromhex("0065 00") + struct.pack("!i", len(sig)) + sig + b"\x00" + bytes.fromhex("0000 000c")
    reply = conn.request(request)
    assert tags(reply) == [13, 12] and reply[0].fields["sqlcode"] == -674
    assert tags(conn.request(rc.prepare(SELECT_ONE)))[0] == 8
