"""The settings the tests run with: the app's own, with one Redis database per test process.

The suite runs in several processes (pytest-xdist, one per core).
pytest-django gives each worker its own test database (``test_ipsfidelity_gw0``,
``_gw1``, ...). Redis is shared by default, and it holds both the cache and the Celery
broker: one worker's Celery worker would take the other worker's tasks, and a rate
limit counted in one would stop a test in the other. So worker *n* uses the Redis
database *n* below the one ``REDIS_URL`` names (CI: 15, 14, ...).

xdist names the worker in the environment before the worker's pytest starts, and
the app's settings read ``REDIS_URL`` when imported, below. The environment is
changed, not only the settings, so that a command a test starts uses the same database.
"""

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16


def redis_url_for_worker(url: str, worker: str) -> str:
    """``redis://host:6379/15`` for worker ``gw1`` is ``redis://host:6379/14``."""
    index = int(worker.removeprefix("gw"))
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    database = (first - index) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{database}"))


FIRST_REDIS_URL = os.environ.get("PYTEST_FIRST_REDIS_URL") or os.environ.get("REDIS_URL", "")
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and FIRST_REDIS_URL and "PYTEST_FIRST_REDIS_URL" not in os.environ:
    os.environ["PYTEST_FIRST_REDIS_URL"] = FIRST_REDIS_URL
    os.environ["REDIS_URL"] = redis_url_for_worker(FIRST_REDIS_URL, _worker)

from ipsfidelity.settings import *  # noqa: E402, F403
from ipsfidelity.settings import DATABASES  # noqa: E402

# A test database is thrown away at the end: its commits (each migration's, each
# transactional and browser test's) need not wait for the disk.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
