"""When the next review of a site is due, and who should do it: pure rules.

Nothing here reads the database or the clock: callers pass the facts and
"today", so every rule can be tested at a fixed date. The planner
(reviews/planning/planner.py) gathers the facts in a few queries and stores the
results.
"""

import calendar
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


@dataclass(frozen=True)
class CadencePolicy:
    """A region's review rhythm (defaults from the IPS fidelity practice in Norway)."""

    first_review_months: int = 6  # after a site starts
    interval_months: int = 6  # until the site reaches good fidelity
    good_interval_months: int = 12  # once it has
    window_days: int = 60  # how long the due window is
    reviews_per_pair_member: int = 1  # each review takes one slot of each reviewer


@dataclass(frozen=True)
class SiteFacts:
    site_id: int
    region_id: int
    start_date: date
    active: bool
    last_visit: date | None = None  # visit of the latest published review
    # Whether the last review showed good fidelity in what the cadence reads (its
    # scale's rule, per component); None: no review yet.
    last_good: bool | None = None
    has_open_review: bool = False
    target_group: str = "adults"


class DueReason(StrEnum):
    """Why the next review is due when it is."""

    FIRST = "first"  # the site's first review, from its start
    FIRST_OVERDUE = "first_overdue"
    BELOW_GOOD = "below_good"  # six months after a review below good fidelity
    GOOD = "good"  # a year after good fidelity or better
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DueWindow:
    due_from: date
    due_by: date
    reason: "DueReason"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_window(site: SiteFacts, policy: CadencePolicy, today: date) -> DueWindow | None:
    """The due window of the site's next review, or None if none should be planned now.

    First review within first_review_months of the start; then every
    interval_months until the last review shows good fidelity, then every
    good_interval_months (and back to the short interval if it falls below).
    A window already in the past is moved to start today: late, not skipped.
    """
    if not site.active or site.has_open_review:
        return None
    if site.last_visit is None:
        due_by = add_months(site.start_date, policy.first_review_months)
        reason = DueReason.FIRST
    else:
        good = bool(site.last_good)
        months = policy.good_interval_months if good else policy.interval_months
        due_by = add_months(site.last_visit, months)
        reason = DueReason.GOOD if good else DueReason.BELOW_GOOD
    due_from = due_by - timedelta(days=policy.window_days)
    if due_by < today:
        return DueWindow(
            due_from=today,
            due_by=today + timedelta(days=policy.window_days),
            reason=DueReason.FIRST_OVERDUE if reason == DueReason.FIRST else DueReason.OVERDUE,
        )
    return DueWindow(due_from=due_from, due_by=due_by, reason=reason)


Period = tuple[date, date]  # a first and a last day, both included


def covers_every_day(periods: Iterable[Period], first: date, last: date) -> bool:
    """Whether the periods together leave no day from first to last uncovered."""
    day = first
    for start, end in sorted(periods):
        if start > day:
            break
        day = max(day, end + timedelta(days=1))
        if day > last:
            return True
    return day > last


def overlaps(periods: Iterable[Period], first: date, last: date) -> bool:
    """Whether any of the periods has a day from first to last."""
    return any(start <= last and end >= first for start, end in periods)


@dataclass(frozen=True)
class ReviewerFacts:
    reviewer_id: int
    region_id: int  # the first region they review for
    capacity: int  # reviews a year the reviewer has said they can take
    experienced: bool = False
    leave: tuple[Period, ...] = ()
    # A region they review for lends its reviewers to regions that borrow.
    lendable: bool = False
    other_region_ids: frozenset[int] = frozenset()  # the other regions they review for

    def __post_init__(self) -> None:
        # In date order, once here, so the check for each review need not sort.
        object.__setattr__(self, "leave", tuple(sorted(self.leave)))


@dataclass(frozen=True)
class ReviewNeed:
    review_id: int
    site_id: int
    region_id: int
    due_by: date
    previous_reviewer_ids: frozenset[int] = frozenset()
    conflicted_reviewer_ids: frozenset[int] = frozenset()
    # The days the visit may still fall on (the caller drops those already
    # past); without it, the due date alone.
    window: Period | None = None
    visit: Period | None = None  # the visit days, once they are set


def away_for(reviewer: ReviewerFacts, need: ReviewNeed) -> "ReasonCode | None":
    """Why leave keeps this reviewer from the review, as a reason code, or None.

    Once the visit days are set, leave on any of them; before, only leave over
    the whole window: a reviewer away for part of it can take the visit on
    the other days.
    """
    if not reviewer.leave:
        return None
    if need.visit is not None:
        return ReasonCode.ON_LEAVE_VISIT if overlaps(reviewer.leave, *need.visit) else None
    first, last = need.window or (need.due_by, need.due_by)
    leave = reviewer.leave
    # This runs for every review against every reviewer with leave: answer the
    # usual cases (leave after the window starts; one period) without a loop.
    if leave[0][0] > first:
        return None
    if len(leave) == 1:
        return ReasonCode.ON_LEAVE if leave[0][1] >= last else None
    return ReasonCode.ON_LEAVE if covers_every_day(leave, first, last) else None


class ReasonCode(StrEnum):
    """Why a pair was proposed as it was; each has a sentence where it is shown
    (reviews/templatetags/review_tags.py), and a test holds every code to one."""

    CONTINUITY = "continuity"
    CONTINUITY_UNAVAILABLE = "continuity_unavailable"
    LEAST_LOADED = "least_loaded"
    LENT = "lent"
    CONFLICT_EXCLUDED = "conflict_excluded"
    ON_LEAVE = "on_leave"
    ON_LEAVE_VISIT = "on_leave_visit"
    AT_CAPACITY = "at_capacity"
    NO_EXPERIENCED = "no_experienced"
    SHORT_OF_REVIEWERS = "short_of_reviewers"


@dataclass(frozen=True)
class Reason:
    """One line of a proposal's explanation: a code and its parameters, translated on display."""

    code: ReasonCode
    reviewer_id: int | None = None
    detail: int | str | None = None


@dataclass
class Proposal:
    review_id: int
    reviewer_ids: list[int] = field(default_factory=list)
    lent_ids: list[int] = field(default_factory=list)  # from another region
    reasons: list[Reason] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.reviewer_ids) == 2


def propose_pairs(
    needs: Sequence[ReviewNeed],
    reviewers: Iterable[ReviewerFacts],
    loads: Mapping[int, int],
    *,
    allow_lending: bool = True,
) -> list[Proposal]:
    """Two reviewers for each review, earliest due first.

    allow_lending: the region of these reviews borrows. A reviewer of another
    region is a candidate only if, besides, a region of theirs lends.

    For each review: never a reviewer with a conflict of interest; never one
    whose leave keeps them from it (see away_for); never one at capacity (the
    load counts this run's earlier picks too, so work spreads); the site's own
    region first, lending from another region only when it runs out; one
    reviewer from the site's previous review where possible, for continuity;
    then the least loaded relative to capacity; and at least one experienced
    reviewer in the pair when one is free.
    """
    pool = list(reviewers)
    load = dict(loads)
    pools: dict[int, _Pools] = {}
    proposals = []
    for need in sorted(needs, key=lambda n: (n.due_by, n.review_id)):
        if need.region_id not in pools:
            pools[need.region_id] = _Pools.of(pool, need.region_id, allow_lending)
        proposal = _propose_one(need, pools[need.region_id], load, loads)
        for reviewer_id in proposal.reviewer_ids:
            load[reviewer_id] = load.get(reviewer_id, 0) + 1
        proposals.append(proposal)
    return proposals


@dataclass(frozen=True)
class _Pools:
    """A region's own reviewers and those it may borrow, told apart once per region
    rather than once per review."""

    own: list[ReviewerFacts]
    lendable: list[ReviewerFacts]
    lendable_ids: frozenset[int]

    @classmethod
    def of(cls, pool: list[ReviewerFacts], region_id: int, allow_lending: bool) -> "_Pools":
        own, lendable = [], []
        for reviewer in pool:
            if reviewer.region_id == region_id or region_id in reviewer.other_region_ids:
                own.append(reviewer)
            elif allow_lending and reviewer.lendable:
                lendable.append(reviewer)
        return cls(own, lendable, frozenset(r.reviewer_id for r in lendable))


def _propose_one(
    need: ReviewNeed, pools: _Pools, load: dict[int, int], assigned: Mapping[int, int]
) -> Proposal:
    # One pass over the pool per review (no sorting of everyone): this runs
    # for thousands of reviews against hundreds of reviewers.
    proposal = Proposal(review_id=need.review_id)
    full = 0

    def rank(reviewer: ReviewerFacts) -> tuple:
        # Own region first, then the lightest load for the capacity, then a stable order.
        relative_load = load.get(reviewer.reviewer_id, 0) / reviewer.capacity
        return (reviewer.reviewer_id in pools.lendable_ids, relative_load, reviewer.reviewer_id)

    candidates = []
    for ours, group in ((True, pools.own), (False, pools.lendable)):
        for reviewer in group:
            if reviewer.reviewer_id in need.conflicted_reviewer_ids:
                if ours:
                    proposal.reasons.append(
                        Reason(ReasonCode.CONFLICT_EXCLUDED, reviewer.reviewer_id)
                    )
            elif reviewer.leave and (away := away_for(reviewer, need)):
                if ours:
                    proposal.reasons.append(Reason(away, reviewer.reviewer_id))
            elif load.get(reviewer.reviewer_id, 0) >= reviewer.capacity:
                full += ours
            else:
                candidates.append(reviewer)
    if full:
        proposal.reasons.append(Reason(ReasonCode.AT_CAPACITY, detail=full))

    chosen: list[ReviewerFacts] = []
    continuing = [r for r in candidates if r.reviewer_id in need.previous_reviewer_ids]
    if continuing:
        chosen.append(min(continuing, key=rank))
        proposal.reasons.append(Reason(ReasonCode.CONTINUITY, chosen[0].reviewer_id))
    elif need.previous_reviewer_ids:
        proposal.reasons.append(Reason(ReasonCode.CONTINUITY_UNAVAILABLE))
    for candidate in heapq.nsmallest(3, candidates, key=rank):
        if len(chosen) < 2 and candidate not in chosen:
            chosen.append(candidate)
    experienced = [r for r in candidates if r.experienced]
    if chosen and not any(r.experienced for r in chosen) and experienced:
        # Keep the continuity reviewer; give the other place to the least
        # loaded experienced reviewer.
        best = min(experienced, key=rank)
        if len(chosen) == 2:
            chosen[-1] = best
        else:
            chosen.append(best)
    for reviewer in chosen:
        proposal.reviewer_ids.append(reviewer.reviewer_id)
        if reviewer.reviewer_id not in need.previous_reviewer_ids or not continuing:
            # The count the coordinator sees in the load table (reviews assigned),
            # not this run's running count, which has earlier proposals in it.
            proposal.reasons.append(
                Reason(
                    ReasonCode.LEAST_LOADED,
                    reviewer.reviewer_id,
                    assigned.get(reviewer.reviewer_id, 0),
                )
            )
        if reviewer.reviewer_id in pools.lendable_ids:
            proposal.lent_ids.append(reviewer.reviewer_id)
            proposal.reasons.append(
                Reason(ReasonCode.LENT, reviewer.reviewer_id, reviewer.region_id)
            )
    if chosen and not any(r.experienced for r in chosen):
        proposal.reasons.append(Reason(ReasonCode.NO_EXPERIENCED))
    if len(chosen) < 2:
        proposal.reasons.append(Reason(ReasonCode.SHORT_OF_REVIEWERS, detail=2 - len(chosen)))
    return proposal


# Each reviewer's days for one review: preparation, the visit, the report.
DAYS_PER_REVIEW = 3


@dataclass(frozen=True)
class DueReview:
    due_by: date
    days_per_review: int = DAYS_PER_REVIEW  # the region's


@dataclass(frozen=True)
class ReviewerSupply:
    reviews_per_year: int
    days_per_review: int = DAYS_PER_REVIEW  # the reviewer's region's
    leave: tuple[Period, ...] = ()


@dataclass(frozen=True)
class MonthLoad:
    month: date  # the first day of the month
    reviews_due: int
    days_needed: int  # reviewer-days: each review's days, for each of its reviewers
    days_available: float  # reviewer-days the reviewers can give, less their leave

    @property
    def short(self) -> bool:
        return self.days_needed > self.days_available


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def working_days(month: date) -> list[date]:
    """Monday to Friday of the month (public holidays are not known here)."""
    days = (month.replace(day=number) for number in range(1, month_end(month).day + 1))
    return [day for day in days if day.weekday() < 5]


def leave_share(month: date, leave: Iterable[Period]) -> float:
    """The share of the month's working days that the leave covers."""
    first, last = month_start(month), month_end(month)
    periods = [(start, end) for start, end in leave if start <= last and end >= first]
    if not periods:
        return 0.0
    workdays = working_days(first)
    away = sum(1 for day in workdays if any(start <= day <= end for start, end in periods))
    return away / len(workdays)


def capacity_forecast(
    today: date,
    due: Iterable[DueReview],
    reviewers: Iterable[ReviewerSupply],
    *,
    months: int = 12,
    reviewers_per_review: int = 2,
) -> list[MonthLoad]:
    """Reviewer-days needed per month against the days the reviewers can give, for the
    coming months.

    Needed: for each review due, its days for each of its reviewers. Available:
    each reviewer's reviews a year in days, spread evenly over the months,
    less the share of the month's working days they are on leave. Reviews
    already late count in the current month: they still need doing.
    """
    first = month_start(today)
    horizon = [add_months(first, offset) for offset in range(months)]
    counts = dict.fromkeys(horizon, 0)
    days_needed = dict.fromkeys(horizon, 0)
    for review in due:
        month = max(month_start(review.due_by), first)
        if month in counts:
            counts[month] += 1
            days_needed[month] += reviewers_per_review * review.days_per_review
    supply = list(reviewers)
    return [
        MonthLoad(
            month=month,
            reviews_due=counts[month],
            days_needed=days_needed[month],
            days_available=sum(
                r.reviews_per_year * r.days_per_review / 12 * (1 - leave_share(month, r.leave))
                for r in supply
            ),
        )
        for month in horizon
    ]


def follow_up_due(due_by: date, last_good: bool | None, policy: CadencePolicy) -> date:
    """When the review after one due on due_by will be due, if the result stays as it was."""
    months = policy.good_interval_months if last_good else policy.interval_months
    return add_months(due_by, months)


def month_grid(year: int, month: int) -> list[list[date | None]]:
    """The weeks of a month, Monday first, None outside the month (for a calendar page)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[day if day.month == month else None for day in week] for week in weeks]
