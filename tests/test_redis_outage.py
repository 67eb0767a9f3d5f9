"""Redis away: the cache answers as an empty one at once, and queuing a task gives up
quickly without failing the request; what was to be queued is picked up later."""

import socket
import time

import pytest
from django.core.cache.backends.redis import RedisCache

from ipsfidelity.cache import ResilientRedisCache


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens once it is closed


@pytest.fixture
def cache_without_redis():
    ResilientRedisCache.away_until = 0.0
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1}},
    )
    yield cache
    ResilientRedisCache.away_until = 0.0


def test_every_call_answers_as_an_empty_cache(cache_without_redis):
    cache = cache_without_redis
    assert cache.get("figures") is None and cache.get("figures", "fresh") == "fresh"
    assert cache.get_many(["a", "b"]) == {} and not cache.has_key("a")
    assert cache.add("limit", 1) is True  # a rate limit starts counting afresh
    assert cache.set("a", 1) is None and cache.delete("a") is False
    with pytest.raises(ValueError):
        cache.incr("limit")
    assert cache.get_or_set("national", lambda: "computed") == "computed"


def test_after_a_failure_redis_is_left_alone_for_a_while(cache_without_redis, monkeypatch):
    cache = cache_without_redis
    cache.get("first")  # fails and starts the pause
    asked = []
    monkeypatch.setattr(RedisCache, "get", lambda *args, **kwargs: asked.append(1))
    start = time.monotonic()
    for _ in range(100):
        assert cache.get("page") is None
    assert asked == [] and time.monotonic() - start < 0.5


def test_queuing_a_task_with_redis_away_gives_up_in_about_a_second_and_says_so(settings):
    from celery import Celery

    from ipsfidelity.celery import enqueue

    # Not made the current app: the project's shared tasks would follow it, and
    # every later test in this process would queue to nowhere.
    away = Celery("away", broker=f"redis://127.0.0.1:{closed_port()}/0", set_as_current=False)
    away.conf.update(
        broker_connection_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
        task_publish_retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
        broker_transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    )

    @away.task(name="away.nothing")
    def nothing():
        return None

    start = time.monotonic()
    assert enqueue(nothing) is False
    assert time.monotonic() - start < 5


@pytest.fixture
def ready(site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks):
    from tests import factories

    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    return factories.ready_report(review, reviewer_a, reviewer_b)


@pytest.mark.django_db
def test_a_report_the_broker_could_not_take_is_queued_once_it_is_back(
    ready, reviewer_a, reviewer_b, monkeypatch, django_capture_on_commit_callbacks
):
    from reviews.reports import tasks
    from reviews.reports.models import Report
    from tests import factories

    monkeypatch.setattr(tasks, "enqueue", lambda *args, **kwargs: False)  # Redis is away
    with django_capture_on_commit_callbacks(execute=True):
        review = factories.sign_off_both(ready, reviewer_a, reviewer_b)
    report = Report.objects.get(review=review)
    assert (report.status, report.enqueued_at) == ("queued", None)  # the sign-off stands
    monkeypatch.undo()  # Redis is back; tasks run in-process here
    assert tasks.requeue_stuck_reports() == 1
    report.refresh_from_db()
    assert report.status == "signed" and report.attempts == 1
    assert tasks.requeue_stuck_reports() == 0  # exactly once
    assert Report.objects.filter(review=review).count() == 1


@pytest.mark.django_db
def test_a_render_whose_worker_died_is_taken_over_and_a_live_one_is_not(
    ready, reviewer_a, reviewer_b, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.reports import tasks
    from reviews.reports.models import Report
    from tests import factories

    monkeypatch.setattr(tasks, "enqueue", lambda *args, **kwargs: True)  # queued, never run
    with django_capture_on_commit_callbacks(execute=True):
        review = factories.sign_off_both(ready, reviewer_a, reviewer_b)
    monkeypatch.undo()
    rendering = {"status": "rendering", "attempts": 1}
    Report.objects.filter(review=review).update(started_at=timezone.now(), **rendering)
    assert tasks.requeue_stuck_reports() == 0  # a worker is at it
    stale = timezone.now() - timedelta(seconds=settings.REPORT_STALE_SECONDS + 1)
    Report.objects.filter(review=review).update(started_at=stale)
    assert tasks.requeue_stuck_reports() == 1
    report = Report.objects.get(review=review)
    assert report.status == "signed" and report.attempts == 2
