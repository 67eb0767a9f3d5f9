"""Reminders of the follow-up at fixed dates: the plan is due, an action is overdue; each once."""

from datetime import date, timedelta

import pytest
from django.core import mail

from reviews.followup import services
from reviews.planning import reminders
from reviews.planning.models import Reminder
from tests.reviews.followup.helpers import at, published_review

pytestmark = pytest.mark.django_db

PUBLISHED = date(2026, 3, 2)
PLAN_DUE = date(2026, 4, 13)


@pytest.fixture
def review(site, reviewer_a, reviewer_b):
    return published_review(
        site, reviewer_a, reviewer_b, visit=date(2026, 2, 1), signed_at=at(PUBLISHED)
    )


def run(day, capture):
    with capture(execute=True):
        return reminders.send_due_reminders(today=day)


def test_the_plan_due_reminder_goes_to_the_site_leaders_once(
    review, site_leader, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert run(PLAN_DUE - timedelta(days=8), capture) == 0
    assert run(PLAN_DUE - timedelta(days=7), capture) == 1
    assert run(PLAN_DUE - timedelta(days=6), capture) == 0
    assert run(PLAN_DUE + timedelta(days=3), capture) == 0
    assert [m.to for m in mail.outbox] == [[site_leader.email]]
    assert f"/reviews/{review.pk}/action-plan/" in mail.outbox[0].body
    assert Reminder.objects.get().kind == Reminder.Kind.PLAN_DUE


def test_no_plan_due_reminder_once_the_plan_is_written(
    review, site_leader, django_capture_on_commit_callbacks
):
    services.action_plan_create(
        actor=site_leader,
        review=review,
        actions=[services.ActionDraft(1, "Goal", "", "", date(2026, 6, 1))],
    )
    assert run(PLAN_DUE, django_capture_on_commit_callbacks) == 0


def test_each_overdue_action_is_reminded_of_once(
    review, site_leader, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    plan = services.action_plan_create(
        actor=site_leader,
        review=review,
        actions=[
            services.ActionDraft(1, "Goal 1", "", "", date(2026, 5, 1)),
            services.ActionDraft(3, "Goal 3", "", "", date(2026, 5, 20)),
        ],
    )
    assert run(date(2026, 5, 1), capture) == 0
    assert run(date(2026, 5, 2), capture) == 1
    assert run(date(2026, 5, 3), capture) == 0
    plan.actions.filter(item__number=3).update(status="done")
    assert run(date(2026, 6, 1), capture) == 0
    overdue = Reminder.objects.get(kind=Reminder.Kind.ACTION_OVERDUE)
    assert (overdue.item_number, overdue.recipient) == (1, site_leader)
    # In the leader's language (Bokmål): "punkt 1" once the catalogue has it.
    assert mail.outbox[-1].subject.endswith(" 1)")
