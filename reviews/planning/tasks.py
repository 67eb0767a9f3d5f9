"""Celery tasks of planning: the two daily jobs, thin and safe to run twice.

Their names stay those beat and queued messages know (reviews.tasks.*).
"""

import logging

from celery import shared_task

from ipsfidelity.audit import audit_context
from reviews.planning import planner, reminders

logger = logging.getLogger(__name__)


@shared_task(name="reviews.tasks.plan_reviews")
def plan_reviews() -> str:
    """Daily: plan the next review of every active site that has none, propose reviewers."""
    with audit_context(task="plan_reviews"):
        result = planner.plan_reviews()
    return f"due {result.due}, proposed {result.proposed}"


@shared_task(name="reviews.tasks.send_reminders")
def send_reminders() -> str:
    """Daily: visit reminders, overdue reports, reviews past their due window."""
    with audit_context(task="send_reminders"):
        return f"sent {reminders.send_due_reminders()}"
