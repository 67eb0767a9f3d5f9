"""A focused plan and owners without a login: the plan starts with at most five items
ticked and empty goals; an action's owner may be reminded by mail, and stop it."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from reviews.followup import owner_reminders, selectors, services
from reviews.followup.models import ActionPlan, OwnerReminder, PlanAction
from reviews.planning.reminders import send_due_reminders
from reviews.rating.models import ConsensusScore
from reviews.rating.services import WorkflowError
from tests.reviews.followup.helpers import at, published_review

pytestmark = pytest.mark.django_db

DUE = date(2026, 6, 1)


@pytest.fixture
def review(site, reviewer_a, reviewer_b):
    return published_review(
        site, reviewer_a, reviewer_b, visit=date(2026, 2, 1), signed_at=at(date(2026, 3, 2))
    )


def plan_with_owner(review, site_leader, **fields):
    values = {"goal": "Caseload at 20", "actions": "", "owner": "Kari Nordmann", "due_on": DUE}
    values["owner_email"] = "kari@kommune.example"
    values.update(fields)
    plan = services.action_plan_create(
        actor=site_leader, review=review, actions=[services.ActionDraft(item_number=1, **values)]
    )
    return plan.actions.get()


def test_the_plan_starts_with_five_ticked_and_empty_goals_with_the_next_step_as_hint(
    english_client, review, site_leader
):
    english_client.force_login(site_leader)
    response = english_client.get(reverse("reviews:action_plan", args=[review.pk]))
    forms = response.context["formset"].forms
    assert len(forms) == 19
    assert [form.initial["include"] for form in forms].count(True) == 5
    assert all(form.initial["include"] for form in forms[:5])
    assert all(form.initial["goal"] == "" for form in forms)
    proposals = selectors.plan_proposals(review)
    first = forms[0].fields["goal"].widget.attrs["placeholder"]
    assert first == proposals[0].next_step and first
    page = response.content.decode()
    assert "The reviewers recommend" in page and "Improve item 1" in page


def test_the_reviewers_priorities_come_first(review):
    ConsensusScore.objects.filter(review=review).update(priority=None)
    ConsensusScore.objects.filter(review=review, item__number=12).update(priority=1)
    assert [p.item.number for p in selectors.plan_proposals(review)[:2]] == [12, 1]


def test_a_leader_ticks_more_than_five(client, review, site_leader):
    client.force_login(site_leader)
    numbers = [p.item.number for p in selectors.plan_proposals(review)][:7]
    data = {"items-TOTAL_FORMS": "7", "items-INITIAL_FORMS": "7"}
    for index, number in enumerate(numbers):
        data |= {
            f"items-{index}-include": "on",
            f"items-{index}-item_number": str(number),
            f"items-{index}-goal": f"Goal {number}",
            f"items-{index}-due_on": "2026-05-01",
        }
    assert client.post(reverse("reviews:action_plan", args=[review.pk]), data).status_code == 302
    assert PlanAction.objects.count() == 7


@pytest.mark.parametrize("where", ["page", "service"])
def test_an_address_without_the_owners_name_is_refused_and_nothing_is_saved(
    english_client, review, site_leader, where
):
    if where == "service":
        with translation.override("en"), pytest.raises(WorkflowError, match="owner's name"):
            plan_with_owner(review, site_leader, owner="")
    else:
        english_client.force_login(site_leader)
        data = {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-include": "on",
            "items-0-item_number": "1",
            "items-0-goal": "Caseload at 20",
            "items-0-owner_email": "kari@kommune.example",
            "items-0-due_on": "2026-05-01",
        }
        response = english_client.post(reverse("reviews:action_plan", args=[review.pk]), data)
        assert response.status_code == 400
        assert "Give the owner&#x27;s name with the e-mail address." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_a_bad_address_is_refused(english_client, review, site_leader):
    action = plan_with_owner(review, site_leader)
    english_client.force_login(site_leader)
    prefix = f"action-{action.pk}"
    english_client.post(
        reverse("reviews:action_save", args=[action.pk]),
        {
            f"{prefix}-goal": "Caseload at 20",
            f"{prefix}-owner": "Kari",
            f"{prefix}-owner_email": "kari at kommune",
            f"{prefix}-due_on": "2026-06-15",
            f"{prefix}-status": "in_progress",
        },
    )
    action.refresh_from_db()
    assert action.owner_email == "kari@kommune.example" and action.status == "not_started"


def test_the_owner_is_reminded_a_week_ahead_and_once_it_passed_each_once(
    review, site_leader, site, django_capture_on_commit_callbacks
):
    site.report_language = "nn"
    site.save()
    plan_with_owner(review, site_leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_reminders.send_owner_reminders(date(2026, 5, 24)) == 0  # 8 days ahead
        assert owner_reminders.send_owner_reminders(date(2026, 5, 25)) == 1
        assert owner_reminders.send_owner_reminders(date(2026, 5, 30)) == 0
        assert owner_reminders.send_owner_reminders(date(2026, 6, 1)) == 0  # due today
        assert owner_reminders.send_owner_reminders(date(2026, 6, 2)) == 1
        assert owner_reminders.send_owner_reminders(date(2026, 6, 20)) == 0
    soon, overdue = mail.outbox
    assert soon.to == ["kari@kommune.example"] and overdue.to == ["kari@kommune.example"]
    # In the site's written standard (Nynorsk here), with the owner's own stop link.
    assert "Hei Kari Nordmann" in soon.body and "IPS Tromsø" in soon.subject
    assert "/reviews/action-plan/owner-reminders/" in soon.body
    assert OwnerReminder.objects.count() == 2


def test_a_new_due_date_is_reminded_afresh_and_a_done_action_not_at_all(
    review, site_leader, django_capture_on_commit_callbacks
):
    action = plan_with_owner(review, site_leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_reminders.send_owner_reminders(date(2026, 6, 2)) == 1
        moved = dict(goal=action.goal, actions="", owner=action.owner, notes="")
        services.plan_action_save(
            actor=site_leader,
            action=action,
            **moved,
            owner_email=action.owner_email,
            due_on=date(2026, 7, 1),
            status="in_progress",
        )
        assert owner_reminders.send_owner_reminders(date(2026, 7, 2)) == 1
        services.plan_action_save(
            actor=site_leader,
            action=action,
            **moved,
            owner_email=action.owner_email,
            due_on=date(2026, 8, 1),
            status="done",
        )
        assert owner_reminders.send_owner_reminders(date(2026, 8, 2)) == 0
    action.refresh_from_db()
    assert action.owner_email == ""  # kept only for the reminders
    assert len(mail.outbox) == 2


def test_the_daily_reminder_run_includes_the_owners(
    review, site_leader, django_capture_on_commit_callbacks
):
    plan_with_owner(review, site_leader)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(today=date(2026, 5, 26))
    assert "kari@kommune.example" in [address for m in mail.outbox for address in m.to]


def test_the_owner_stops_the_reminders_from_the_link(
    client, review, site_leader, django_capture_on_commit_callbacks
):
    action = plan_with_owner(review, site_leader)
    url = reverse("reviews:owner_reminders_stop", args=[owner_reminders.stop_token(action)])
    asked = client.get(url)  # a mail scanner opening the link stops nothing
    assert asked.status_code == 200 and b"<form" in asked.content
    action.refresh_from_db()
    assert not action.owner_reminders_off
    assert client.post(url).status_code == 200
    action.refresh_from_db()
    assert action.owner_reminders_off
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_reminders.send_owner_reminders(date(2026, 6, 2)) == 0
    assert mail.outbox == []


def test_a_stop_link_for_an_earlier_owner_or_a_forged_one_changes_nothing(
    client, review, site_leader
):
    action = plan_with_owner(review, site_leader)
    earlier = owner_reminders.stop_token(action)
    PlanAction.objects.filter(pk=action.pk).update(owner_email="ola@kommune.example")
    response = client.post(reverse("reviews:owner_reminders_stop", args=[earlier]))
    assert response.status_code == 200 and response.context["state"] == "gone"
    forged = earlier[:-3] + ("aaa" if not earlier.endswith("aaa") else "bbb")
    response = client.post(reverse("reviews:owner_reminders_stop", args=[forged]))
    assert response.status_code == 404
    action.refresh_from_db()
    assert not action.owner_reminders_off


def test_a_new_address_starts_with_the_reminders_on(review, site_leader):
    action = plan_with_owner(review, site_leader)
    PlanAction.objects.filter(pk=action.pk).update(owner_reminders_off=True)
    action.refresh_from_db()
    fields = dict(goal=action.goal, actions="", owner="Ola", due_on=DUE, status="in_progress")
    services.plan_action_save(
        actor=site_leader, action=action, **fields, notes="", owner_email="KARI@kommune.example"
    )
    action.refresh_from_db()
    assert action.owner_reminders_off  # the same address, written otherwise
    services.plan_action_save(
        actor=site_leader, action=action, **fields, notes="", owner_email="ola@kommune.example"
    )
    action.refresh_from_db()
    assert not action.owner_reminders_off
