"""The report steps of a review: its text, the sign-offs, retries and corrections.

Like the rating steps, each takes the acting user, checks the rule in
sites.permissions under the review's row lock, and raises WorkflowError with
a message for the user. The second sign-off queues the task that renders,
signs and publishes the PDF (reviews/reports/generate.py).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsfidelity.accounts.models import User
from reviews.rating.models import Review
from reviews.rating.services import WorkflowError, lock_for_step
from reviews.rating.summaries import refresh_summaries
from reviews.reports.generate import new_verification_code
from reviews.reports.models import Report, ReportDownload, SignOff
from reviews.reports.render import report_language
from reviews.reports.selectors import next_report_version
from reviews.reports.tasks import queue_report
from sites import permissions


class ReportTextConflict(WorkflowError):
    """The co-reviewer saved the text since the form was loaded; nothing was changed."""

    status_code = 409

    def __init__(self, current: Review) -> None:
        self.current = current
        super().__init__(
            _(
                "The report text was changed while you were editing. The saved text is "
                "shown; yours is kept below so you can merge and save again."
            )
        )


@transaction.atomic
def report_save(
    *,
    actor: User,
    review: Review,
    summary: str,
    strengths: str,
    recommendations: str,
    expected_version: int | None = None,
) -> Review:
    """Save the report text.

    expected_version is the text version the form was loaded with: a save
    against an older one is refused (ReportTextConflict) rather than
    overwriting the co-reviewer's text unseen. A change withdraws the 'ready
    for sign-off' mark and any sign-off already given for this version:
    nobody's sign-off may cover text they have not seen.
    """
    review = lock_for_step(
        permissions.can_edit_report,
        actor,
        review,
        gettext_lazy("The report text of this review cannot be changed now."),
    )
    if expected_version is not None and expected_version != review.report_text_version:
        raise ReportTextConflict(review)
    new = (summary.strip(), strengths.strip(), recommendations.strip())
    if new != (review.summary, review.strengths, review.recommendations):
        review.summary, review.strengths, review.recommendations = new
        review.report_text_version += 1
        review.ready_for_signoff_at = None
        review.ready_for_signoff_by = None
        review.save()
        SignOff.objects.filter(review=review, report_version=next_report_version(review)).delete()
    return review


@transaction.atomic
def report_mark_ready(*, actor: User, review: Review) -> Review:
    """Mark the report text finished, so the two reviewers can sign it off."""
    review = lock_for_step(
        permissions.can_edit_report,
        actor,
        review,
        gettext_lazy("This report cannot be marked ready now."),
    )
    if not permissions.can_mark_report_ready(actor, review):
        assert review.visit_end is not None  # past planning: the visit is set (a constraint)
        raise WorkflowError(
            _("The report can be marked ready for sign-off from the last visit day, %(day)s.")
            % {"day": date_format(review.visit_end, "DATE_FORMAT")}
        )
    if not (review.summary and review.recommendations):
        raise WorkflowError(_("Write the summary and the recommendations first."))
    review.ready_for_signoff_at = timezone.now()
    review.ready_for_signoff_by = actor
    review.save()
    return review


@transaction.atomic
def report_sign_off(*, actor: User, review: Review) -> Review:
    """One reviewer signs off the report text (the view has checked their password).

    When the second has signed off, the review is signed and a task renders,
    signs and publishes the PDF.
    """
    review = lock_for_step(
        permissions.can_sign_off,
        actor,
        review,
        gettext_lazy("This report cannot be signed off now."),
    )
    version = next_report_version(review)
    _signoff, created = SignOff.objects.get_or_create(
        review=review, reviewer=actor, report_version=version
    )
    if not created:
        raise WorkflowError(_("You have already signed off this report."))
    signed_by = set(
        SignOff.objects.filter(review=review, report_version=version).values_list(
            "reviewer_id", flat=True
        )
    )
    if signed_by >= {review.reviewer_a_id, review.reviewer_b_id}:
        review.status = Review.Status.SIGNED
        review.save()
        report = Report.objects.create(
            review=review,
            version=version,
            language=report_language(review),
            verification_code=new_verification_code(),
            correction_reason=review.correction_reason,
        )
        _queue_report(report)
    return review


def _queue_report(report: Report) -> None:
    transaction.on_commit(lambda: queue_report(report.pk))


@transaction.atomic
def report_retry(*, actor: User, report: Report) -> Report:
    """Queue a failed report again."""
    lock_for_step(
        permissions.can_follow_report,
        actor,
        report.review,
        gettext_lazy("You cannot retry this report."),
    )
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.FAILED:
        raise WorkflowError(_("Only a failed report can be tried again."))
    report.status = Report.Status.QUEUED
    report.save(update_fields=["status"])
    _queue_report(report)
    return report


@transaction.atomic
def report_correct(*, actor: User, review: Review, reason: str) -> Review:
    """Reopen a published review for a corrected report version.

    The published report stays downloadable; it is marked superseded once the
    corrected version is signed.
    """
    review = lock_for_step(
        permissions.can_correct_report,
        actor,
        review,
        gettext_lazy("Only a published report can be corrected."),
    )
    reason = reason.strip()
    if not reason:
        raise WorkflowError(_("Say why the report is corrected."))
    review.status = Review.Status.CONSENSUS
    review.correction_reason = reason
    review.ready_for_signoff_at = None
    review.ready_for_signoff_by = None
    review.save()
    # Out of the published figures until the corrected version is published.
    refresh_summaries([review.pk])
    return review


def report_download_record(*, user: User, report: Report) -> ReportDownload:
    """Note who downloaded which report (a report is evidence). The report was
    loaded through the user's download scope (selectors.report_downloadable)."""
    return ReportDownload.objects.create(report=report, user=user)
