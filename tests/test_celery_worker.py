"""A real Celery worker, consuming from Redis, runs the project's tasks."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from ipsfidelity.accounts.tasks import send_email
from ipsfidelity.celery import app
from tests.factories import UserFactory

# The worker runs in another thread with its own connection, so the test data
# must be committed: a transactional test.
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker(redis_url):
    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as started:
        yield started


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
    response = client.post(reverse("password_reset"), {"email": "bjorn@example.no"})
    assert response.status_code == 302
    wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == ["bjorn@example.no"]
    assert "/accounts/password/reset/" in mail.outbox[0].body
