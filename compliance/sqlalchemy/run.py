"""Run SQLAlchemy's dialect compliance suite against an embedded server.

    python compliance/sqlalchemy/run.py [pytest arguments]

Starts ``informix_db.testing.EmbeddedServer``, creates a logged database, and runs the
suite (``test_suite.py``) with SQLAlchemy's pytest plugin and this directory's setup.cfg.
"""

from __future__ import annotations

import os
import sys

import pytest

import informix_db
from informix_db.testing import EmbeddedServer

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv: list[str]) -> int:
    with EmbeddedServer() as server:
        params = server.connect_kwargs()
        with informix_db.connect(**params, autocommit=True) as conn:
            conn.cursor().execute("CREATE DATABASE sqla_suite WITH LOG")
        url = (f"informix://{params['user']}:{params['password']}@{params['host']}:{params['port']}"
               f"/sqla_suite?server={params['server']}")
        os.chdir(HERE)
        return pytest.main(["--rootdir", HERE, "-c", os.path.join(HERE, "setup.cfg"), "--dburi", url,
                            "test_suite.py", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
