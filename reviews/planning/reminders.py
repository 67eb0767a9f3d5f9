"""Reminder e-mails, each sent exactly once.

A reminder is first recorded, then mailed after commit. The unique
constraint on (review, kind, days, recipient) means a second run, or two
runs at once, cannot send the same reminder again.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.planning import notifications
from reviews.planning.models import Reminder
from reviews.rating.models import Review
from sites.models import Membership, RegionPolicy, Role

BEFORE_SIGNING = ["planned", "scheduled", "rating", "consensus", "report"]
DEFAULT_REMINDER_DAYS = [30, 7]
DEFAULT_REPORT_DUE_DAYS = 28


@dataclass(frozen=True)
class Due:
    review: Review
    kind: str
    days: int
    recipient_ids: tuple[int, ...]


def send_due_reminders(*, today: date | None = None) -> int:
    """Send every reminder that is due and was not sent before; return how many went out."""
    today = today or timezone.localdate()
    policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    due = [*_visits_soon(today, policies), *_reports_overdue(today, policies), *_due_passed(today)]
    already = set(
        Reminder.objects.filter(review__in=[d.review.pk for d in due]).values_list(
            "review_id", "kind", "days", "recipient_id"
        )
    )
    sent = 0
    for item in due:
        for recipient_id in item.recipient_ids:
            if (item.review.pk, item.kind, item.days, recipient_id) in already:
                continue
            sent += _send_once(item, recipient_id)
    return sent


def _send_once(item: Due, recipient_id: int) -> int:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                review=item.review, kind=item.kind, days=item.days, recipient_id=recipient_id
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
            status__in=["scheduled", "rating"],
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
        status__in=["rating", "consensus", "report"],
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
            kind=Review.Kind.EXTERNAL, status__in=BEFORE_SIGNING, due_by__lt=today
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


def _site_leaders(site_ids: set[int]) -> dict[int, list[int]]:
    leaders: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.SITE_LEADER, site_id__in=site_ids)
    for site_id, user_id in rows.values_list("site_id", "user_id"):
        leaders[site_id].append(user_id)
    return leaders


def _present(ids) -> tuple[int, ...]:
    return tuple(dict.fromkeys(i for i in ids if i is not None))
