"""The compliance suite itself: every test class of ``sqlalchemy.testing.suite``."""

from sqlalchemy.testing.suite import *  # noqa: F403
