"""What waits for a person, for the top of their home page: each step in words, its date,
and one link to the page (or the file) where it is done.

A site leader: a new report (the file itself), the action plan it asks for and its due
date, overdue actions, a self-assessment in progress, the next visit and its pre-visit
data. A reviewer: visits, ratings, consensus and sign-offs, with the co-reviewer's state.
A coordinator: what is late or at risk in their regions, and reports that failed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ipsfidelity.accounts.models import User
from reviews import states
from reviews.followup import timing
from reviews.followup.selectors import site_plans
from reviews.planning import freshness
from reviews.planning.dashboard import (
    AT_RISK_DAYS,
    AttentionReason,
    needs_attention,
    open_reviews,
)
from reviews.rating.models import Review
from reviews.reports.models import Report, SignOff
from sites.models import Region, RegionPolicy, Site
from sites.permissions import scope_of
from sites.selectors import reviewers_still_eligible

# A report is news on its site leader's home page for this long after it is signed.
NEW_REPORT_DAYS = 60
# The coordinator's list shows this many steps; the planning page has them all.
COORDINATOR_STEPS = 8


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    when: date | None = None
    late: bool = False
    detail: str = ""


def next_steps(user: User, today: date) -> list[NextStep]:
    """Everything that waits for this person, late first, then by date."""
    scope = scope_of(user)
    steps: list[NextStep] = []
    if scope.led_sites:
        steps += leader_steps(Site.objects.filter(pk__in=scope.led_sites, active=True), today)
    if scope.reviewer_regions:
        steps += reviewer_steps(user, today)
    if scope.national_admin or scope.coordinated_regions:
        regions = (
            Region.objects.all()
            if scope.national_admin
            else Region.objects.filter(pk__in=scope.coordinated_regions)
        )
        # The same data as the planning boards: kept as long as theirs is.
        steps += freshness.cached_board(
            (
                "coordinator-steps",
                "all" if scope.national_admin else sorted(scope.coordinated_regions),
                today,
                get_language(),
            ),
            lambda: coordinator_steps(regions, today),
        )
    return sorted(steps, key=lambda step: (not step.late, step.when or date.max))


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def leader_steps(sites: QuerySet[Site], today: date) -> list[NextStep]:
    steps = []
    for plan in site_plans(sites=sites, today=today):
        review = plan.review
        if review is None:
            continue
        report = (
            Report.objects.filter(review=review, status=Report.Status.SIGNED)
            .order_by("-version")
            .first()
        )
        signed = report.signed_at.date() if report and report.signed_at else None
        if report and signed and (today - signed).days <= NEW_REPORT_DAYS:
            steps.append(
                NextStep(
                    text=_("New report for %(site)s: download it") % {"site": plan.site.name},
                    url=reverse("reviews:report_download", args=[report.pk]),
                    when=signed,
                    detail=_("Signed %(day)s, version %(version)s")
                    % {"day": _day(signed), "version": report.version},
                )
            )
        plan_url = reverse("reviews:action_plan", args=[review.pk])
        if plan.state == timing.NO_PLAN and plan.due_on:
            steps.append(
                NextStep(
                    text=_("Write the action plan for %(site)s") % {"site": plan.site.name},
                    url=plan_url,
                    when=plan.due_on,
                    late=plan.due_on < today,
                    detail=_("Due %(day)s") % {"day": _day(plan.due_on)},
                )
            )
        elif plan.overdue:
            steps.append(
                NextStep(
                    text=ngettext(
                        "%(count)s action of %(site)s's plan is overdue",
                        "%(count)s actions of %(site)s's plan are overdue",
                        len(plan.overdue),
                    )
                    % {"count": len(plan.overdue), "site": plan.site.name},
                    url=plan_url,
                    when=min(action.due_on for action in plan.overdue),
                    late=True,
                )
            )
    open_ones = (
        Review.objects.filter(site__in=sites, status__in=states.OPEN)
        .select_related("site")
        .order_by("visit_start", "due_by")
    )
    for review in open_ones:
        if review.kind == Review.Kind.SELF_ASSESSMENT:
            steps.append(
                NextStep(
                    text=_("Go on with the self-assessment of %(site)s")
                    % {"site": review.site.name},
                    url=reverse("reviews:self_assessment", args=[review.pk]),
                    when=review.due_by,
                )
            )
        elif review.visit_start and review.visit_start >= today:
            has_data = hasattr(review, "previsit")
            steps.append(
                NextStep(
                    text=_("Visit of the reviewers to %(site)s") % {"site": review.site.name},
                    url=reverse(
                        "reviews:review_detail" if has_data else "reviews:previsit",
                        args=[review.pk],
                    ),
                    when=review.visit_start,
                    detail=_day(review.visit_start)
                    + ("" if has_data else " · " + _("send the pre-visit data before it")),
                )
            )
    return steps


def reviewer_steps(user: User, today: date) -> list[NextStep]:
    reviews = (
        Review.objects.filter(Q(reviewer_a=user) | Q(reviewer_b=user), status__in=states.OPEN)
        .select_related("site", "site__region", "scale", "reviewer_a", "reviewer_b")
        .annotate(scored=Count("ratings", filter=Q(ratings__reviewer=user, ratings__score__gt=0)))
        .order_by("visit_start")
    )
    signed = set(SignOff.objects.filter(review__in=reviews).values_list("review_id", "reviewer_id"))
    policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    steps = []
    for review in reviews:
        co = review.co_reviewer(user)
        site = review.site.name
        step = _reviewer_step(review, user, co, site, today, signed, policies)
        if step is not None:
            steps.append(step)
    return steps


def _reviewer_step(
    review: Review,
    user: User,
    co: User | None,
    site: str,
    today: date,
    signed: set[tuple[int, int]],
    policies: dict[int, RegionPolicy],
) -> NextStep | None:
    args = [review.pk]
    co_name = str(co) if co else _("no co-reviewer yet")
    upcoming = review.visit_start is not None and review.visit_start > today
    if review.status in states.BEING_PLANNED and upcoming:
        return NextStep(
            text=_("Visit %(site)s") % {"site": site},
            url=reverse("reviews:review_detail", args=args),
            when=review.visit_start,
            detail=_("with %(name)s") % {"name": co_name},
        )
    if review.status in (Review.Status.SCHEDULED, Review.Status.RATING):
        mine = review.submitted_a_at if user.pk == review.reviewer_a_id else review.submitted_b_at
        theirs = review.submitted_b_at if user.pk == review.reviewer_a_id else review.submitted_a_at
        if review.visit_start is None or upcoming:
            return None
        if mine is None:
            return NextStep(
                text=_("Rate %(site)s") % {"site": site},
                url=reverse("reviews:rating", args=args),
                when=review.visit_end,
                detail=_("%(scored)s of %(items)s scored · %(name)s: %(state)s")
                % {
                    "scored": review.scored,  # type: ignore[attr-defined]
                    "items": review.scale.item_count,
                    "name": co_name,
                    "state": _("submitted") if theirs else _("not submitted yet"),
                },
            )
        return NextStep(
            text=_("Waiting for %(name)s to submit the ratings of %(site)s")
            % {"name": co_name, "site": site},
            url=reverse("reviews:review_detail", args=args),
            when=review.visit_end,
        )
    due = _report_due(review, policies)
    if review.status == Review.Status.CONSENSUS:
        confirm = review.consensus_marked_by_id not in (None, user.pk)
        return NextStep(
            text=(
                _("Confirm the consensus of %(site)s")
                if confirm
                else _("Agree the consensus of %(site)s")
            )
            % {"site": site},
            url=reverse("reviews:consensus", args=args),
            when=due,
            late=bool(due and due < today),
            detail=_("with %(name)s") % {"name": co_name},
        )
    if review.status == Review.Status.REPORT:
        if review.ready_for_signoff_at is None:
            return NextStep(
                text=_("Write the report text of %(site)s") % {"site": site},
                url=reverse("reviews:report", args=args),
                when=due,
                late=bool(due and due < today),
                detail=_("with %(name)s") % {"name": co_name},
            )
        co_signed = co is not None and (review.pk, co.pk) in signed
        if (review.pk, user.pk) not in signed:
            return NextStep(
                text=_("Sign off the report of %(site)s") % {"site": site},
                url=reverse("reviews:report_signoff", args=args),
                when=due,
                late=bool(due and due < today),
                detail=_("%(name)s: %(state)s")
                % {
                    "name": co_name,
                    "state": _("signed off") if co_signed else _("not signed off yet"),
                },
            )
        return NextStep(
            text=_("Waiting for %(name)s to sign off the report of %(site)s")
            % {"name": co_name, "site": site},
            url=reverse("reviews:report", args=args),
            when=due,
        )
    return None


def _report_due(review: Review, policies: dict[int, RegionPolicy]) -> date | None:
    if review.visit_end is None:
        return None
    policy = policies.get(review.site.region_id) or RegionPolicy()
    return review.visit_end + timedelta(days=policy.report_due_days)


def _attention_candidates(
    regions: QuerySet[Region], today: date
) -> tuple[list[Review], set[tuple[int, int]]]:
    """The open reviews that may need attention, and the assignments still standing.

    The head of the list the planning page gives (reviewer left, then late, then at
    risk, each by due date), read without building every open review of the
    country: assignments as plain rows first, then at most the first few of each
    kind, which is all the home page shows.
    """
    reviews = open_reviews(regions)
    rows = list(reviews.values_list("pk", "reviewer_a_id", "reviewer_b_id", "site__region_id"))
    assigned = {pk: {(r, region) for r in (a, b) if r is not None} for pk, a, b, region in rows}
    eligible = reviewers_still_eligible(set().union(*assigned.values()))
    left = [pk for pk, pairs in assigned.items() if pairs - eligible]
    soon = today + timedelta(days=AT_RISK_DAYS)
    rest = reviews.exclude(pk__in=left)
    at_risk = Q(status=Review.Status.PLANNED, due_by__lte=soon) | Q(visit_start__gt=F("due_by"))
    heads = (
        reviews.filter(pk__in=left),
        rest.filter(due_by__lt=today),
        rest.filter(at_risk, due_by__gte=today),
    )
    candidates = [review for head in heads for review in head[:COORDINATOR_STEPS]]
    candidates.sort(key=lambda review: review.due_by)
    return candidates, eligible


def coordinator_steps(regions: QuerySet[Region], today: date) -> list[NextStep]:
    reviews, eligible = _attention_candidates(regions, today)
    steps = [
        NextStep(
            text=f"{attention.review.site.name}: {attention.reason.label}",
            url=reverse("reviews:review_detail", args=[attention.review.pk]),
            when=attention.review.due_by,
            late=attention.reason in (AttentionReason.OVERDUE, AttentionReason.REVIEWER_LEFT),
        )
        for attention in needs_attention(reviews, today, eligible)
    ]
    failed = Report.objects.filter(
        status=Report.Status.FAILED, review__site__region__in=regions
    ).select_related("review__site")
    steps += [
        NextStep(
            text=_("The report of %(site)s could not be made: retry it")
            % {"site": report.review.site.name},
            url=reverse("reviews:report", args=[report.review_id]),
            late=True,
        )
        for report in failed
    ]
    return steps[:COORDINATOR_STEPS]
