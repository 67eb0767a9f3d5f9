"""The action plan after a published review: written by the site's leader from the weakest
items, read and commented on by the review's reviewers and the region's coordinators."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from reviews.followup import selectors, services
from reviews.followup.models import ActionPlan, PlanAction
from reviews.rating.services import WorkflowError
from sites.models import RegionPolicy
from tests import factories
from tests.reviews.followup.helpers import at, published_review

pytestmark = pytest.mark.django_db

PUBLISHED = date(2026, 3, 2)


@pytest.fixture
def review(site, reviewer_a, reviewer_b):
    return published_review(
        site, reviewer_a, reviewer_b, visit=date(2026, 2, 1), signed_at=at(PUBLISHED)
    )


def draft(number, **fields):
    values = {
        "goal": f"Better item {number}",
        "actions": "",
        "owner": "Leader",
        "due_on": date(2026, 6, 1),
    }
    return services.ActionDraft(item_number=number, **{**values, **fields})


def test_the_plan_is_proposed_weakest_first_with_the_recommendations(review):
    proposals = selectors.plan_proposals(review)
    assert [p.item.number for p in proposals[:4]] == [1, 3, 2, 12]
    assert proposals[0].recommendation == "Improve item 1"
    assert all(p.score < 5 for p in proposals)
    assert len(proposals) == 19


def test_due_six_weeks_after_publication_or_as_the_region_says(review, region):
    assert selectors.plan_due_on(review) == date(2026, 4, 13)
    RegionPolicy.objects.create(region=region, action_plan_weeks=4)
    assert selectors.plan_due_on(review) == date(2026, 3, 30)


def test_the_site_leader_writes_the_plan_from_the_page(client, review, site_leader):
    client.force_login(site_leader)
    url = reverse("reviews:action_plan", args=[review.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Improve item 1" in page.content.decode()
    data = {"items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "2"}
    for index, number in enumerate([1, 3]):
        data |= {
            f"items-{index}-include": "on",
            f"items-{index}-item_number": str(number),
            f"items-{index}-goal": f"Goal {number}",
            f"items-{index}-actions": "Weekly meeting",
            f"items-{index}-owner": "Kari",
            f"items-{index}-due_on": "2026-05-01",
        }
    response = client.post(url, data)
    assert response.status_code == 302
    plan = ActionPlan.objects.get(review=review)
    assert [(a.item.number, a.goal, a.status) for a in plan.actions.all()] == [
        (1, "Goal 1", "not_started"),
        (3, "Goal 3", "not_started"),
    ]


def test_a_chosen_item_without_a_goal_is_refused_and_nothing_is_saved(
    english_client, review, site_leader
):
    client = english_client
    client.force_login(site_leader)
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-include": "on",
        "items-0-item_number": "1",
        "items-0-goal": "",
        "items-0-due_on": "2026-05-01",
    }
    response = client.post(reverse("reviews:action_plan", args=[review.pk]), data)
    assert response.status_code == 400
    assert "A chosen item needs a goal." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_only_the_site_leader_writes_and_only_once(review, site_leader, reviewer_a, coordinator):
    for person in (reviewer_a, coordinator):
        with pytest.raises(WorkflowError):
            services.action_plan_create(actor=person, review=review, actions=[draft(1)])
    services.action_plan_create(actor=site_leader, review=review, actions=[draft(1)])
    with (
        translation.override("en"),
        pytest.raises(WorkflowError, match="already has an action plan"),
    ):
        services.action_plan_create(actor=site_leader, review=review, actions=[draft(2)])
    assert PlanAction.objects.count() == 1


def test_no_plan_before_publication(site, reviewer_a, reviewer_b, site_leader):
    open_review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    with pytest.raises(WorkflowError):
        services.action_plan_create(actor=site_leader, review=open_review, actions=[draft(1)])


def test_the_leader_moves_an_action_along(client, review, site_leader):
    plan = services.action_plan_create(actor=site_leader, review=review, actions=[draft(1)])
    action = plan.actions.get()
    client.force_login(site_leader)
    prefix = f"action-{action.pk}"
    response = client.post(
        reverse("reviews:action_save", args=[action.pk]),
        {
            f"{prefix}-goal": "Caseload at 20",
            f"{prefix}-actions": "Hire one more ES",
            f"{prefix}-owner": "Kari",
            f"{prefix}-due_on": "2026-06-15",
            f"{prefix}-status": "in_progress",
            f"{prefix}-notes": "Budget approved",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.due_on, action.notes) == (
        "in_progress",
        date(2026, 6, 15),
        "Budget approved",
    )


def test_reviewers_and_coordinators_comment_others_cannot(
    client, review, site_leader, reviewer_a, coordinator
):
    services.action_plan_create(actor=site_leader, review=review, actions=[draft(1)])
    for person in (reviewer_a, coordinator):
        services.plan_comment_add(actor=person, review=review, text=f"Note from {person}")
    outsider = factories.reviewer(review.site.region, full_name="Una Unassigned")
    with pytest.raises(WorkflowError):
        services.plan_comment_add(actor=outsider, review=review, text="Hi")
    client.force_login(coordinator)
    page = client.get(reverse("reviews:action_plan", args=[review.pk])).content.decode()
    assert f"Note from {reviewer_a}" in page
    assert "Save item 1" not in page  # reads, does not write


def test_the_coordinator_sees_each_sites_plan_state(
    english_client, review, site_leader, coordinator, region
):
    client = english_client
    other = factories.SiteFactory(region=region, name="IPS Bodø")
    client.force_login(coordinator)
    url = reverse("sites:region_planning", args=[region.pk])
    rows = {
        r.site.pk: r
        for r in selectors.site_plans(sites=region.sites.all(), today=date(2026, 5, 10))
    }
    assert rows[review.site_id].state == "none"
    assert rows[other.pk].review is None
    services.action_plan_create(
        actor=site_leader,
        review=review,
        actions=[draft(1, due_on=date(2026, 5, 1)), draft(3, due_on=date(2026, 7, 1))],
    )
    rows = {
        r.site.pk: r
        for r in selectors.site_plans(sites=region.sites.all(), today=date(2026, 5, 10))
    }
    assert rows[review.site_id].state == "overdue"
    assert [a.item.number for a in rows[review.site_id].overdue] == [1]
    assert rows[review.site_id].due_on == date(2026, 4, 13)
    rows = {
        r.site.pk: r
        for r in selectors.site_plans(sites=region.sites.all(), today=date(2026, 4, 20))
    }
    assert rows[review.site_id].state == "on_track"
    page = client.get(url).content.decode()
    assert "Action plans after the latest review" in page


def test_the_review_site_and_report_pages_link_to_the_plan(client, review, reviewer_a):
    plan_url = reverse("reviews:action_plan", args=[review.pk])
    client.force_login(reviewer_a)
    for url in (
        reverse("reviews:review_detail", args=[review.pk]),
        reverse("reviews:report", args=[review.pk]),
        reverse("sites:site_detail", args=[review.site_id]),
    ):
        assert plan_url in client.get(url).content.decode(), url
