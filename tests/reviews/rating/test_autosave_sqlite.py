"""Two reviewers autosaving at the same moment on the embedded default database
(a real SQLite file with the project's settings, in a process of its own):
never an error page, never a lost write."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A process of its own that migrates a database: run first, left out with -m 'not slow'.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, threading
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection
from django.test import Client
from django.urls import reverse
from reviews.rating.models import Rating
from tests import factories

site = factories.SiteFactory()
first, second = factories.reviewer(site.region), factories.reviewer(site.region)
review = factories.scheduled_review(site, first, second)
barrier = threading.Barrier(2)
acknowledged, errors = {}, []

def autosave(reviewer):
    client = Client()
    client.force_login(reviewer)
    try:
        barrier.wait(timeout=30)
        for step in range(SAVES):
            number = step % 5 + 1
            data = {"score": str(step % 5 + 1), "evidence": f"{reviewer.pk}-{step}"}
            url = reverse("reviews:rating_save", args=[review.pk, number])
            response = client.post(url, data, HTTP_ACCEPT="application/json")
            if response.status_code == 200:
                acknowledged[(reviewer.pk, number)] = data["evidence"]
            else:
                errors.append(response.status_code)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=autosave, args=(r,)) for r in (first, second)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
stored = {
    (r.reviewer_id, r.item.number): r.evidence
    for r in Rating.objects.filter(review=review).select_related("item")
}
lost = [key for key, value in acknowledged.items() if stored.get(key) != value]
print(json.dumps({
    "journal": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
    "acknowledged": len(acknowledged), "errors": errors, "lost": len(lost),
}))
"""


def test_two_reviewers_autosaving_at_once_on_sqlite_get_no_error_and_lose_nothing(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    }
    env.update(
        DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="ipsfidelity.settings",
        ALLOWED_HOSTS="testserver",
        DEBUG="false",
    )
    done = subprocess.run(
        [sys.executable, "-c", "SAVES = 40\n" + SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {"journal": "wal", "acknowledged": 10, "errors": [], "lost": 0}
