"""Connection lifecycle against the test server: login, options, closing, failures."""

import socket
import threading

import pytest

import informix_db as ifx


def test_module_globals():
    assert (ifx.apilevel, ifx.threadsafety, ifx.paramstyle) == ("2.0", 1, "numeric")
    assert ifx.IMPLEMENTATION in ("c", "python")
    assert issubclass(ifx.ProtocolError, ifx.InterfaceError)


def test_connect_without_database_and_query_nothing(server_params):
    with ifx.connect(**server_params) as conn:
        assert not conn.closed
        assert conn.server_version_internal
    assert conn.closed


def test_wrong_password_is_operational_error_without_the_password(server_params):
    params = {**server_params, "password": "wrong-secret-pw"}
    with pytest.raises(ifx.OperationalError) as info:
        ifx.connect(**params)
    assert "wrong-secret-pw" not in str(info.value)


def test_unknown_database_fails_the_connect(server_params):
    with pytest.raises(ifx.DatabaseError) as info:
        ifx.connect(**server_params, database="no_such_db_xyz")
    assert info.value.sqlcode == -329


def test_closed_port_is_operational_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ifx.OperationalError):
        ifx.connect("127.0.0.1", port, user="u", password="p", connect_timeout=2)


def test_repr_never_shows_the_password(db_params):
    conn = ifx.connect(**db_params)
    try:
        assert db_params["password"] not in repr(conn)
        assert db_params["password"] not in repr(conn.cursor())
        assert "testdb" in repr(conn)
    finally:
        conn.close()


def test_close_is_idempotent_and_later_use_is_an_interface_error(db_params):
    conn = ifx.connect(**db_params)
    cur = conn.cursor()
    conn.close()
    conn.close()
    with pytest.raises(ifx.InterfaceError):
        conn.cursor()
    with pytest.raises(ifx.InterfaceError):
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    with pytest.raises(ifx.InterfaceError):
        conn.commit()


def test_server_version_mentions_informix(conn):
    assert "Informix" in conn.server_version


def test_bad_fetch_buffer_size_is_rejected(db_params):
    with pytest.raises(ifx.ProgrammingError):
        ifx.connect(**db_params, fetch_buffer_size=10)


def _silent_server():
    """A listener that accepts and never answers: for timeout tests."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    return listener, accepted


def test_login_timeout_is_operational_error():
    listener, accepted = _silent_server()
    try:
        with pytest.raises(ifx.OperationalError, match="timed out"):
            ifx.connect("127.0.0.1", listener.getsockname()[1], user="u", password="p",
                        connect_timeout=0.3)
    finally:
        for s in accepted:
            s.close()
        listener.close()


def _relay(server_port: int):
    """A TCP relay in front of the server whose client side can be cut or stalled on demand."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    state = {"stall": threading.Event(), "sockets": []}

    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if state["stall"].is_set():
                    continue
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def accept():
        client, _ = listener.accept()
        upstream = socket.create_connection(("127.0.0.1", server_port))
        state["sockets"] += [client, upstream]
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener, state


def test_read_timeout_closes_the_connection(db_params):
    listener, state = _relay(db_params["port"])
    try:
        params = {**db_params, "host": "127.0.0.1", "port": listener.getsockname()[1]}
        conn = ifx.connect(**params, read_timeout=0.5)
        cur = conn.cursor()
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
        state["stall"].set()
        with pytest.raises(ifx.OperationalError, match="timed out"):
            cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
        assert conn.closed
        with pytest.raises(ifx.InterfaceError):
            cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
        conn.close()
    finally:
        for s in state["sockets"]:
            s.close()
        listener.close()


def test_dropped_connection_is_operational_error_and_closes(db_params):
    listener, state = _relay(db_params["port"])
    try:
        params = {**db_params, "host": "127.0.0.1", "port": listener.getsockname()[1]}
        conn = ifx.connect(**params, read_timeout=5)
        for s in state["sockets"]:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:  # the relay already saw one side go and closed this one
                pass
        with pytest.raises(ifx.OperationalError):
            conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")
        assert conn.closed
        conn.close()
    finally:
        for s in state["sockets"]:
            s.close()
        listener.close()
