"""SQLAlchemy's dialect compliance suite with its own pytest plugin (run through run.py)."""

import pytest

pytest.register_assert_rewrite("sqlalchemy.testing.assertions")

from sqlalchemy.testing.plugin.pytestplugin import *  # noqa: E402, F403
