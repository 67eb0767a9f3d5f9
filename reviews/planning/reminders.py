"""Reminder e-mails, each sent exactly once.

A reminder is first recorded, then mailed after commit. The unique
constraint on (review, kind, days, item number, recipient) means a second
run, or two runs at once, cannot send the same reminder again.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from reviews import states
from reviews.followup import owner_reminders, timing
from reviews.followup.models import ActionPlan, PlanAction
from reviews.planning import notifications
from reviews.planning.models import Reminder
from reviews.rating.models import Review
from reviews.reports.models import Report
from sites.models import Membership, RegionPolicy, Role

DEFAULT_REMINDER_DAYS = [30, 7]
DEFAULT_REPORT_DUE_DAYS = 28
# The site leaders hear of their action plan a week before it is due; a plan
# missing a month after its day is the coordinator's to chase, not the mail's.
PLAN_REMINDER_DAYS = 7
PLAN_REMINDER_UNTIL_DAYS = 28


@dataclass(frozen=True)
class Due:
    review: Review
    kind: str
    days: int
    recipient_ids: tuple[int, ...]
    item_number: int = 0


def send_due_reminders(*, today: date | None = None) -> int:
    """Send every reminder that is due and was not sent before (to people with a login,
    and to actions' owners by the address the plan gives); return how many went out."""
    today = today or timezone.localdate()
    policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    due = [
        *_visits_soon(today, policies),
        *_reports_overdue(today, policies),
        *_due_passed(today),
        *_plans_due(today, policies),
        *_actions_overdue(today),
    ]
    already = set(
        Reminder.objects.filter(review__in=[d.review.pk for d in due]).values_list(
            "review_id", "kind", "days", "item_number", "recipient_id"
        )
    )
    sent = owner_reminders.send_owner_reminders(today)
    for item in due:
        for recipient_id in item.recipient_ids:
            if (item.review.pk, item.kind, item.days, item.item_number, recipient_id) in already:
                continue
            sent += _send_once(item, recipient_id)
    return sent


def _send_once(item: Due, recipient_id: int) -> int:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                review=item.review,
                kind=item.kind,
                days=item.days,
                item_number=item.item_number,
                recipient_id=recipient_id,
            )
            notifications.reminder(reminder=reminder)
    except IntegrityError:  # a parallel run sent it a moment ago
        return 0
    return 1


def _visits_soon(today: date, policies: dict) -> list[Due]:
    horizon = max(
        [*DEFAULT_REMINDER_DAYS, *(d for p in policies.values() for d in p.reminder_day_list)]
    )
    reviews = list(
        # A self-assessment has no visit to remind anyone of, no report, no reviewers.
        Review.objects.filter(
            kind=Review.Kind.EXTERNAL,
            status__in=states.IN_RATING,
            visit_start__gte=today,
            visit_start__lte=today + timedelta(days=horizon),
        ).select_related("site__region")
    )
    leaders = _site_leaders({r.site_id for r in reviews})
    result = []
    for review in reviews:
        policy = policies.get(review.site.region_id)
        days = policy.reminder_day_list if policy else DEFAULT_REMINDER_DAYS
        if review.visit_start is None:
            continue
        days_left = (review.visit_start - today).days
        # Only the nearest reminder that applies: a visit set up 5 days ahead
        # gets the 7-day reminder, not the 30-day one as well.
        applicable = [d for d in days if days_left <= d]
        if not applicable:
            continue
        recipients = (review.reviewer_a_id, review.reviewer_b_id, *leaders.get(review.site_id, ()))
        result.append(Due(review, Reminder.Kind.VISIT_SOON, min(applicable), _present(recipients)))
    return result


def _reports_overdue(today: date, policies: dict) -> list[Due]:
    reviews = Review.objects.filter(
        kind=Review.Kind.EXTERNAL,
        status__in=[Review.Status.RATING, Review.Status.CONSENSUS, Review.Status.REPORT],
        visit_end__isnull=False,
    ).select_related("site__region")
    result = []
    for review in reviews:
        policy = policies.get(review.site.region_id)
        due_days = policy.report_due_days if policy else DEFAULT_REPORT_DUE_DAYS
        if review.visit_end and review.visit_end + timedelta(days=due_days) < today:
            result.append(
                Due(
                    review,
                    Reminder.Kind.REPORT_OVERDUE,
                    due_days,
                    _present((review.reviewer_a_id, review.reviewer_b_id)),
                )
            )
    return result


def _due_passed(today: date) -> list[Due]:
    reviews = list(
        Review.objects.filter(
            kind=Review.Kind.EXTERNAL, status__in=states.BEFORE_SIGNING, due_by__lt=today
        ).select_related("site")
    )
    coordinators: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        role=Role.COORDINATOR, region_id__in={r.site.region_id for r in reviews}
    ).values_list("region_id", "user_id")
    for region_id, user_id in rows:
        coordinators[region_id].append(user_id)
    return [
        Due(
            review,
            Reminder.Kind.DUE_PASSED,
            0,
            _present(coordinators.get(review.site.region_id, ())),
        )
        for review in reviews
    ]


def _plans_due(today: date, policies: dict) -> list[Due]:
    """Published reviews without an action plan whose plan is due within a week."""
    published = dict(
        Report.objects.filter(
            review__status=Review.Status.PUBLISHED,
            review__kind=Review.Kind.EXTERNAL,
            review__imported_at__isnull=True,
            signed_at__isnull=False,
        )
        .exclude(review__in=ActionPlan.objects.values("review_id"))
        .values("review_id")
        .annotate(at=Min("signed_at"))
        .values_list("review_id", "at")
    )
    reviews = Review.objects.filter(pk__in=published).select_related("site")
    leaders = _site_leaders({r.site_id for r in reviews})
    result = []
    for review in reviews:
        policy = policies.get(review.site.region_id)
        weeks = policy.action_plan_weeks if policy else timing.DEFAULT_ACTION_PLAN_WEEKS
        due_on = timing.plan_due_on(timezone.localdate(published[review.pk]), weeks)
        days_left = (due_on - today).days
        if -PLAN_REMINDER_UNTIL_DAYS <= days_left <= PLAN_REMINDER_DAYS:
            recipients = _present(leaders.get(review.site_id, ()))
            result.append(Due(review, Reminder.Kind.PLAN_DUE, PLAN_REMINDER_DAYS, recipients))
    return result


def _actions_overdue(today: date) -> list[Due]:
    """Each action of a plan past its due date and not done: its site's leaders hear once."""
    actions = list(
        PlanAction.objects.filter(due_on__lt=today, plan__review__status=Review.Status.PUBLISHED)
        .exclude(status=PlanAction.Status.DONE)
        .select_related("plan__review__site", "item")
    )
    leaders = _site_leaders({a.plan.review.site_id for a in actions})
    return [
        Due(
            action.plan.review,
            Reminder.Kind.ACTION_OVERDUE,
            0,
            _present(leaders.get(action.plan.review.site_id, ())),
            item_number=action.item.number,
        )
        for action in actions
    ]


def _site_leaders(site_ids: set[int]) -> dict[int, list[int]]:
    leaders: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.SITE_LEADER, site_id__in=site_ids)
    for site_id, user_id in rows.values_list("site_id", "user_id"):
        leaders[site_id].append(user_id)
    return leaders


def _present(ids) -> tuple[int, ...]:
    return tuple(dict.fromkeys(i for i in ids if i is not None))
