"""The report task: render, sign and store one report version, retried when it fails.

Thin and safe to run twice; its name stays the one queued messages know
(reviews.tasks.generate_report).
"""

import logging

from celery import Task, shared_task
from django.conf import settings
from django.utils import timezone

from ipsfidelity.audit import audit_context
from ipsfidelity.celery import enqueue
from reviews.reports import generate
from reviews.reports.models import Report

logger = logging.getLogger(__name__)

MAX_RETRIES = 4


@shared_task(
    name="reviews.tasks.generate_report", bind=True, max_retries=MAX_RETRIES, acks_late=True
)
def generate_report(self: "Task[[int], str]", report_id: int) -> str:
    """Render, sign and store a report; retried with growing pauses when it fails."""
    try:
        with audit_context(task="generate_report", report=report_id):
            report = generate.generate(report_id)
    except generate.AlreadyHandled:
        return "already handled"
    except Exception as error:  # any failure is recorded for the retry button
        reason = f"{type(error).__name__}: {error}"
        logger.exception("Report %s failed (attempt %s)", report_id, self.request.retries + 1)
        generate.fail(report_id, reason)
        # In-process (eager) runs do not retry: the page shows the failure and
        # a retry button at once.
        if self.request.retries < MAX_RETRIES and not self.request.is_eager:
            # With the default of 30 s: 30 s, 2 min, 8 min, 32 min.
            countdown = settings.REPORT_RETRY_SECONDS * 4**self.request.retries
            raise self.retry(exc=error, countdown=countdown) from error
        return f"failed: {reason}"
    return f"signed: {report.sha256}"


def queue_report(report_id: int) -> bool:
    """Hand a report to the worker, and note when the broker took it. With the broker
    away it stays queued, unnoted, and the sweep below hands it over later."""
    if not enqueue(generate_report, report_id):
        return False
    Report.objects.filter(pk=report_id).update(enqueued_at=timezone.now())
    return True


@shared_task(name="reviews.tasks.requeue_stuck_reports")
def requeue_stuck_reports() -> int:
    """Every minute (beat): queue again the reports no worker would otherwise render."""
    return sum(queue_report(report_id) for report_id in generate.stuck_reports())
