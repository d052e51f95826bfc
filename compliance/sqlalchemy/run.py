"""Run SQLAlchemy's dialect compliance suite against an embedded server.

    python compliance/sqlalchemy/run.py [--known-failures FILE] [pytest arguments]

Starts ``informix_db.testing.EmbeddedServer``, creates a logged database, and runs the
suite (``test_suite.py``) with SQLAlchemy's pytest plugin and this directory's setup.cfg.
It prints the passed / failed / skipped figures and the skip reasons; with
``--known-failures`` it exits non-zero only for a failure that is not listed there (each
listed test names the gap of the embedded server, or of Informix, that it meets).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys

import pytest

import informix_db
from informix_db.testing import EmbeddedServer

HERE = os.path.dirname(os.path.abspath(__file__))
UTF8 = "en_US.utf8"  # the suite's Unicode tests need a Unicode database
_ERROR_LINE = re.compile(r"^(E\s+)?[\w.]*(Error|Exception|Failed)\b")
_BACKEND_SUFFIX = re.compile(r"_informix\+\w+?(_\d+)+(?=::)")


def test_key(nodeid: str) -> str:
    """``Class::test[params]`` without the file and the backend suffix pytest adds to classes."""
    return _BACKEND_SUFFIX.sub("", nodeid.split("::", 1)[-1])


def read_known_failures(path: str) -> set[str]:
    with open(path, encoding="utf-8") as f:
        return {line.split("#", 1)[0].strip() for line in f} - {""}


class Outcomes:
    """A pytest plugin that records each test's outcome (errors in setup/teardown count as failed)."""

    def __init__(self) -> None:
        self.outcome: dict[str, str] = {}
        self.error: dict[str, str] = {}  # a failed test's last line of error text
        self.skip_reasons: collections.Counter = collections.Counter()

    def pytest_runtest_logreport(self, report) -> None:
        key = test_key(report.nodeid)
        if report.failed:
            self.outcome[key] = "failed"
            lines = [line.strip() for line in report.longreprtext.splitlines() if line.strip()]
            errors = [line for line in lines if _ERROR_LINE.match(line)] or lines or [""]
            self.error.setdefault(key, errors[-1])
        elif report.skipped and key not in self.outcome:
            self.outcome[key] = "skipped"
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            # SQLAlchemy words its skips "'<test id>' : <reason>"
            self.skip_reasons[reason.removeprefix("Skipped: ").split("' : ", 1)[-1]] += 1
        elif report.when == "call" and report.passed:
            self.outcome.setdefault(key, "passed")

    def count(self, outcome: str) -> int:
        return sum(1 for value in self.outcome.values() if value == outcome)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--known-failures", help="file of tests allowed to fail, one Class::test a line")
    parser.add_argument("--failures-out", help="write each failed test and its last error line here")
    args, pytest_args = parser.parse_known_args(argv)
    for name in ("known_failures", "failures_out"):  # the suite runs from this directory
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    outcomes = Outcomes()
    with EmbeddedServer() as server:
        params = server.connect_kwargs()
        with informix_db.connect(**params, autocommit=True, client_locale=UTF8, env={"DB_LOCALE": UTF8}) as conn:
            conn.cursor().execute("CREATE DATABASE sqla_suite WITH LOG")
        url = (f"informix://{params['user']}:{params['password']}@{params['host']}:{params['port']}"
               f"/sqla_suite?server={params['server']}&client_locale={UTF8}&DB_LOCALE={UTF8}")
        os.chdir(HERE)
        status = pytest.main(["--rootdir", HERE, "-c", os.path.join(HERE, "setup.cfg"), "--dburi", url,
                              "test_suite.py", *pytest_args], plugins=[outcomes])
    print(f"\nSQLAlchemy compliance suite: {outcomes.count('passed')} passed, "
          f"{outcomes.count('failed')} failed, {outcomes.count('skipped')} skipped")
    print("skipped, by reason:")
    for reason, n in outcomes.skip_reasons.most_common():
        print(f"  {n:4d}  {reason}")
    if args.failures_out:
        with open(args.failures_out, "w", encoding="utf-8") as f:
            f.writelines(f"{key}\t{outcomes.error[key]}\n" for key in sorted(outcomes.error))
    if args.known_failures is None:
        return int(status)
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return int(status)  # interrupted, internal error, usage error: never a pass
    known = read_known_failures(args.known_failures)
    failed = {key for key, value in outcomes.outcome.items() if value == "failed"}
    unexpected = sorted(failed - known)
    now_passing = sorted(key for key in known if outcomes.outcome.get(key) == "passed")
    for key in now_passing:
        print(f"listed as a known failure but passed (remove it from the list): {key}")
    for key in unexpected:
        print(f"UNEXPECTED FAILURE: {key}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
