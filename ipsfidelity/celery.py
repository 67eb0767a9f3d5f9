"""The Celery application, configured from Django's settings (CELERY_*)."""

import os

from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")

app = Celery("ipsfidelity")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # the tasks module of every installed app
# The parts of `reviews` keep their tasks beside their code (reviews/<part>/tasks.py).
app.autodiscover_tasks(lambda: [f"reviews.{part}" for part in settings.REVIEW_PARTS])
