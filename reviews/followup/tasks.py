"""Celery task of the follow-up: forgetting on time, nightly, safe to run twice.

Its name stays in the reviews.tasks.* family that beat and queued messages know.
"""

from celery import shared_task

from ipsfidelity.audit import audit_context
from reviews.followup import forgetting


@shared_task(name="reviews.tasks.forget_personal_data")
def forget_personal_data() -> str:
    """Nightly: delete evidence notes and pre-visit notes of reviews published long enough ago."""
    with audit_context(task="forget_personal_data"):
        done = forgetting.forget_personal_data()
    return f"forgot the personal data of {len(done)} reviews"
