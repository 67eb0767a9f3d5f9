"""Celery tasks of planning: the daily jobs and the weekly digest, thin and safe to run twice.

Their names stay those beat and queued messages know (reviews.tasks.*).
"""

import logging

from celery import shared_task

from ipsfidelity.audit import audit_context
from reviews.planning import digest, freshness, planner, reminders

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


@shared_task(name="reviews.tasks.send_weekly_digests")
def send_weekly_digests() -> str:
    """Weekly: the digest for coordinators who chose it instead of single mails."""
    with audit_context(task="send_weekly_digests"):
        return f"sent {digest.send_weekly_digests()}"


@shared_task(name="reviews.tasks.merge_planning_changes")
def merge_planning_changes() -> str:
    """Hourly: keep the count of planning changes short, so reading it stays cheap."""
    return f"merged {freshness.merge_changes()}"
