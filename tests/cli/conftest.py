"""Run ``ifx`` as users do: in a subprocess, with a clean environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

IFX = [sys.executable, "-m", "informix_db.cli"]


def clean_env(**extra) -> dict:
    """The environment without IFX_*/DB* settings of the developer's shell, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IFX_", "DBDATE", "DBMONEY", "DBDELIMITER"))}
    env.update(extra)
    return env


def run_ifx(*args, env=None, input=None, prefix=IFX) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *map(str, args)], capture_output=True, text=True, input=input,
                          env=env or clean_env(), timeout=60)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_one_line_failure(result, *fragments) -> str:
    """The command failed with one line on stderr, no traceback, naming each fragment."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def demo_server():
    """``ifx serve --demo`` in a subprocess on a free port: its (host, port)."""
    port = free_port()
    proc = subprocess.Popen([*IFX, "serve", "--demo", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=clean_env())
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on"), line + proc.stderr.read()
        assert proc.stdout.readline().strip() == "demo database: stores"
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
