"""A deactivated site: sites marks it inactive and tells planning, which cancels its
planned reviews (sites writes no review itself: the reviews sit above it)."""

import pytest

from reviews.planning.services import on_site_deactivated
from reviews.rating.models import Review
from sites import site_services
from sites.signals import site_deactivated
from tests import factories

pytestmark = pytest.mark.django_db


def test_planning_cancels_the_planned_review_of_that_site_only(
    coordinator, site, scale, other_site
):
    planned = factories.ReviewFactory(site=site, scale=scale)
    elsewhere = factories.ReviewFactory(site=other_site, scale=scale)
    result = site_services.site_deactivate(actor=coordinator, site=site)
    assert (result.cancelled_reviews, result.open_reviews) == (1, 0)
    statuses = dict(Review.objects.values_list("pk", "status"))
    assert statuses[planned.pk] == Review.Status.CANCELLED
    assert statuses[elsewhere.pk] == Review.Status.PLANNED


def test_planning_counts_a_review_under_way_and_leaves_it(
    coordinator, site, reviewer_a, reviewer_b
):
    under_way = factories.scheduled_review(site, reviewer_a, reviewer_b)
    result = site_services.site_deactivate(actor=coordinator, site=site)
    assert (result.cancelled_reviews, result.open_reviews) == (0, 1)
    under_way.refresh_from_db()
    assert under_way.status == Review.Status.SCHEDULED


def test_without_planning_listening_sites_leaves_the_reviews_alone(coordinator, site, scale):
    planned = factories.ReviewFactory(site=site, scale=scale)
    assert site_deactivated.disconnect(dispatch_uid="reviews.planning")
    try:
        result = site_services.site_deactivate(actor=coordinator, site=site)
    finally:
        site_deactivated.connect(on_site_deactivated, dispatch_uid="reviews.planning")
    planned.refresh_from_db()
    assert planned.status == Review.Status.PLANNED
    assert (result.cancelled_reviews, result.open_reviews) == (0, 0)
    site.refresh_from_db()
    assert not site.active
