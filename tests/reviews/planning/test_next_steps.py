"""What waits for each person leads their home page (reviews/planning/next_steps.py):
its words, its date and one link to where it is done."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.planning.next_steps import next_steps
from reviews.reports import services as report_services
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def published(site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks):
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    review.refresh_from_db()
    return review


def texts(user):
    return [step.text for step in next_steps(user, timezone.localdate())]


def test_a_site_leader_gets_the_new_report_itself_and_the_plan_it_asks_for(
    client, site_leader, published
):
    steps = next_steps(site_leader, timezone.localdate())
    report = published.reports.get()
    new, plan = steps[0], steps[1]
    assert new.text == f"New report for {published.site.name}: download it"
    assert new.url == reverse("reviews:report_download", args=[report.pk])  # one click
    assert plan.text == f"Write the action plan for {published.site.name}"
    assert plan.url == reverse("reviews:action_plan", args=[published.pk])
    assert plan.when == timezone.localdate() + timedelta(weeks=6) and not plan.late
    # On the home page, first, and the link gives the PDF.
    site_leader.language = "en"
    site_leader.save()
    client.force_login(site_leader)
    page = client.get(reverse("home")).content.decode()
    assert page.index("What waits for you") < page.index("My site")
    response = client.get(new.url)
    assert response["Content-Type"] == "application/pdf"


def test_a_reviewer_is_asked_to_sign_off_with_the_co_reviewers_state(site, reviewer_a, reviewer_b):
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    report_services.report_sign_off(actor=reviewer_b, review=review)
    (step,) = next_steps(reviewer_a, timezone.localdate())
    assert step.text == f"Sign off the report of {site.name}"
    assert step.url == reverse("reviews:report_signoff", args=[review.pk])
    assert step.detail == "Bjørn Evaluator: signed off"
    (waiting,) = next_steps(reviewer_b, timezone.localdate())
    assert waiting.text == f"Waiting for Anne Evaluator to sign off the report of {site.name}"


def test_a_reviewer_is_asked_to_rate_once_the_visit_has_begun(site, reviewer_a, reviewer_b):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_b, 3, submit=True)
    (step,) = next_steps(reviewer_a, timezone.localdate())
    assert step.text == f"Rate {site.name}"
    assert step.detail == "0 of 25 scored · Bjørn Evaluator: submitted"


def test_a_reviewer_sees_the_coming_visit_with_whom(site, reviewer_a, reviewer_b):
    today = timezone.localdate()
    factories.scheduled_review(
        site,
        reviewer_a,
        reviewer_b,
        visit_start=today + timedelta(days=3),
        visit_end=today + timedelta(days=4),
    )
    (step,) = next_steps(reviewer_a, today)
    assert step.text == f"Visit {site.name}" and step.detail == "with Bjørn Evaluator"
    assert step.when == today + timedelta(days=3)


def test_a_coordinator_sees_what_is_late_first(coordinator, site, scale):
    today = timezone.localdate()
    factories.ReviewFactory(
        site=site,
        scale=scale,
        due_from=today - timedelta(days=60),
        due_by=today - timedelta(days=3),
    )
    (step,) = next_steps(coordinator, today)
    assert step.late and step.text == f"{site.name}: past its due window"


def test_nobody_sees_another_regions_or_sites_steps(
    other_region, site_leader, published, other_site
):
    assert texts(factories.coordinator(other_region)) == []
    assert all(published.site.name in text for text in texts(site_leader))


def test_the_coordinators_steps_are_the_head_of_the_planning_pages_list(coordinator, region):
    """Read a few rows of each kind, not every open review: the same first steps."""
    from reviews.planning import dashboard
    from reviews.planning.next_steps import COORDINATOR_STEPS, coordinator_steps
    from sites.models import Region

    today = timezone.localdate()
    for days in range(12):  # late, the latest first in the list by due date
        factories.ReviewFactory(
            site=factories.SiteFactory(region=region),
            due_from=today - timedelta(days=90),
            due_by=today - timedelta(days=days + 1),
        )
    for days in range(4):  # at risk: planned, due within the at-risk days
        factories.ReviewFactory(
            site=factories.SiteFactory(region=region),
            due_from=today,
            due_by=today + timedelta(days=days + 3),
        )
    regions = Region.objects.filter(pk=region.pk)
    reviews = list(dashboard.open_reviews(regions))
    everything = dashboard.needs_attention(reviews, today, dashboard._still_eligible(reviews))
    steps = coordinator_steps(regions, today)
    assert len(steps) == COORDINATOR_STEPS
    assert [s.url for s in steps] == [
        reverse("reviews:review_detail", args=[a.review.pk]) for a in everything[:COORDINATOR_STEPS]
    ]
