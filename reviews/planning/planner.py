"""The daily planner: plan the next review of every active site that has none,
and propose reviewer pairs for planned reviews nobody has assigned yet.

The facts are read in a fixed number of queries whatever the number of sites
(the rules themselves are pure, in reviews/planning/scheduling.py). Running twice at
once is safe: the database allows one open external review per site, so a
second insert of the same plan is ignored, and proposals are written under
row locks that a parallel run skips.

Writes go in batches of WRITE_BATCH rows, each in its own short transaction:
one statement per batch keeps the time linear in the number of sites (a
bulk update is a CASE with a branch per row), and a coordinator who assigns
reviewers while the planner runs waits for one batch at most, never for the
whole run.
"""

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from reviews import states
from reviews.planning.models import PlannerProposal
from reviews.planning.scheduling import (
    CadencePolicy,
    Period,
    Proposal,
    ReviewerFacts,
    ReviewNeed,
    SiteFacts,
    next_review_window,
    propose_pairs,
)
from reviews.rating.models import Review, ReviewSummary
from reviews.scale.models import FidelityScale
from reviews.scale.selectors import scale_choices
from sites.models import (
    DEFAULT_REVIEWS_PER_YEAR,
    Membership,
    RegionPolicy,
    ReviewerConflict,
    ReviewerLeave,
    Role,
    Site,
    region_borrows,
    region_lends,
)

LOAD_HORIZON_DAYS = 365
WRITE_BATCH = 500


@dataclass(frozen=True)
class PlanResult:
    due: int  # sites found without an open review and due for one
    proposed: int  # planned reviews given a reviewer proposal


def cadence_of(policy: RegionPolicy | None, scale: FidelityScale) -> CadencePolicy:
    """The region's rhythm. (What good fidelity is comes from the scale, per component,
    and is kept with each published review's summary: SiteFacts.last_good.)"""
    if policy is None:
        return CadencePolicy()
    return CadencePolicy(
        first_review_months=policy.first_review_months,
        interval_months=policy.interval_months,
        good_interval_months=policy.good_interval_months,
        window_days=policy.window_days,
    )


def site_facts(
    region_ids: set[int] | None = None, site_ids: set[int] | None = None
) -> list[SiteFacts]:
    """One row per active site (of these regions), with its last published review (one query).

    The cadence follows the site's own external reviews: a team's review, or a
    self-assessment, says nothing of when the whole site is due.
    """
    # From the published reviews' summaries: one indexed row per site, not a
    # sum of scores or a look into the reports for each.
    latest = ReviewSummary.objects.filter(
        site=OuterRef("pk"),
        kind=Review.Kind.EXTERNAL,
        visit_start__isnull=False,
        review__team__isnull=True,
    ).order_by("-visit_start")
    open_review = Review.objects.filter(
        site=OuterRef("pk"), kind=Review.Kind.EXTERNAL, team__isnull=True, status__in=states.OPEN
    )
    sites = Site.objects.filter(active=True)
    if region_ids is not None:
        sites = sites.filter(region_id__in=region_ids)
    if site_ids is not None:
        sites = sites.filter(pk__in=site_ids)
    sites = sites.annotate(
        last_visit=Subquery(latest.values("visit_start")[:1]),
        last_good=Subquery(latest.values("good_fidelity")[:1]),
        has_open=Exists(open_review),
    )
    return [
        SiteFacts(
            site_id=site.pk,
            region_id=site.region_id,
            start_date=site.start_date,
            active=site.active,
            last_visit=site.last_visit,
            last_good=site.last_good,
            has_open_review=site.has_open,
            target_group=site.target_group,
        )
        for site in sites.only("pk", "region_id", "start_date", "active", "target_group")
    ]


def plan_reviews(*, today: date | None = None) -> PlanResult:
    """Plan the due reviews and (re)propose reviewers for unassigned planned ones."""
    today = today or timezone.localdate()
    policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    choices = scale_choices()
    new_reviews = []
    for facts in site_facts():
        # A youth site is never reviewed on the adults' scale: without a scale for
        # its group (or with several and none chosen) it waits, and the planning
        # page names it.
        scale = choices.for_site(facts.site_id, facts.target_group)
        if scale is None:
            continue
        window = next_review_window(facts, cadence_of(policies.get(facts.region_id), scale), today)
        if window is None:
            continue
        new_reviews.append(
            Review(
                site_id=facts.site_id,
                scale=scale,
                kind=Review.Kind.EXTERNAL,
                status=Review.Status.PLANNED,
                due_from=window.due_from,
                due_by=window.due_by,
                planned_automatically=True,
            )
        )
    # A parallel run may have planned the same site a moment ago; the partial
    # unique index turns that into a no-op instead of a duplicate.
    for start in range(0, len(new_reviews), WRITE_BATCH):
        with transaction.atomic():
            Review.objects.bulk_create(
                new_reviews[start : start + WRITE_BATCH], ignore_conflicts=True
            )
    proposed = propose_reviewers(today=today, policies=policies)
    return PlanResult(due=len(new_reviews), proposed=proposed)


def replan_sites(site_ids: set[int], *, today: date | None = None) -> int:
    """Move the due window of these sites' untouched automatic plans after their history
    changed (earlier reviews imported), and propose reviewers anew for the moved ones.
    Returns how many moved.

    Only a plan nobody has worked on moves: planned by the scheduler, with no
    reviewers and no visit. A plan a coordinator has taken up stays theirs. A
    site without a plan gets one from the nightly run, as every site does.
    """
    today = today or timezone.localdate()
    untouched = {
        review.site_id: review
        for review in _unassigned().filter(
            site_id__in=site_ids,
            kind=Review.Kind.EXTERNAL,
            team__isnull=True,
            planned_automatically=True,
            visit_start__isnull=True,
        )
    }
    policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    choices = scale_choices(site_ids)
    moved = []
    for facts in site_facts(site_ids=site_ids):
        review = untouched.get(facts.site_id)
        scale = choices.for_site(facts.site_id, facts.target_group)
        if review is None or scale is None or review.scale_id != scale.pk:
            continue
        # The plan itself is the open review: the window is the one it would get anew.
        facts = dataclasses.replace(facts, has_open_review=False)
        window = next_review_window(facts, cadence_of(policies.get(facts.region_id), scale), today)
        if window is None or (window.due_from, window.due_by) == (review.due_from, review.due_by):
            continue
        review.due_from, review.due_by = window.due_from, window.due_by
        moved.append(review)
    if moved:
        with transaction.atomic():
            Review.objects.bulk_update(moved, ["due_from", "due_by"])
            # The pair was proposed for the old window: withdrawn until proposed anew.
            PlannerProposal.objects.filter(review__in=moved).update(suggested={})
        propose_reviewers(today=today, policies=policies)
    return len(moved)


def _unassigned() -> QuerySet[Review]:
    return Review.objects.filter(
        status=Review.Status.PLANNED, reviewer_a__isnull=True, reviewer_b__isnull=True
    )


def propose_reviewers(*, today: date, policies: dict | None = None) -> int:
    """Propose two reviewers for every planned review that has none assigned.

    The reviews are read without locks; each batch of proposals is written
    under row locks taken just before, to the reviews that are still planned
    and unassigned then (a coordinator may have assigned one meanwhile).
    """
    if policies is None:
        policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    reviews = list(
        _unassigned()
        .select_related("site")
        .only("pk", "site_id", "site__region_id", "due_from", "due_by", "visit_start", "visit_end")
    )
    if not reviews:
        return 0
    site_ids = {review.site_id for review in reviews}
    previous = _previous_reviewers(site_ids)
    conflicts = conflicted_reviewers(site_ids)
    reviewers = _reviewer_facts(today, policies)
    loads = open_review_loads(today)
    proposals: list[Proposal] = []
    for region_id, region_reviews in _by_region(reviews).items():
        policy = policies.get(region_id)
        needs = [
            ReviewNeed(
                review_id=review.pk,
                site_id=review.site_id,
                region_id=region_id,
                due_by=review.due_by,
                previous_reviewer_ids=frozenset(previous.get(review.site_id, ())),
                conflicted_reviewer_ids=frozenset(conflicts.get(review.site_id, ())),
                window=days_ahead(review.due_from, review.due_by, today),
                visit=_visit(review),
            )
            for review in region_reviews
        ]
        allow_lending = region_borrows(policy)
        proposals.extend(propose_pairs(needs, reviewers, loads, allow_lending=allow_lending))
        for proposal in proposals[-len(needs) :]:
            for reviewer_id in proposal.reviewer_ids:
                loads[reviewer_id] = loads.get(reviewer_id, 0) + 1
    made_at = timezone.now().isoformat()
    written = 0
    for start in range(0, len(proposals), WRITE_BATCH):
        written += _write_proposals(proposals[start : start + WRITE_BATCH], made_at)
    return written


@transaction.atomic
def _write_proposals(proposals: list[Proposal], made_at: str) -> int:
    """Store one batch of proposals on the reviews still waiting for reviewers."""
    waiting = set(
        _unassigned()
        .select_for_update(skip_locked=True)
        .filter(pk__in=[p.review_id for p in proposals])
        .values_list("pk", flat=True)
    )
    updated = [
        PlannerProposal(review_id=p.review_id, suggested=proposal_json(p, made_at))
        for p in proposals
        if p.review_id in waiting
    ]
    PlannerProposal.objects.bulk_create(
        updated, update_conflicts=True, unique_fields=["review"], update_fields=["suggested"]
    )
    return len(updated)


def days_ahead(due_from: date, due_by: date, today: date) -> Period:
    """The days of a due window a visit can still fall on. A late review is
    due now, so leave today keeps a reviewer from it."""
    first = max(due_from, today)
    return first, max(due_by, first)


def _visit(review: Review) -> Period | None:
    if review.visit_start is None:
        return None
    return review.visit_start, review.visit_end or review.visit_start


def proposal_json(proposal: Proposal, made_at: str) -> dict:
    return {
        "reviewers": proposal.reviewer_ids,
        "lent": proposal.lent_ids,
        "reasons": [
            {"code": r.code, "reviewer": r.reviewer_id, "detail": r.detail}
            for r in proposal.reasons
        ],
        "made_at": made_at,
    }


def _by_region(reviews: list[Review]) -> dict[int, list[Review]]:
    grouped: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        grouped[review.site.region_id].append(review)
    return grouped


def _previous_reviewers(site_ids: set[int]) -> dict[int, set[int]]:
    """The two reviewers of each site's latest published review."""
    latest: dict[int, set[int]] = {}
    rows = (
        Review.objects.filter(site_id__in=site_ids, status=Review.Status.PUBLISHED)
        .order_by("site_id", "-visit_start")
        .values_list("site_id", "reviewer_a_id", "reviewer_b_id")
    )
    for site_id, first, second in rows:
        latest.setdefault(site_id, {r for r in (first, second) if r is not None})
    return latest


def conflicted_reviewers(site_ids: set[int]) -> dict[int, set[int]]:
    """Who must not review which site: its leaders, and declared conflicts."""
    conflicts: dict[int, set[int]] = defaultdict(set)
    leaders = Membership.objects.filter(role=Role.SITE_LEADER, site_id__in=site_ids)
    for user_id, site_id in leaders.values_list("user_id", "site_id"):
        conflicts[site_id].add(user_id)
    declared = ReviewerConflict.objects.filter(site_id__in=site_ids)
    for user_id, site_id in declared.values_list("reviewer_id", "site_id"):
        conflicts[site_id].add(user_id)
    return conflicts


def _reviewer_facts(today: date, policies: dict) -> list[ReviewerFacts]:
    """Every active reviewer, once, in the first region they review for (and the
    others), with the leave that has not ended yet and whether they may be lent."""
    rows = (
        Membership.objects.filter(role=Role.REVIEWER, user__is_active=True)
        .order_by("user_id", "region_id")
        .values_list(
            "user_id",
            "region_id",
            "user__reviewer_profile__reviews_per_year",
            "user__reviewer_profile__experienced",
        )
    )
    leave = leave_ahead(today)
    regions: dict[int, list[int]] = defaultdict(list)
    details: dict[int, tuple] = {}
    for user_id, region_id, capacity, experienced in rows:
        if region_id is not None:
            regions[user_id].append(region_id)
            details.setdefault(user_id, (capacity, experienced))
    return [
        ReviewerFacts(
            reviewer_id=user_id,
            region_id=first,
            capacity=details[user_id][0] or DEFAULT_REVIEWS_PER_YEAR,
            experienced=bool(details[user_id][1]),
            leave=tuple(leave.get(user_id, ())),
            lendable=any(region_lends(policies.get(region_id)) for region_id in (first, *others)),
            other_region_ids=frozenset(others),
        )
        for user_id, (first, *others) in regions.items()
    ]


def leave_ahead(since: date, reviewer_ids=None) -> dict[int, list[Period]]:
    """Each reviewer's leave that has not ended before `since`, in date order (one query)."""
    periods = ReviewerLeave.objects.filter(last_day__gte=since)
    if reviewer_ids is not None:
        periods = periods.filter(reviewer_id__in=reviewer_ids)
    leave: dict[int, list[Period]] = defaultdict(list)
    rows = periods.order_by("first_day").values_list("reviewer_id", "first_day", "last_day")
    for reviewer_id, first, last in rows:
        leave[reviewer_id].append((first, last))
    return leave


def open_review_loads(today: date) -> dict[int, int]:
    """Open reviews each reviewer has, due within the coming year."""
    horizon = today + timedelta(days=LOAD_HORIZON_DAYS)
    assigned = Review.objects.filter(
        status__in=states.OPEN, due_by__gte=today - timedelta(days=90), due_by__lte=horizon
    )
    loads: dict[int, int] = defaultdict(int)
    for first, second in assigned.values_list("reviewer_a_id", "reviewer_b_id"):
        for reviewer_id in (first, second):
            if reviewer_id is not None:
                loads[reviewer_id] += 1
    return loads
