"""Parallel test runs (pytest-xdist): every worker process gets a Redis
database of its own, as pytest-django gives it a test database of its own,
so that one worker's Celery tasks and cache never reach another's.

Loaded with ``-p`` (``make test``), before Django reads its settings:
worker ``gwN`` uses the database N below the configured one.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

# The same default as pytest.ini's REDIS_URL, which is applied only later.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw"):
    _parts = urlsplit(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL))
    _database = int(_parts.path.strip("/") or 0) - int(_worker.removeprefix("gw"))
    os.environ["REDIS_URL"] = urlunsplit(_parts._replace(path=f"/{_database}"))

# The files that take longest (browser journeys, real worker processes) are
# handed out first: with whole files per process, a long file handed out
# last leaves one process working while the other waits.
SLOW_FIRST = (
    "jobfair/tests/browser/",
    "messaging/tests/test_faults.py",
    "applicants/tests/test_concurrency.py",
    "jobfair/tests/test_permissions.py",
    "messaging/tests/",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-randomly's shuffle: slow files first, in its order."""
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))
