"""``ifx --version``, ``ifx serve --demo``, and each expected failure told in one line."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import informix_db
from informix_db.testing import EmbeddedServer
from informix_db.testing.demo import CUSTOMERS, DEMO_DATABASE, rows

from .conftest import assert_one_line_failure, clean_env, free_port, run_ifx

README = Path(__file__).resolve().parents[2] / "README.md"


def test_version_names_the_package_version():
    from importlib.metadata import version

    result = run_ifx("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ifx (informix-fast) {version('informix-fast')}"


def test_missing_server_extra_is_one_line():
    without_duckdb = [sys.executable, "-c",
                      "import sys; sys.modules['duckdb'] = None; from informix_db.cli import main; sys.exit(main())"]
    result = run_ifx("serve", "--port", "0", prefix=without_duckdb)
    assert_one_line_failure(result, "[server] extra", "duckdb", "pip install")


def test_busy_port_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_ifx("serve", "--port", port)
    assert_one_line_failure(result, f"127.0.0.1:{port}", "in use")


def test_refused_connection_is_one_line():
    result = run_ifx("sql", "--port", free_port(), "-d", "sysmaster", "SELECT 1 FROM systables")
    assert_one_line_failure(result, "ifx sql: error:")


def test_bad_credentials_are_one_line_without_the_password(demo_server):
    host, port = demo_server
    result = run_ifx("sql", "--host", host, "--port", port, "--password", "wrong-s3cret", "-d", "stores",
                     "SELECT 1 FROM customer")
    line = assert_one_line_failure(result, "-951")
    assert "wrong-s3cret" not in line


def test_sql_error_is_one_line(demo_server):
    host, port = demo_server
    result = run_ifx("sql", "--host", host, "--port", port, "-d", "stores", "SELECT * FROM no_such_table")
    assert_one_line_failure(result, "-206")


def test_url_from_the_environment_names_the_connection(demo_server):
    host, port = demo_server
    env = clean_env(IFX_URL=f"informix://informix:in4mix@{host}:{port}/stores?server=informix")
    result = run_ifx("sql", "--format", "csv", "SELECT manu_code FROM manufact ORDER BY manu_code", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == ["manu_code", "ALP", "BRK"]


def test_readme_quick_start_runs_against_serve_demo(demo_server):
    """The README's first example, run as written except for the port of the test server."""
    host, port = demo_server
    text = README.read_text()
    quick_start = text[text.index("## Quick start"):]
    code = re.search(r"```python\n(.*?)```", quick_start, re.S).group(1)
    assert "port=9088" in code and 'database="stores"' in code
    code = code.replace("port=9088", f"port={port}").replace('host="127.0.0.1"', f'host="{host}"')
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env=clean_env())
    assert result.returncode == 0, result.stderr
    california = [f"{num} {customer[0]}" for num, customer in enumerate(CUSTOMERS, 101) if customer[6] == "CA"]
    assert len(california) > 1 and result.stdout.splitlines() == california


def test_embedded_server_demo_holds_every_table():
    with EmbeddedServer(demo=True) as srv:
        with informix_db.connect(**srv.connect_kwargs(), database=DEMO_DATABASE) as conn:
            cur = conn.cursor()
            for table, expected in rows().items():
                cur.execute(f"SELECT COUNT(*) FROM {table}")
                assert cur.fetchone()[0] == len(expected) > 0
            cur.execute("SELECT COUNT(*) FROM items i, orders o, customer c, stock s, manufact m "
                        "WHERE i.order_num = o.order_num AND o.customer_num = c.customer_num "
                        "AND i.stock_num = s.stock_num AND i.manu_code = s.manu_code AND s.manu_code = m.manu_code")
            assert cur.fetchone()[0] == len(rows()["items"])  # every item joins to its order, stock and maker


def test_sql_reads_a_script_from_a_pipe_and_prints_csv(demo_server):
    host, port = demo_server
    script = "SELECT manu_code, lead_time FROM manufact WHERE manu_code = 'CRW';\nSELECT COUNT(*) FROM stock;"
    result = run_ifx("sql", "--host", host, "--port", port, "-d", "stores", "--format", "csv", input=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["manu_code,lead_time", "CRW,5"]
    assert result.stdout.splitlines()[3] == "15"


def test_demo_is_created_once_in_a_persistent_data_dir(tmp_path):
    with EmbeddedServer(data_dir=str(tmp_path), demo=True) as srv:
        with informix_db.connect(**srv.connect_kwargs(), database=DEMO_DATABASE) as conn:
            conn.cursor().execute("DELETE FROM items WHERE order_num = 1001")
            conn.commit()
    with EmbeddedServer(data_dir=str(tmp_path), demo=True) as srv:
        with informix_db.connect(**srv.connect_kwargs(), database=DEMO_DATABASE) as conn:
            cur = conn.cursor()
            cur.execute("SELECT COUNT(*) FROM items")
            assert cur.fetchone()[0] == len(rows()["items"]) - 2  # the user's change survives a restart
