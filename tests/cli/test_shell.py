"""The interactive shell of ``ifx sql`` and the progress bar, in a real pseudo-terminal."""

from __future__ import annotations

import sys

import pexpect

from .conftest import clean_env


def spawn(*args, env) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "informix_db.cli", *map(str, args)], env=env,
                         encoding="utf-8", timeout=30, dimensions=(40, 200))


def test_shell_runs_multi_line_statements_describes_times_and_keeps_history(tmp_path):
    history = tmp_path / "history"
    shell = spawn("sql", "--embedded", "--demo", env=clean_env(IFX_HISTFILE=str(history), TERM="dumb"))
    shell.expect_exact("ifx> ")
    shell.sendline("SELECT customer_num, fname")
    shell.expect_exact("...> ")
    shell.sendline("  FROM customer WHERE customer_num = 101;")
    shell.expect_exact("| 101          | Marta |")
    shell.expect_exact("(1 row)")
    shell.sendline("\\d customer")
    shell.expect(r"\| customer_num \| SERIAL\s+\| no")
    shell.expect(r"\| fname\s+\| CHAR\(15\)\s+\| yes")
    shell.sendline("\\d")
    shell.expect(r"\| manufact\s+\|")
    shell.sendline("\\timing")
    shell.expect_exact("timing is on")
    shell.sendline("\\format json")
    shell.expect_exact("output format is json")
    shell.sendline("SELECT manu_code FROM manufact WHERE manu_code = 'ALP';")
    shell.expect_exact('[{"manu_code": "ALP"}]')
    shell.expect(r"Time: \d+\.\d ms")
    shell.sendline("SELECT * FROM no_such_table;")
    shell.expect_exact("error: [-206]")
    shell.sendline("SELECT 'still; connected' FROM manufact WHERE manu_code = 'BRK';")
    shell.expect_exact("still; connected")
    shell.sendline("\\q")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0
    assert "FROM customer WHERE customer_num = 101;" in history.read_text()


def test_progress_bar_shows_rows_rate_and_bytes_on_a_terminal(tmp_path):
    data = tmp_path / "rows.unl"
    data.write_text("".join(f"{i}|name {i}|\n" for i in range(3000)))
    command = spawn("load", "--embedded", "--demo", "stock_copy", data, "--create", env=clean_env(TERM="dumb"))
    command.expect(r"load stock_copy: .*100%.*3,000 rows, [\d,]+ rows/s")
    command.expect(r"loaded 3,000 rows \([\d.]+ KiB\)")
    command.expect(pexpect.EOF)
    command.close()
    assert command.exitstatus == 0
