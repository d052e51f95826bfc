"""Run the peer's own integration suite against the embedded server.

    python tools/peer_suite.py --driver peer ours \
        --known-failures tests/conformance              # the peer driver (its venv), then ours

The peer's tests encode what real Informix servers do (its authors run them against 12.10,
14.10 and 15). They run unchanged, from a copy of the peer's sdist, against a fresh
``ifx serve`` process, with a per-test timeout. The last lines printed are
``<driver>: N passed, N failed, N skipped``; ``--report FILE`` writes every non-passing test with
its reason.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from informix_db.testing.serve_process import serve_in_subprocess

from peer import peer_python, peer_sdist

# The database the peer's UTF-8 tests use (they skip unless IFX_UTF8_DATABASE names one).
UTF8_DATABASE = "utf8db"


@dataclass
class SuiteResult:
    passed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return f"{len(self.passed)} passed, {len(self.failed)} failed, {len(self.skipped)} skipped"


def create_utf8_database(host: str, port: int) -> None:
    """Create the UTF-8 database as a DBA would: DB_LOCALE=en_US.utf8 at CREATE DATABASE."""
    import informix_db

    conn = informix_db.connect(host=host, port=port, user="informix", password="in4mix", database="sysmaster",
                               server="informix", autocommit=True, client_locale="en_US.utf8",
                               env={"DB_LOCALE": "en_US.utf8"})
    try:
        conn.cursor().execute(f"CREATE DATABASE {UTF8_DATABASE} WITH LOG")
    finally:
        conn.close()


def _parse_junit(path: Path) -> SuiteResult:
    result = SuiteResult()
    for case in ET.parse(path).iter("testcase"):
        name = f"{case.get('classname', '').rsplit('.', 1)[-1]}.py::{case.get('name')}"
        outcome = next((child for child in case if child.tag in ("failure", "error", "skipped")), None)
        if outcome is None:
            result.passed.append(name)
        elif outcome.tag == "skipped":
            result.skipped[name] = (outcome.get("message") or "").strip()
        else:
            message = (outcome.get("message") or outcome.text or "").strip().splitlines()
            result.failed[name] = message[0][:300] if message else outcome.tag
    return result


def run_suite(driver: str, *, files: list[str] | None = None, keyword: str | None = None,
              timeout: int = 60, extra_args: list[str] | None = None) -> SuiteResult:
    """Run the peer's ``integration and not benchmark`` tests with ``driver`` ('peer' or 'ours')."""
    python = str(peer_python(with_test_requirements=True)) if driver == "peer" else sys.executable
    sdist = peer_sdist()
    with tempfile.TemporaryDirectory(prefix="peer-suite-") as tmp, serve_in_subprocess() as (host, port):
        work = Path(tmp)
        create_utf8_database(host, port)
        shutil.copytree(sdist / "tests", work / "tests")  # no src/: the driver comes from `python`
        junit = work / "junit.xml"
        selection = [f"tests/{f}" for f in files] if files else ["tests"]
        cmd = [python, "-m", "pytest", *selection, "-q", "-p", "no:cacheprovider",
               "-m", "integration and not benchmark", "-o", "asyncio_mode=auto",
               "--continue-on-collection-errors", f"--timeout={timeout}", f"--junitxml={junit}",
               "--rootdir", str(work)]
        if keyword:
            cmd += ["-k", keyword]
        cmd += extra_args or []
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env.update(IFX_HOST=host, IFX_PORT=str(port), IFX_USER="informix", IFX_PASSWORD="in4mix",
                   IFX_DATABASE="sysmaster", IFX_SERVER="informix", IFX_UTF8_DATABASE=UTF8_DATABASE)
        subprocess.run(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not junit.exists():
            raise RuntimeError(f"the peer suite produced no report: {' '.join(cmd)}")
        return _parse_junit(junit)


def read_known_failures(path: str) -> dict[str, str]:
    """``name: reason`` lines (``#`` comments allowed): tests expected not to pass, and why."""
    known = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, reason = line.partition(": ")
            known[name.strip()] = reason.strip()
    return known


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--driver", nargs="+", choices=("peer", "ours"), default=["peer"],
                        help="run the suite with each of these drivers in turn")
    parser.add_argument("--files", nargs="*", help="test files of the peer suite (default: all)")
    parser.add_argument("-k", dest="keyword", help="pytest -k expression")
    parser.add_argument("--timeout", type=int, default=60, help="per-test timeout in seconds")
    parser.add_argument("--report", help="write the non-passing tests and reasons to this file")
    parser.add_argument("--known-failures", metavar="DIR",
                        help="directory of known_failures_<driver>.txt files (name: reason lines); "
                        "the exit status is 0 when every test not listed there passes")
    args = parser.parse_args(argv)
    lines, summaries, unexpected = [], [], []
    for driver in args.driver:
        result = run_suite(driver, files=args.files, keyword=args.keyword, timeout=args.timeout)
        lines += [f"{driver} FAILED {name}: {why}" for name, why in sorted(result.failed.items())]
        lines += [f"{driver} SKIPPED {name}: {why}" for name, why in sorted(result.skipped.items())]
        known = {}
        if args.known_failures:
            known = read_known_failures(Path(args.known_failures) / f"known_failures_{driver}.txt")
        unexpected += [f"{driver} {name}" for name in
                       sorted((set(result.failed) | set(result.skipped)) - set(known))]
        summaries.append(f"{driver}: {result.summary()}")
    if args.report:
        Path(args.report).write_text("\n".join(lines) + "\n")
    else:
        print("\n".join(lines))
    for name in unexpected:
        print(f"UNEXPECTED {name}", file=sys.stderr)
    print("\n".join(summaries))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
