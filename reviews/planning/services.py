"""The planning steps of a review: plan it, then set the visit and the two reviewers.

The automatic planner (reviews/planning/planner.py) plans in bulk; these are
the coordinator's own steps, checked and locked like every other step.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews import states
from reviews.planning import notifications
from reviews.planning.availability import leave_clashes
from reviews.planning.planner import conflicted_reviewers
from reviews.planning.selectors import proposal_of
from reviews.rating.models import Rating, Review
from reviews.rating.services import NotAllowed, WorkflowError, lock_for_step
from reviews.scale.models import FidelityScale, SiteScaleChoice
from reviews.scale.selectors import scale_choices
from sites import permissions
from sites.models import (
    Membership,
    RegionPolicy,
    ReviewerConflict,
    Role,
    Site,
    Team,
    region_borrows,
)
from sites.signals import SiteReviewsClosed

User = get_user_model()


def lending_allowed(site: Site) -> bool:
    """Whether the site's region borrows reviewers from other regions when short."""
    return region_borrows(RegionPolicy.objects.filter(region_id=site.region_id).first())


def eligible_reviewers(site: Site):
    """Who may review this site: reviewers of its region and, when the region
    borrows, those of the regions that lend theirs; never its leaders or anyone
    with a declared conflict. The same rules the planner proposes by."""
    regions = Q(region_id=site.region_id)
    if lending_allowed(site):
        lending = RegionPolicy.objects.filter(lend_reviewers=True).values("region_id")
        regions |= Q(region_id__in=lending)
    # One subquery on the memberships, so the role and the region are of the same row.
    reviewing = Membership.objects.filter(regions, role=Role.REVIEWER).values("user_id")
    conflicted = conflicted_reviewers({site.pk}).get(site.pk, set())
    return (
        User.objects.filter(is_active=True, pk__in=reviewing)
        .exclude(pk__in=conflicted)
        .order_by("full_name")
    )


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
    if kind != Review.Kind.EXTERNAL:
        # The site scores itself with its own leaders, no reviewers, no visit.
        raise WorkflowError(
            _("A self-assessment is started by the site's leader, from the site's page.")
        )
    if team is not None and team.site_id != site.pk:
        raise WorkflowError(_("The team does not belong to this site."))
    if not site.active or (team is not None and not team.active):
        raise WorkflowError(_("A deactivated site or team is not planned."))
    if due_by < due_from:
        raise WorkflowError(_("The due window must not end before it starts."))
    _refuse_a_second_open_review(site)
    scale = _current_scale_for(site)
    try:
        with transaction.atomic():
            return Review.objects.create(
                site=site, team=team, kind=kind, scale=scale, due_from=due_from, due_by=due_by
            )
    except IntegrityError:
        # Planned by someone else (or the nightly planner) a moment ago.
        _refuse_a_second_open_review(site)
        raise


def _refuse_a_second_open_review(site: Site) -> None:
    """One open external review per site, its teams included (the database holds the same)."""
    open_review = (
        site.reviews.filter(kind=Review.Kind.EXTERNAL, status__in=states.OPEN)
        .order_by("due_by")
        .first()
    )
    if open_review is not None:
        raise WorkflowError(
            _(
                "This site already has an open review, due by %(due)s: finish or cancel it "
                "before planning another."
            )
            % {"due": date_format(open_review.due_by, "SHORT_DATE_FORMAT")}
        )


def _current_scale_for(site: Site) -> FidelityScale:
    """The scale the site is reviewed on: the one its coordinator chose, or its target
    group's only current scale. Never another group's: a youth site scored on IPS-25
    would get a report against the wrong items and bands."""
    choices = scale_choices([site.pk])
    scale = choices.for_site(site.pk, site.target_group)
    if scale is not None:
        return scale
    names = {"group": site.get_target_group_display(), "site": site.name}
    if choices.options(site.target_group):
        raise WorkflowError(
            _(
                "Several fidelity scales are current for the target group “%(group)s”: "
                "choose on the site's page which one %(site)s is reviewed on."
            )
            % names
        )
    raise WorkflowError(
        _(
            "No fidelity scale for the target group “%(group)s” is loaded, so %(site)s "
            "cannot be reviewed yet. A national admin loads one on the scales page."
        )
        % names
    )


def _not_eligible(site: Site, reviewer) -> str:
    """Why a reviewer who is no leader of the site and has no conflict may not review it."""
    if (
        lending_allowed(site)
        and Membership.objects.filter(
            user=reviewer, role=Role.REVIEWER, user__is_active=True
        ).exists()
    ):
        return _("%(name)s reviews for another region, which does not lend its reviewers.") % {
            "name": reviewer
        }
    return _("%(name)s is not a reviewer in this region.") % {"name": reviewer}


@dataclass(frozen=True)
class Scheduled:
    review: Review
    notified: list  # the people who were sent an e-mail


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
) -> Scheduled:
    """Set the visit dates and the two reviewers. Newly assigned reviewers get an e-mail,
    kept ones too when the dates moved, and a reviewer taken off is told.

    Choosing others than the planner proposed needs a reason, which is kept.
    """
    review = lock_for_step(
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
            raise WorkflowError(_not_eligible(review.site, reviewer))
    # Both reviewers' leave at once: a coordinator fixes every clash in one go.
    clashes = leave_clashes([reviewer_a, reviewer_b], visit_start, visit_end)
    if clashes:
        raise WorkflowError(" ".join(clashes))
    proposal = proposal_of(review)
    proposed = set(proposal.reviewer_ids) if proposal else set()
    if proposal and proposed and proposed != {reviewer_a.pk, reviewer_b.pk}:
        if not override_reason.strip():
            raise WorkflowError(_("Say why you chose other reviewers than proposed."))
        proposal.override_reason = override_reason.strip()
        proposal.save(update_fields=["override_reason"])
    newly_assigned = [r for r in (reviewer_a, reviewer_b) if not review.is_reviewer(r)]
    removed = [r for r in review.reviewers if r not in (reviewer_a, reviewer_b)]
    moved = (review.visit_start, review.visit_end) != (visit_start, visit_end)
    review.visit_start, review.visit_end = visit_start, visit_end
    review.reviewer_a, review.reviewer_b = reviewer_a, reviewer_b
    review.status = Review.Status.SCHEDULED
    review.save()
    # Everyone whose work changed hears of it, in their own language; the
    # coordinator is told exactly who (review.notified), never more.
    for reviewer in newly_assigned:
        notifications.review_assigned(review=review, reviewer=reviewer)
    kept = [r for r in review.reviewers if r not in newly_assigned]
    if moved:
        for reviewer in kept:
            notifications.visit_moved(review=review, reviewer=reviewer)
    for reviewer in removed:
        notifications.review_unassigned(review=review, reviewer=reviewer)
    return Scheduled(review, notified=[*newly_assigned, *(kept if moved else []), *removed])


@transaction.atomic
def scale_choose(*, actor, site: Site, code: str) -> SiteScaleChoice | None:
    """Record which of the current scales for its target group the site is reviewed
    on. Its reviews nobody has scored yet (planned or scheduled) move to that scale;
    a review already scored keeps its own. None: it was chosen already."""
    if not permissions.can_plan_review(actor, site):
        raise NotAllowed(_("Only the region's coordinators choose the scale of this site."))
    Site.objects.select_for_update().filter(pk=site.pk).first()  # one choice at a time
    choices = scale_choices([site.pk])
    scale = next((s for s in choices.options(site.target_group) if s.code == code), None)
    if scale is None:
        raise WorkflowError(
            _("“%(code)s” is not a current scale for the target group “%(group)s”.")
            % {"code": code, "group": site.get_target_group_display()}
        )
    if choices.chosen.get(site.pk) == code:
        return None
    Review.objects.filter(site=site, status__in=states.BEING_PLANNED).exclude(scale=scale).exclude(
        Exists(Rating.objects.filter(review=OuterRef("pk")))
    ).update(scale=scale)
    return SiteScaleChoice.objects.create(site=site, code=code, chosen_by=actor)


def planned_reviews_cancel(*, site: Site) -> SiteReviewsClosed:
    """A site is no longer planned: its reviews nobody has scheduled yet are
    cancelled; those scheduled or under way go on (the coordinator decides)."""
    reviews = Review.objects.filter(site=site)
    cancelled = reviews.filter(status=Review.Status.PLANNED).update(status=Review.Status.CANCELLED)
    still_open = reviews.exclude(
        status__in=[Review.Status.PUBLISHED, Review.Status.CANCELLED]
    ).count()
    return SiteReviewsClosed(cancelled=cancelled, still_open=still_open)


def on_site_deactivated(sender, *, site: Site, actor, **kwargs) -> SiteReviewsClosed:
    """Receiver of sites.signals.site_deactivated (connected in reviews/apps.py)."""
    return planned_reviews_cancel(site=site)
