"""Reads of the follow-up: a review's action plan and the state of each site's plan."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Min, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from reviews.followup import timing
from reviews.followup.models import ActionPlan, PlanAction, PlanComment
from reviews.rating.models import MAX_PRIORITIES, ConsensusScore, Review
from reviews.rating.selectors import next_anchor
from reviews.reports.models import Report
from reviews.scale.models import MAX_SCORE, ScaleItem
from sites import permissions
from sites.models import RegionPolicy, Site


def published_at(review: Review) -> datetime | None:
    """When the review's first report was signed: the day it was published."""
    return Report.objects.filter(review=review, signed_at__isnull=False).aggregate(
        at=Min("signed_at")
    )["at"]


def _policy(region_id: int) -> RegionPolicy:
    # Unsaved defaults for a region whose coordinators never opened the policy page.
    return RegionPolicy.objects.filter(region_id=region_id).first() or RegionPolicy()


def plan_due_on(review: Review) -> date | None:
    published = published_at(review)
    if published is None:
        return None
    weeks = _policy(review.site.region_id).action_plan_weeks
    return timing.plan_due_on(timezone.localdate(published), weeks)


def reviews_with_plans_visible_to(user) -> QuerySet[Review]:
    return Review.objects.filter(permissions.action_plan_scope(user)).select_related(
        "site", "site__region", "team", "scale", "reviewer_a", "reviewer_b"
    )


def plan_review(*, user, pk) -> Review:
    """A published review whose plan the user may read (404 otherwise)."""
    return permissions.get_visible_or_404(reviews_with_plans_visible_to(user), pk=pk)


def action_in_scope(*, user, pk) -> PlanAction:
    return permissions.get_visible_or_404(
        PlanAction.objects.filter(
            permissions.action_plan_scope(user, via="plan__review")
        ).select_related("plan__review__site", "item"),
        pk=pk,
    )


def plan_of(review: Review) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(review=review)
        .prefetch_related(
            Prefetch("actions", PlanAction.objects.select_related("item").order_by("item__number")),
            Prefetch("comments", PlanComment.objects.select_related("author")),
        )
        .first()
    )


@dataclass(frozen=True)
class Proposal:
    """One item the plan may take up, weakest first, with the reviewers' recommendation
    (if they wrote one) and what the scale asks for at the next score up."""

    item: ScaleItem
    score: int
    recommendation: str
    priority: int | None = None
    next_step: str = ""


# A plan starts focused: the leader ticks more if the site can take them on.
PROPOSED_TICKED = 5


def plan_proposals(review: Review) -> list[Proposal]:
    """The items scored below the top: what a plan starts from. The reviewers'
    priorities first, in their order, then the weakest (then by number); the first
    PROPOSED_TICKED are proposed ticked."""
    scores = (
        ConsensusScore.objects.filter(review=review, score__lt=MAX_SCORE)
        .select_related("item")
        .prefetch_related("item__anchors")
    )
    proposals = [
        Proposal(
            item=consensus.item,
            score=consensus.score,
            recommendation=consensus.recommendation,
            priority=consensus.priority,
            next_step=next_anchor(consensus.item, consensus.score, review),
        )
        for consensus in scores
    ]
    return sorted(
        proposals, key=lambda p: (p.priority or MAX_PRIORITIES + 1, p.score, p.item.number)
    )


@dataclass
class SitePlan:
    """A site's latest published review and where its action plan stands."""

    site: Site
    review: Review | None
    state: str = timing.NO_PLAN
    due_on: date | None = None
    overdue: list[PlanAction] = field(default_factory=list)
    open_actions: int = 0


def site_plans(*, sites: QuerySet[Site], today: date) -> list[SitePlan]:
    """Per active site, the plan after its latest published review made in this app, in a
    fixed number of queries (the caller passes sites already in the user's scope)."""
    # Each site's latest review picked in the database: a region holds twenty
    # years of them, and reading them all to keep one per site took seconds.
    newest = Review.objects.filter(
        site=OuterRef("pk"),
        status=Review.Status.PUBLISHED,
        kind=Review.Kind.EXTERNAL,
        imported_at__isnull=True,
    ).order_by("-visit_start", "-pk")
    sites = (
        sites.filter(active=True)
        .annotate(latest_id=Subquery(newest.values("pk")[:1]))
        .order_by("name")
    )
    ids = [site.latest_id for site in sites if site.latest_id is not None]
    latest = {
        review.site_id: review
        for review in Review.objects.filter(pk__in=ids).select_related("site")
    }
    published = dict(
        Report.objects.filter(review__in=latest.values(), signed_at__isnull=False)
        .values("review_id")
        .annotate(at=Min("signed_at"))
        .values_list("review_id", "at")
    )
    plans = {
        plan.review_id: plan
        for plan in ActionPlan.objects.filter(review__in=latest.values()).prefetch_related(
            Prefetch("actions", PlanAction.objects.select_related("item"))
        )
    }
    policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    result = []
    for site in sites:
        row = SitePlan(site=site, review=latest.get(site.pk))
        if row.review is not None:
            review = row.review
            policy = policies.get(site.region_id) or RegionPolicy()
            at = published.get(review.pk)
            if at is not None:
                row.due_on = timing.plan_due_on(timezone.localdate(at), policy.action_plan_weeks)
            plan = plans.get(review.pk)
            actions = list(plan.actions.all()) if plan else []
            row.state = timing.plan_state(
                has_plan=plan is not None, actions=[_due(a) for a in actions], today=today
            )
            row.overdue = [a for a in actions if timing.is_overdue(_due(a), today)]
            row.open_actions = sum(1 for a in actions if a.status != PlanAction.Status.DONE)
        result.append(row)
    return result


def _due(action: PlanAction) -> timing.ActionDue:
    return timing.ActionDue(due_on=action.due_on, done=action.status == PlanAction.Status.DONE)
