"""Celery task of the scales: a version made current from a day set ahead, nightly.

Its name stays in the reviews.tasks.* family that beat and queued messages know.
"""

from celery import shared_task
from django.utils import timezone

from ipsfidelity.audit import audit_context
from reviews.scale import services


@shared_task(name="reviews.tasks.make_due_scale_versions_current")
def make_due_scale_versions_current() -> str:
    """Nightly, before the planner: versions whose day has come become current."""
    with audit_context(task="make_due_scale_versions_current"):
        made = services.make_due_versions_current(timezone.localdate())
    return f"made {len(made)} scale versions current"
