"""The report steps of a review: its text, the sign-offs, retries and corrections.

Like the rating steps, each takes the acting user, checks the rule in
sites.permissions under the review's row lock, and raises WorkflowError with
a message for the user. The second sign-off queues the task that renders,
signs and publishes the PDF (reviews/reports/generate.py).
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsfidelity.accounts.models import User
from reviews.rating.models import MAX_PRIORITIES, ConsensusScore, Review
from reviews.rating.services import WorkflowError, lock_for_step
from reviews.rating.summaries import refresh_summaries
from reviews.reports import notifications
from reviews.reports.generate import new_verification_code
from reviews.reports.models import Report, ReportDownload, ReportText, SignOff
from reviews.reports.render import report_language
from reviews.reports.selectors import next_report_version, report_text_of
from reviews.reports.tasks import queue_report
from reviews.scoring import MAX_SCORE
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
    priorities: Sequence[int],
    expected_version: int | None = None,
) -> Review:
    """Save the report text: the summary, the strengths, and the reviewers' priorities
    (item numbers, most important first, at most five) among their recommendations.

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
    text = report_text_of(review)
    if expected_version is not None and expected_version != text.version:
        raise ReportTextConflict(review)
    scores = {c.item.number: c for c in review.consensus_scores.select_related("item")}
    _check_priorities(priorities, scores)
    chosen = {number: position for position, number in enumerate(priorities, start=1)}
    changed_priorities = [
        consensus
        for number, consensus in scores.items()
        if consensus.priority != chosen.get(number)
    ]
    new = (summary.strip(), strengths.strip())
    if new == (text.summary, text.strengths) and not changed_priorities:
        return review
    text.summary, text.strengths = new
    # Cleared first: one item per priority is a constraint, checked row by row.
    ConsensusScore.objects.filter(pk__in=[c.pk for c in changed_priorities]).update(priority=None)
    for consensus in changed_priorities:
        if consensus.item.number in chosen:
            consensus.priority = chosen[consensus.item.number]
            consensus.save(update_fields=["priority"])
    text.version += 1
    text.save()
    review.ready_for_signoff_at = None
    review.ready_for_signoff_by = None
    review.save()
    SignOff.objects.filter(review=review, report_version=next_report_version(review)).delete()
    return review


def _check_priorities(priorities: Sequence[int], scores: dict[int, ConsensusScore]) -> None:
    if len(priorities) > MAX_PRIORITIES:
        raise WorkflowError(_("Choose at most %(count)s priorities.") % {"count": MAX_PRIORITIES})
    if len(set(priorities)) != len(priorities):
        raise WorkflowError(_("Each item can be chosen once."))
    for number in priorities:
        consensus = scores.get(number)
        if consensus is None or not consensus.recommendation.strip():
            raise WorkflowError(
                _("Item %(number)s has no recommendation to give priority to.") % {"number": number}
            )


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
    if not report_text_of(review).summary:
        raise WorkflowError(_("Write the summary first."))
    scores = review.consensus_scores
    if scores.filter(score__lt=MAX_SCORE).exists() and not scores.filter(priority__gt=0).exists():
        raise WorkflowError(_("Choose the recommendations that matter most first."))
    review.ready_for_signoff_at = timezone.now()
    review.ready_for_signoff_by = actor
    review.save()
    notifications.report_ready(review=review, marked_by=actor)
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
            correction_reason=report_text_of(review).correction_reason,
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
    ReportText.objects.update_or_create(review=review, defaults={"correction_reason": reason})
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
