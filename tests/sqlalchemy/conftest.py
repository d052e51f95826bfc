"""An SQLAlchemy engine on the suite's test database (see tests/conftest.py)."""

from __future__ import annotations

import pytest
import sqlalchemy


def url_for(params: dict, driver: str = "informix") -> str:
    return (f"{driver}://{params['user']}:{params['password']}@{params['host']}:{params['port']}"
            f"/{params['database']}?server={params['server']}")


@pytest.fixture(scope="session")
def db_url(db_params):
    return url_for(db_params)


@pytest.fixture(scope="session")
def engine(db_url):
    eng = sqlalchemy.create_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def metadata(engine):
    """A MetaData whose tables are dropped after the test."""
    md = sqlalchemy.MetaData()
    yield md
    md.drop_all(engine)
