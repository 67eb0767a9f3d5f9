"""The suite's processes keep out of each other's Redis (tests/settings.py)."""

import os

from django.conf import settings

from tests.settings import redis_url_for_worker


def test_each_worker_has_its_own_redis_database_below_the_first():
    assert redis_url_for_worker("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/15"
    assert redis_url_for_worker("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/14"
    assert (
        redis_url_for_worker("redis://:secret@redis:6379", "gw1") == "redis://:secret@redis:6379/15"
    )


def test_the_cache_the_broker_and_started_commands_use_this_workers_database():
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL == "memory://"
        return
    assert os.environ["REDIS_URL"] == settings.REDIS_URL
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    if worker:
        first = os.environ["PYTEST_FIRST_REDIS_URL"]
        assert redis_url_for_worker(first, worker) == settings.REDIS_URL
