"""State changes of a review, one function per step.

Each function takes the acting user explicitly, checks that they may take
the step (the rules live in sites.permissions), locks the review row
so two steps never interleave, and raises WorkflowError with a message for
the user when the step is not possible. Mail goes out after commit.

    planned -> scheduled -> rating -> consensus -> report -> signed -> published
                                  ^                                    |
                                  +------ correction (new version) ----+
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews import notifications
from reviews.models import (
    MAX_SCORE,
    ConsensusScore,
    DataSource,
    FidelityScale,
    PreVisitData,
    Rating,
    Report,
    Review,
    ScaleItem,
    SignOff,
)
from reviews.planner import conflicted_reviewers
from reviews.reports.generate import new_verification_code
from reviews.reports.render import report_language
from reviews.scoring import InvalidScore, validate_score
from sites import permissions
from sites.models import Membership, RegionPolicy, ReviewerConflict, Role, Site, Team

User = get_user_model()


class WorkflowError(Exception):
    """A step that cannot be taken; the message is meant for the user."""

    status_code = 400


class NotAllowed(WorkflowError):
    status_code = 403


class IncompleteRatings(WorkflowError):
    def __init__(self, missing: list[ScaleItem]) -> None:
        self.missing = missing
        listed = ", ".join(f"{item.number}. {item.name}" for item in missing)
        super().__init__(
            _("Score every item before you submit. Missing: %(items)s.") % {"items": listed}
        )


class ConsensusConflict(WorkflowError):
    """Someone saved the item since the form was loaded; nothing was changed."""

    status_code = 409

    def __init__(self, current: ConsensusScore) -> None:
        self.current = current
        super().__init__(
            _(
                "%(name)s changed this item while you were editing. Their version is shown; "
                "your text is kept below so you can save again."
            )
            % {"name": current.updated_by or _("The co-reviewer")}
        )


def _locked(review: Review) -> Review:
    """Reload the review under a row lock, so concurrent steps happen one after another."""
    return Review.objects.select_for_update().select_related("scale", "site").get(pk=review.pk)


def _locked_for(predicate, actor, review: Review, message) -> Review:
    """Lock the review row and check the actor may take this step on it."""
    review = _locked(review)
    if not predicate(actor, review):
        raise NotAllowed(str(message))
    return review


def lending_allowed(site: Site) -> bool:
    policy = RegionPolicy.objects.filter(region_id=site.region_id).first()
    return policy.allow_lending if policy else True


def eligible_reviewers(site: Site):
    """Who may review this site: reviewers of its region (and of other regions when
    the region borrows), never its leaders or anyone with a declared conflict."""
    reviewers = User.objects.filter(is_active=True, memberships__role=Role.REVIEWER)
    if not lending_allowed(site):
        reviewers = reviewers.filter(memberships__region_id=site.region_id)
    # The same rule the planner proposes by.
    conflicted = conflicted_reviewers({site.pk}).get(site.pk, set())
    return reviewers.exclude(pk__in=conflicted).distinct().order_by("full_name")


@transaction.atomic
def review_create(
    *,
    actor,
    site: Site,
    due_from: date,
    due_by: date,
    team: Team | None = None,
    kind: str = Review.Kind.EXTERNAL,
) -> Review:
    """Plan a review of a site with the current version of the scale for its target group."""
    if not permissions.can_plan_review(actor, site):
        raise NotAllowed(_("Only the region's coordinators can plan reviews of this site."))
    if team is not None and team.site_id != site.pk:
        raise WorkflowError(_("The team does not belong to this site."))
    if due_by < due_from:
        raise WorkflowError(_("The due window must not end before it starts."))
    scale = _current_scale_for(site)
    return Review.objects.create(
        site=site, team=team, kind=kind, scale=scale, due_from=due_from, due_by=due_by
    )


def _current_scale_for(site: Site) -> FidelityScale:
    scales = FidelityScale.objects.filter(is_current=True)
    scale = (
        scales.filter(target_group=site.target_group).first()
        or scales.filter(code="IPS-25").first()
    )
    if scale is None:
        raise WorkflowError(_("No fidelity scale is loaded."))
    return scale


@transaction.atomic
def review_schedule(
    *,
    actor,
    review: Review,
    visit_start: date,
    visit_end: date,
    reviewer_a,
    reviewer_b,
    override_reason: str = "",
) -> Review:
    """Set the visit dates and the two reviewers; newly assigned reviewers get an e-mail.

    Choosing others than the planner proposed needs a reason, which is kept.
    """
    review = _locked_for(
        permissions.can_manage_review,
        actor,
        review,
        gettext_lazy("Only the region's coordinators can schedule this review."),
    )
    if review.status not in (Review.Status.PLANNED, Review.Status.SCHEDULED):
        raise WorkflowError(_("Rating has started: the visit and the reviewers are fixed."))
    if reviewer_a == reviewer_b:
        raise WorkflowError(_("The two reviewers must be different people."))
    if visit_end < visit_start:
        raise WorkflowError(_("The last visit day is before the first."))
    eligible = eligible_reviewers(review.site)
    for reviewer in (reviewer_a, reviewer_b):
        if Membership.objects.filter(
            user=reviewer, role=Role.SITE_LEADER, site=review.site
        ).exists():
            raise WorkflowError(
                _("%(name)s leads this site and cannot review it.") % {"name": reviewer}
            )
        if ReviewerConflict.objects.filter(reviewer=reviewer, site=review.site).exists():
            raise WorkflowError(
                _("%(name)s has a conflict of interest with this site.") % {"name": reviewer}
            )
        if not eligible.filter(pk=reviewer.pk).exists():
            raise WorkflowError(
                _("%(name)s is not a reviewer in this region.") % {"name": reviewer}
            )
    proposed = set(review.proposal.get("reviewers", []))
    if proposed and proposed != {reviewer_a.pk, reviewer_b.pk}:
        if not override_reason.strip():
            raise WorkflowError(_("Say why you chose other reviewers than proposed."))
        review.assignment_note = override_reason.strip()
    newly_assigned = [r for r in (reviewer_a, reviewer_b) if not review.is_reviewer(r)]
    review.visit_start, review.visit_end = visit_start, visit_end
    review.reviewer_a, review.reviewer_b = reviewer_a, reviewer_b
    review.status = Review.Status.SCHEDULED
    review.save()
    for reviewer in newly_assigned:
        notifications.review_assigned(review=review, reviewer=reviewer)
    return review


@transaction.atomic
def previsit_save(
    *,
    actor,
    review: Review,
    measurements: Mapping[str, float | None],
    components: Mapping[str, Iterable[int]],
    notes: str,
) -> PreVisitData:
    """Store the site's numbers; the suggested scores follow from them on every read."""
    review = _locked_for(
        permissions.can_edit_previsit,
        actor,
        review,
        gettext_lazy("The pre-visit data can no longer be changed for this review."),
    )
    data, _created = PreVisitData.objects.get_or_create(review=review)
    data.measurements = {k: v for k, v in measurements.items() if v is not None}
    data.components = {k: sorted(set(v)) for k, v in components.items()}
    data.notes = notes
    data.updated_by = actor
    data.save()
    return data


@transaction.atomic
def rating_save(
    *,
    actor,
    review: Review,
    item: ScaleItem,
    score: int | None,
    evidence: str = "",
    data_sources: Iterable[str] = (),
    needs_follow_up: bool = False,
) -> Rating:
    """Save one reviewer's own rating of one item (autosave: a score may still be empty)."""
    review = _locked_for(
        permissions.can_rate,
        actor,
        review,
        gettext_lazy("You cannot change ratings of this review."),
    )
    if item.scale_id != review.scale_id:
        raise WorkflowError(_("This item is not part of the review's scale."))
    if score is not None:
        try:
            validate_score(score)
        except InvalidScore:
            raise WorkflowError(_("A score is a whole number from 1 to 5.")) from None
    sources = list(dict.fromkeys(data_sources))
    if any(source not in DataSource.values for source in sources):
        raise WorkflowError(_("Unknown data source."))
    rating, _created = Rating.objects.update_or_create(
        review=review,
        reviewer=actor,
        item=item,
        defaults={
            "score": score,
            "evidence": evidence.strip(),
            "data_sources": sources,
            "needs_follow_up": needs_follow_up,
        },
    )
    if review.status == Review.Status.SCHEDULED:
        review.status = Review.Status.RATING
        review.save(update_fields=["status", "updated_at"])
    return rating


@transaction.atomic
def rating_submit(*, actor, review: Review) -> Review:
    """Submit all of one's ratings; when both reviewers have, consensus starts."""
    review = _locked_for(
        permissions.can_rate,
        actor,
        review,
        gettext_lazy("You cannot submit ratings for this review."),
    )
    scored = set(
        Rating.objects.filter(review=review, reviewer=actor, score__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    missing = [item for item in review.scale.items.order_by("number") if item.pk not in scored]
    if missing:
        raise IncompleteRatings(missing)
    now = timezone.now()
    if actor.pk == review.reviewer_a_id:
        review.submitted_a_at = now
    else:
        review.submitted_b_at = now
    if review.both_submitted:
        review.status = Review.Status.CONSENSUS
    elif review.status == Review.Status.SCHEDULED:
        review.status = Review.Status.RATING
    review.save()
    if review.both_submitted:
        notifications.consensus_ready(review=review)
    return review


@transaction.atomic
def consensus_save(
    *,
    actor,
    review: Review,
    item: ScaleItem,
    score: int,
    rationale: str,
    recommendation: str,
    expected_version: int | None,
) -> ConsensusScore:
    """Save the agreed score of one item.

    expected_version is the version the form was loaded with (None: there was
    no consensus score yet). If someone saved in between, ConsensusConflict
    carries their version and nothing changes.
    """
    review = _locked_for(
        permissions.can_edit_consensus,
        actor,
        review,
        gettext_lazy("The consensus of this review cannot be changed now."),
    )
    if item.scale_id != review.scale_id:
        raise WorkflowError(_("This item is not part of the review's scale."))
    try:
        validate_score(score)
    except InvalidScore:
        raise WorkflowError(_("A score is a whole number from 1 to 5.")) from None
    recommendation = recommendation.strip()
    if score < MAX_SCORE and not recommendation:
        raise WorkflowError(_("Every item scored below 5 needs a recommendation."))
    # The review row lock above makes this read-then-write safe: a second
    # save of the same item waits here until the first has committed.
    current = (
        ConsensusScore.objects.select_related("updated_by").filter(review=review, item=item).first()
    )
    if current is None:
        if expected_version is not None:
            raise WorkflowError(_("This consensus score no longer exists. Reload the page."))
        return ConsensusScore.objects.create(
            review=review,
            item=item,
            score=score,
            rationale=rationale.strip(),
            recommendation=recommendation,
            updated_by=actor,
        )
    if expected_version != current.version:
        raise ConsensusConflict(current)
    ConsensusScore.objects.filter(pk=current.pk).update(
        score=score,
        rationale=rationale.strip(),
        recommendation=recommendation,
        updated_by=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def consensus_complete(*, actor, review: Review) -> Review:
    """Close consensus once every item has an agreed score; the report text starts from it."""
    review = _locked_for(
        permissions.can_edit_consensus,
        actor,
        review,
        gettext_lazy("The consensus of this review cannot be completed now."),
    )
    agreed = {c.item_id: c for c in review.consensus_scores.select_related("item")}
    missing = [item for item in review.scale.items.order_by("number") if item.pk not in agreed]
    if missing:
        listed = ", ".join(str(item.number) for item in missing)
        raise WorkflowError(
            _("Agree a score for every item first. Missing: %(items)s.") % {"items": listed}
        )
    if not review.recommendations.strip():
        review.recommendations = prioritised_recommendations(agreed.values())
    review.status = Review.Status.REPORT
    review.save()
    return review


def prioritised_recommendations(scores: Iterable[ConsensusScore]) -> str:
    """The item recommendations, lowest scores first: where the site has most to gain."""
    ordered = sorted(
        (c for c in scores if c.recommendation.strip()), key=lambda c: (c.score, c.item.number)
    )
    return "\n".join(
        f"{position}. {c.item.name} ({c.score}): {c.recommendation.strip()}"
        for position, c in enumerate(ordered, start=1)
    )


@transaction.atomic
def report_save(
    *, actor, review: Review, summary: str, strengths: str, recommendations: str
) -> Review:
    """Save the report text.

    A change withdraws the 'ready for sign-off' mark and any sign-off already
    given for this version: nobody's sign-off may cover text they have not seen.
    """
    review = _locked_for(
        permissions.can_edit_report,
        actor,
        review,
        gettext_lazy("The report text of this review cannot be changed now."),
    )
    new = (summary.strip(), strengths.strip(), recommendations.strip())
    if new != (review.summary, review.strengths, review.recommendations):
        review.summary, review.strengths, review.recommendations = new
        review.ready_for_signoff_at = None
        review.ready_for_signoff_by = None
        review.save()
        SignOff.objects.filter(review=review, report_version=next_report_version(review)).delete()
    return review


@transaction.atomic
def report_mark_ready(*, actor, review: Review) -> Review:
    """Mark the report text finished, so the two reviewers can sign it off."""
    review = _locked_for(
        permissions.can_edit_report,
        actor,
        review,
        gettext_lazy("This report cannot be marked ready now."),
    )
    if not (review.summary and review.recommendations):
        raise WorkflowError(_("Write the summary and the recommendations first."))
    review.ready_for_signoff_at = timezone.now()
    review.ready_for_signoff_by = actor
    review.save()
    return review


def next_report_version(review: Review) -> int:
    latest = review.reports.order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1


@transaction.atomic
def report_sign_off(*, actor, review: Review) -> Review:
    """One reviewer signs off the report text (the view has checked their password).

    When the second has signed off, the review is signed and a task renders,
    signs and publishes the PDF.
    """
    review = _locked_for(
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
    from reviews.tasks import generate_report

    transaction.on_commit(lambda: generate_report.delay(report.pk))


@transaction.atomic
def report_retry(*, actor, report: Report) -> Report:
    """Queue a failed report again."""
    _locked_for(
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
def report_correct(*, actor, review: Review, reason: str) -> Review:
    """Reopen a published review for a corrected report version.

    The published report stays downloadable; it is marked superseded once the
    corrected version is signed.
    """
    review = _locked_for(
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
    return review
