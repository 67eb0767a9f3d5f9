"""Planning and scheduling a review through the pages (reviews/planning/views.py)."""

from datetime import date

import pytest
from django.urls import reverse

from tests.reviews.rating import test_views as rating_views

pytestmark = pytest.mark.django_db

# The scheduled review of the rating pages' tests, a fixture shared rather than copied.
review = rating_views.review


def test_the_coordinator_plans_and_schedules_through_the_pages(
    client, coordinator, site, reviewer_a, reviewer_b, mailoutbox
):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review_create"),
        {"site": site.pk, "kind": "external", "due_from": "2027-01-01", "due_by": "2027-03-01"},
    )
    assert response.status_code == 302
    review = site.reviews.get()
    response = client.post(
        reverse("reviews:review_schedule", args=[review.pk]),
        {
            "visit_start": "2027-01-20",
            "visit_end": "2027-01-21",
            "reviewer_a": reviewer_a.pk,
            "reviewer_b": reviewer_b.pk,
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "scheduled"


def test_planning_a_review_of_a_site_out_of_scope_is_refused(client, coordinator, site, other_site):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:review_create"),
        {
            "site": other_site.pk,
            "kind": "external",
            "due_from": "2027-01-01",
            "due_by": "2027-03-01",
        },
    )
    assert response.status_code == 400
    assert not other_site.reviews.exists()


def test_a_reviewer_cannot_open_the_schedule_page(client, review, reviewer_a):
    client.force_login(reviewer_a)
    assert client.get(reverse("reviews:review_schedule", args=[review.pk])).status_code == 404


def test_a_site_leader_cannot_open_the_planning_page(client, site_leader):
    client.force_login(site_leader)
    assert client.get(reverse("reviews:review_create")).status_code == 404


def test_the_planning_page_offers_only_the_coordinators_sites(
    client, coordinator, site, other_site
):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:review_create"))
    assert list(response.context["form"].fields["site"].queryset) == [site]


def test_the_schedule_page_shows_both_clashes_and_each_reviewers_load_before_saving(
    english_client, coordinator, planned, reviewer_a, reviewer_b
):
    from sites.models import ReviewerLeave

    for reviewer in (reviewer_a, reviewer_b):
        ReviewerLeave.objects.create(
            reviewer=reviewer, first_day=date(2027, 1, 19), last_day=date(2027, 1, 25)
        )
    english_client.force_login(coordinator)
    url = reverse("reviews:review_schedule", args=[planned.pk])
    chosen = {
        "visit_start": "2027-01-20",
        "visit_end": "2027-01-21",
        "reviewer_a": reviewer_a.pk,
        "reviewer_b": reviewer_b.pk,
        "override_reason": "x",
    }
    response = english_client.post(url, {**chosen, "check": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anne Evaluator is on leave from 19/01/2027 to 25/01/2027" in page
    assert "Bjørn Evaluator is on leave from 19/01/2027 to 25/01/2027" in page
    assert "Anne Evaluator – 0 open of 6 a year · on leave over the visit" in page
    planned.refresh_from_db()
    assert planned.status == "planned"  # a check saves nothing
    # Other days: both free, and the page says so.
    page = english_client.post(
        url, {**chosen, "visit_start": "2027-02-02", "visit_end": "2027-02-02", "check": "1"}
    ).content.decode()
    assert "Both reviewers are free on these days." in page
