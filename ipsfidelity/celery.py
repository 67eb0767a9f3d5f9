"""The Celery application, configured from Django's settings (CELERY_*)."""

import logging
import os

import kombu.exceptions
import redis.exceptions
from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")

app = Celery("ipsfidelity")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # the tasks module of every installed app
# The parts of `reviews` keep their tasks beside their code (reviews/<part>/tasks.py).
app.autodiscover_tasks(lambda: [f"reviews.{part}" for part in settings.REVIEW_PARTS])

logger = logging.getLogger(__name__)
# What publishing raises when Redis cannot be reached (kombu wraps most).
BROKER_AWAY = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


def enqueue(task, *args, **kwargs) -> bool:
    """Queue a task; False, never an error, when the broker cannot take it.

    A web request that has already committed its work must not fail because
    Redis is down: the caller keeps what is needed to queue the task again (a
    report stays "queued" until the periodic sweep finds it), and the broker
    settings make the attempt give up within a second or two.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_AWAY:
        logger.warning("Could not queue %s%r: the broker is unavailable", task.name, args)
        return False
    return True
