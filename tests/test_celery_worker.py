"""A real Celery worker, consuming from Redis, runs the project's tasks."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from ipsfidelity.accounts.tasks import send_email
from ipsfidelity.celery import app
from tests.conftest import skip_or_fail
from tests.factories import UserFactory

# The worker runs in another thread with its own connection, so the test data
# must be committed: a transactional test.
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def module_worker(django_db_blocker):
    """One worker for the module: a worker started after another one was stopped
    in the same process never ran tasks that were retried with a countdown."""
    from django.conf import settings

    if not settings.REDIS_URL:
        skip_or_fail("needs Redis: set REDIS_URL=redis://...")
    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    with (
        django_db_blocker.unblock(),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as started,
    ):
        yield started


@pytest.fixture
def worker(module_worker):
    assert not app.conf.task_always_eager  # set by the celery_worker mark
    return module_worker


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish in time")
        time.sleep(0.1)


def test_a_task_round_trips_through_redis_and_the_worker(worker):
    result = send_email.delay(to=["kari@example.no"], subject="Hei", body="Test")
    assert result.get(timeout=30) == 1
    assert result.status == "SUCCESS"
    assert [m.subject for m in mail.outbox] == ["Hei"]


def test_a_password_reset_mail_is_sent_by_the_worker(worker, client):
    UserFactory(email="bjorn@example.no", language="en")
    response = client.post(reverse("account_reset_password"), {"email": "bjorn@example.no"})
    assert response.status_code == 302
    wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == ["bjorn@example.no"]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_a_report_that_fails_once_is_retried_by_the_worker_and_signed(
    worker, settings, tmp_path, monkeypatch, site, reviewer_a, reviewer_b
):
    from reviews.reports import certificates
    from reviews.reports import services as report_services
    from reviews.reports.models import Report
    from tests import factories

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    settings.REPORT_RETRY_SECONDS = 1
    real_load = certificates.load_identity
    calls = []

    def flaky_load():
        calls.append(1)
        if len(calls) == 1:
            raise OSError("the certificate store was not mounted yet")
        return real_load()

    monkeypatch.setattr(certificates, "load_identity", flaky_load)
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    report_services.report_sign_off(actor=reviewer_a, review=review)
    report_services.report_sign_off(actor=reviewer_b, review=review)  # queues the task on commit

    report = Report.objects.get(review=review)
    wait_for(lambda: Report.objects.get(pk=report.pk).status == Report.Status.SIGNED, timeout=60)
    report.refresh_from_db()
    assert report.attempts == 2 and len(calls) == 2
    assert report.failure_reason == ""


def test_every_beat_entry_runs_its_task_on_the_worker(worker, region, scale, coordinator):
    """Send each periodic task by the name beat uses, and let the real worker run it."""
    from datetime import date, timedelta

    from celery.schedules import crontab
    from django.conf import settings

    from reviews.planning.models import Reminder
    from reviews.rating.models import Review
    from tests import factories

    site = factories.SiteFactory(region=region, start_date=date(2020, 1, 1))
    late = factories.SiteFactory(region=region)
    factories.ReviewFactory(
        site=late,
        due_from=date.today() - timedelta(days=90),
        due_by=date.today() - timedelta(days=1),
    )
    coordinator.weekly_digest = True  # the late review goes into their Monday digest
    coordinator.save()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert set(schedule) == {
        "plan-reviews",
        "send-reminders",
        "send-weekly-digests",
        "forget-personal-data",
        "requeue-stuck-reports",
        "make-scale-versions-current",
        "merge-planning-changes",
    }
    results = {}
    for name, entry in schedule.items():
        # Nightly and morning jobs at set times; the report sweep every minute.
        assert isinstance(entry["schedule"], crontab | timedelta), name
        assert entry["task"] in app.tasks, entry["task"]
        results[name] = app.send_task(entry["task"]).get(timeout=60)
    assert results["plan-reviews"].startswith("due 1")
    assert Review.objects.filter(site=site, planned_automatically=True).exists()
    assert results["send-reminders"] == "sent 1"
    assert results["send-weekly-digests"] == "sent 1"
    assert results["forget-personal-data"] == "forgot the personal data of 0 reviews"
    assert results["requeue-stuck-reports"] == 0
    assert results["make-scale-versions-current"] == "made 0 scale versions current"
    assert results["merge-planning-changes"] == "merged 0"  # a handful of changes: kept
    assert Reminder.objects.get().recipient == coordinator
    # A second run of each sends and plans nothing new.
    assert app.send_task("reviews.tasks.send_reminders").get(timeout=60) == "sent 0"
    assert app.send_task("reviews.tasks.send_weekly_digests").get(timeout=60) == "sent 0"
    assert app.send_task("reviews.tasks.plan_reviews").get(timeout=60).startswith("due 0")
