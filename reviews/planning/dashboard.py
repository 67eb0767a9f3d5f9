"""What the planning dashboards show: reads only, for a set of regions the caller may see."""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db import models
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsfidelity.accounts.models import User
from reviews import states
from reviews.charts import Bar, capacity_chart
from reviews.planning.planner import (
    cadence_of,
    leave_ahead,
    open_review_loads,
    site_facts,
)
from reviews.planning.scheduling import (
    DAYS_PER_REVIEW,
    DueReview,
    MonthLoad,
    Period,
    ReviewerSupply,
    capacity_forecast,
    follow_up_due,
    month_grid,
    month_start,
    next_review_window,
)
from reviews.rating.models import Review, ReviewSummary
from reviews.scale.models import FidelityScale
from reviews.scale.selectors import ScaleChoices, scale_choices
from sites.models import Membership, Region, RegionPolicy, ReviewerProfile, Role, Site
from sites.selectors import reviewers_still_eligible

AT_RISK_DAYS = 30


class AttentionReason(models.TextChoices):
    """Why a review is on the coordinator's list, and how the list says it."""

    REVIEWER_LEFT = "reviewer_left", gettext_lazy("a reviewer no longer holds the role: re-plan")
    OVERDUE = "overdue", gettext_lazy("past its due window")
    NO_REVIEWERS = "no_reviewers", gettext_lazy("due soon, no reviewers")
    NO_VISIT = "no_visit", gettext_lazy("due soon, no visit date")
    VISIT_AFTER_DUE = "visit_after_due", gettext_lazy("visit set after the due window")


@dataclass
class Attention:
    review: Review
    reason: AttentionReason


@dataclass
class ReviewerLoad:
    user: User
    region: Region
    open_reviews: int
    capacity: int
    days_per_review: int  # the region's
    experienced: bool
    leave: list[Period]  # from the start of this month on, in date order
    today: date

    @property
    def over(self) -> bool:
        return self.open_reviews > self.capacity

    @property
    def days_a_year(self) -> int:
        return self.capacity * self.days_per_review

    @property
    def away_until(self) -> date | None:
        """The last day of the leave the reviewer is on today (periods that follow
        on from each other count as one), if any."""
        until: date | None = None
        for first, last in self.leave:
            if last < self.today:
                continue
            latest_start = self.today if until is None else until + timedelta(days=1)
            if first > latest_start:
                break
            until = last if until is None else max(until, last)
        return until

    @property
    def next_leave(self) -> Period | None:
        """The first period of leave after today's (if the reviewer is on leave)."""
        after = self.away_until or self.today
        return next(((first, last) for first, last in self.leave if first > after), None)


# What one day of the calendar shows before "and N more": a country's month holds
# hundreds of visits and due dates, and a page that lists them all grows with it.
EVENTS_PER_DAY = 3


@dataclass(frozen=True)
class CalendarDay:
    day: date | None
    events: list[tuple[str, Review]]  # (visit or due, review), the first few
    more: int = 0  # how many more fall on the day


@dataclass
class Dashboard:
    regions: list[Region]
    today: date
    counts: list[tuple[str, object, int]]
    attention: list[Attention]
    upcoming: list[Review]
    loads: list[ReviewerLoad]
    forecast: list[MonthLoad]
    forecast_chart: str
    month: date
    weeks: list[list[CalendarDay]] = field(default_factory=list)
    # One day's whole list, when the person asked for a day with more than fit in it.
    day: date | None = None
    day_list: list[tuple[str, Review]] = field(default_factory=list)
    # The planner skips them: no scale, or several and none chosen.
    sites_without_scale: list["SiteWithoutScale"] = field(default_factory=list)

    @property
    def short_months(self) -> list[MonthLoad]:
        return [m for m in self.forecast if m.short]


OPEN_REVIEW_FIELDS = (
    *("site", "team", "scale", "kind", "status", "due_from", "due_by"),
    *("visit_start", "visit_end", "reviewer_a", "reviewer_b", "imported_at"),
    *("site__name", "site__region", "site__region__name", "site__target_group"),
    *("scale__code", "scale__version", "scale__good_fidelity_from"),
    *("reviewer_a__full_name", "reviewer_a__email", "reviewer_b__full_name", "reviewer_b__email"),
)
BOARD_REVIEW_FIELDS = tuple(
    name
    for name in OPEN_REVIEW_FIELDS
    if not name.startswith(("site__region__", "scale__", "reviewer_a__", "reviewer_b__"))
)


def open_reviews(regions: QuerySet[Region]) -> QuerySet[Review]:
    return (
        # A site's own self-assessment in progress is no work of the resource centre.
        Review.objects.filter(
            site__region__in=regions, kind=Review.Kind.EXTERNAL, status__in=states.BEFORE_SIGNING
        )
        .select_related("site", "site__region", "scale", "reviewer_a", "reviewer_b")
        # What the boards read of each: a country's open reviews are a thousand rows
        # and more, and each full row of six models is that many objects to build.
        .only(*OPEN_REVIEW_FIELDS)
        .order_by("due_by")
    )


def board_reviews(regions: QuerySet[Region]) -> list[Review]:
    """The regions' open reviews as the boards read them, built cheaply.

    Their regions, scales and reviewers are few and each shared by many reviews: each
    is built once and attached, rather than once per review by a join (a country's
    open reviews are a thousand rows and more, and building those objects was most
    of the planning page's time).
    """
    reviews = list(
        open_reviews(regions).select_related(None).select_related("site").only(*BOARD_REVIEW_FIELDS)
    )
    by_id = {region.pk: region for region in regions}
    scales = FidelityScale.objects.filter(pk__in={r.scale_id for r in reviews}).only(
        "code", "version", "good_fidelity_from"
    )
    scale_by_id = {scale.pk: scale for scale in scales}
    reviewer_ids = {r.reviewer_a_id for r in reviews} | {r.reviewer_b_id for r in reviews}
    people = User.objects.filter(pk__in=reviewer_ids - {None}).only("full_name", "email")
    person_by_id = {person.pk: person for person in people}
    for review in reviews:
        review.site.region = by_id[review.site.region_id]
        review.scale = scale_by_id[review.scale_id]
        if review.reviewer_a_id is not None:
            review.reviewer_a = person_by_id[review.reviewer_a_id]
        if review.reviewer_b_id is not None:
            review.reviewer_b = person_by_id[review.reviewer_b_id]
    return reviews


def needs_attention(
    reviews: list[Review], today: date, still_eligible: set[tuple[int, int]]
) -> list[Attention]:
    """Reviews with a reviewer who no longer holds the role first (they need
    re-planning), then late ones, then those at risk of becoming late.

    `still_eligible` holds the (reviewer, region) pairs whose role still stands.
    """
    left, late, risky = [], [], []
    soon = today + timedelta(days=AT_RISK_DAYS)
    for review in reviews:
        assigned = {review.reviewer_a_id, review.reviewer_b_id} - {None}
        if {(reviewer, review.site.region_id) for reviewer in assigned} - still_eligible:
            left.append(Attention(review, AttentionReason.REVIEWER_LEFT))
        elif review.due_by < today:
            late.append(Attention(review, AttentionReason.OVERDUE))
        elif review.status == Review.Status.PLANNED and review.due_by <= soon:
            no_reviewers = review.reviewer_a_id is None
            risky.append(
                Attention(
                    review,
                    AttentionReason.NO_REVIEWERS if no_reviewers else AttentionReason.NO_VISIT,
                )
            )
        elif review.visit_start and review.visit_start > review.due_by:
            risky.append(Attention(review, AttentionReason.VISIT_AFTER_DUE))
    return left + late + risky


def _still_eligible(reviews: list[Review]) -> set[tuple[int, int]]:
    """The assignments of these reviews whose reviewer may still review there."""
    return reviewers_still_eligible(
        {
            (reviewer, review.site.region_id)
            for review in reviews
            for reviewer in (review.reviewer_a_id, review.reviewer_b_id)
            if reviewer is not None
        }
    )


def region_dashboard(
    *, regions: QuerySet[Region], today: date, month: date, day: date | None = None
) -> Dashboard:
    reviews = board_reviews(regions)
    events = events_by_day(reviews)
    counts = Counter(review.status for review in reviews)
    policies = {p.region_id: p for p in RegionPolicy.objects.filter(region__in=regions)}
    loads = reviewer_loads(regions, today, policies)
    choices = scale_choices()  # which scale each site's next review takes, read once
    forecast = forecast_for(regions, today, loads, reviews, policies, choices)
    return Dashboard(
        regions=list(regions),
        today=today,
        counts=[
            (status, label, counts.get(status, 0))
            for status, label in Review.Status.choices
            if status in states.BEFORE_SIGNING
        ],
        attention=needs_attention(reviews, today, _still_eligible(reviews)),
        upcoming=[
            r
            for r in reviews
            if r.visit_start and today <= r.visit_start <= today + timedelta(days=90)
        ],
        loads=loads,
        forecast=forecast,
        forecast_chart=capacity_chart(
            [
                Bar(m.month.strftime("%m.%y"), m.days_needed, round(m.days_available, 1))
                for m in forecast
            ],
            title=_("Reviewer-days needed and available per month"),
            needed_label=_("needed"),
            short_label=_("needed, more than available"),
            available_label=_("available"),
            decimal=number_format,
        ),
        month=month,
        weeks=calendar_weeks(events, month),
        day=day,
        day_list=events.get(day, []) if day else [],
        sites_without_scale=sites_without_scale(regions, choices),
    )


@dataclass(frozen=True)
class SiteWithoutScale:
    site: Site
    needs_choice: bool  # several scales are current for its group: its page offers them


def sites_without_scale(regions: QuerySet[Region], choices: ScaleChoices) -> list[SiteWithoutScale]:
    """The regions' active sites no review can be planned for: no scale is current for
    their target group, or several are and none was chosen for the site."""
    # Per target group whose sites may lack one: are there scales to choose from?
    unclear = {
        group: bool(options)
        for group in Site.TargetGroup.values
        if len(options := choices.options(group)) != 1
    }
    if not unclear:  # every group has one scale: every site has it
        return []
    sites = Site.objects.filter(region__in=regions, active=True, target_group__in=unclear)
    return [
        SiteWithoutScale(site, needs_choice=unclear[site.target_group])
        for site in sites.only("pk", "name", "target_group").order_by("name")
        if choices.for_site(site.pk, site.target_group) is None
    ]


def days_per_review(policies: dict[int, RegionPolicy], region_id: int) -> int:
    policy = policies.get(region_id)
    return policy.days_per_review if policy else DAYS_PER_REVIEW


def reviewer_loads(
    regions: QuerySet[Region], today: date, policies: dict[int, RegionPolicy]
) -> list[ReviewerLoad]:
    """Each reviewer of these regions: open reviews in the coming year against capacity,
    and their leave from the start of this month (the forecast counts it from there)."""
    memberships = (
        Membership.objects.filter(role=Role.REVIEWER, region__in=regions, user__is_active=True)
        .select_related("user", "region")
        .order_by("region__name", "user__full_name")
    )
    profiles = {
        p.user_id: p
        for p in ReviewerProfile.objects.filter(user__in=[m.user_id for m in memberships])
    }
    # The same count the planner weighs its proposals with.
    open_counts = open_review_loads(today)
    leave = leave_ahead(month_start(today), [m.user_id for m in memberships])
    loads = []
    for membership in memberships:
        if membership.region is None:  # a reviewer membership always has one
            continue
        profile = profiles.get(membership.user_id)
        loads.append(
            ReviewerLoad(
                user=membership.user,
                region=membership.region,
                open_reviews=open_counts.get(membership.user_id, 0),
                capacity=profile.reviews_per_year if profile else 6,
                days_per_review=days_per_review(policies, membership.region.pk),
                experienced=bool(profile and profile.experienced),
                leave=leave.get(membership.user_id, []),
                today=today,
            )
        )
    return loads


def needing_a_look_first(loads: list[ReviewerLoad]) -> list[ReviewerLoad]:
    """Over capacity or on leave (now or ahead) first, then the rest; each part by
    region and name, as the full list is."""
    return sorted(loads, key=lambda load: not (load.over or load.away_until or load.next_leave))


def forecast_for(
    regions: QuerySet[Region],
    today: date,
    loads: list[ReviewerLoad],
    reviews: list[Review],
    policies: dict[int, RegionPolicy],
    choices: ScaleChoices,
) -> list[MonthLoad]:
    """Reviewer-days needed in the coming 12 months, for the open reviews, those the
    planner will plan and the follow-ups they lead to, against the days the
    reviewers can give less their leave.

    Cached under a key made of everything it reads (the open reviews and loads the
    caller has, the sites' own facts, the published summaries, the policies and
    scales, today): any change to one of them is a new key, so nothing has to
    remember to clear it, and a country's forecast is not walked on every view.
    """
    region_ids = sorted(r.pk for r in regions)
    fingerprint = _fingerprint(region_ids, today, loads, reviews, policies, choices)
    key = "capacity-forecast:" + fingerprint
    cached = cache.get(key)
    if cached is not None:
        return cached
    forecast = _forecast(region_ids, today, loads, reviews, policies, choices)
    cache.set(key, forecast, FORECAST_CACHE_SECONDS)
    return forecast


FORECAST_CACHE_SECONDS = 24 * 3600  # a new day is a new key anyway


def _fingerprint(
    region_ids: list[int],
    today: date,
    loads: list[ReviewerLoad],
    reviews: list[Review],
    policies: dict[int, RegionPolicy],
    choices: ScaleChoices,
) -> str:
    summaries = ReviewSummary.objects.filter(site__region_id__in=region_ids).aggregate(
        count=models.Count("pk"), latest=models.Max("updated_at")
    )
    parts = (
        region_ids,
        today,
        sorted(
            (r.pk, r.site_id, r.team_id, r.scale_id, r.kind, r.status, r.due_from, r.due_by)
            for r in reviews
        ),
        [(load.user.pk, load.capacity, load.days_per_review, tuple(load.leave)) for load in loads],
        sorted(
            (region, p.first_review_months, p.interval_months, p.good_interval_months)
            for region, p in policies.items()
        ),
        sorted((region, p.window_days) for region, p in policies.items()),
        sorted((region, p.days_per_review) for region, p in policies.items()),
        _choices_fingerprint(choices),
        list(
            Site.objects.filter(region_id__in=region_ids)
            .order_by("pk")
            .values_list("pk", "region_id", "active", "start_date", "target_group")
        ),
        summaries["count"],
        summaries["latest"],
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _choices_fingerprint(choices: ScaleChoices) -> tuple[list[int], list[tuple[int, str]]]:
    return sorted(scale.pk for scale in choices.current), sorted(choices.chosen.items())


def _forecast(
    region_ids: list[int],
    today: date,
    loads: list[ReviewerLoad],
    reviews: list[Review],
    policies: dict[int, RegionPolicy],
    choices: ScaleChoices,
) -> list[MonthLoad]:
    facts = site_facts(set(region_ids))
    last_good = {f.site_id: f.last_good for f in facts}
    due: list[DueReview] = []
    for review in reviews:  # the regions' open reviews, already loaded by the caller
        if review.kind != Review.Kind.EXTERNAL:
            continue
        region_id = review.site.region_id
        cadence = cadence_of(policies.get(region_id), review.scale)
        days = days_per_review(policies, region_id)
        follow_up = follow_up_due(review.due_by, last_good.get(review.site_id), cadence)
        due += [DueReview(review.due_by, days), DueReview(follow_up, days)]
    for site in facts:
        if (scale := choices.for_site(site.site_id, site.target_group)) is None:
            continue
        cadence = cadence_of(policies.get(site.region_id), scale)
        days = days_per_review(policies, site.region_id)
        window = next_review_window(site, cadence, today)
        if window is not None:
            follow_up = follow_up_due(window.due_by, site.last_good, cadence)
            due += [DueReview(window.due_by, days), DueReview(follow_up, days)]
    # A reviewer of two of these regions gives their days once.
    supply: dict[int, ReviewerSupply] = {}
    for load in loads:
        supply.setdefault(
            load.user.pk, ReviewerSupply(load.capacity, load.days_per_review, tuple(load.leave))
        )
    return capacity_forecast(today, due, supply.values())


def events_by_day(reviews: list[Review]) -> dict[date, list[tuple[str, Review]]]:
    """Each day's visits and due dates, visits first, then by site."""
    events: dict[date, list[tuple[str, Review]]] = defaultdict(list)
    for review in reviews:
        if review.visit_start:
            events[review.visit_start].append(("visit", review))
        events[review.due_by].append(("due", review))
    for day_list in events.values():
        day_list.sort(key=lambda event: (event[0] != "visit", event[1].site.name))
    return events


def calendar_weeks(
    events: dict[date, list[tuple[str, Review]]], month: date
) -> list[list[CalendarDay]]:
    """The month's weeks with, per day, the first visits and due dates falling on it and
    how many more there are (the day's whole list is `events[day]`)."""
    return [
        [
            CalendarDay(
                day,
                events.get(day, [])[:EVENTS_PER_DAY] if day else [],
                max(0, len(events.get(day, [])) - EVENTS_PER_DAY) if day else 0,
            )
            for day in week
        ]
        for week in month_grid(month.year, month.month)
    ]
