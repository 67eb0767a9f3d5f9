"""At the next review of the site: the previous score, recommendation and action status per
item on the rating and pre-visit pages. The report's follow-up section is tested with
reports (tests/reviews/reports/test_follow_up_section.py)."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.followup import services
from reviews.rating.selectors import previous_follow_up
from tests import factories
from tests.reviews.followup.helpers import at, published_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(site, reviewer_a, reviewer_b, site_leader):
    review = published_review(
        site, reviewer_a, reviewer_b, visit=date(2026, 2, 1), signed_at=at(date(2026, 3, 2))
    )
    plan = services.action_plan_create(
        actor=site_leader,
        review=review,
        actions=[services.ActionDraft(1, "Caseload at 20", "", "", date(2026, 6, 1))],
    )
    plan.actions.update(status="in_progress")
    return review


@pytest.fixture
def next_review(earlier, site, reviewer_a, reviewer_b):
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


def test_the_previous_review_is_read_per_item(earlier, next_review):
    previous = previous_follow_up(next_review)
    assert previous.review == earlier
    first, third = previous.items[1], previous.items[3]
    assert (first.score, first.recommendation, first.action_status) == (
        2,
        "Improve item 1",
        "in_progress",
    )
    assert third.action_status == ""  # not taken into the plan
    assert previous_follow_up(earlier) is None


def test_the_rating_page_shows_it_and_asks_for_no_lower_score(client, next_review, reviewer_a):
    reviewer_a.language = "en"  # the reader's own language wins
    reviewer_a.save()
    client.force_login(reviewer_a)
    page = client.get(reverse("reviews:rating", args=[next_review.pk])).content.decode()
    assert "Improve item 1" in page
    assert "Previous review: score 2" in page
    assert "is no reason for a lower score" in page
    assert "lower the score" not in page


def test_the_previsit_page_shows_it(client, next_review, site_leader):
    client.force_login(site_leader)
    page = client.get(reverse("reviews:previsit", args=[next_review.pk])).content.decode()
    assert "Improve item 1" in page
