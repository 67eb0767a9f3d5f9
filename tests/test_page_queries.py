"""The main pages ask the database the same number of questions however much data there is.

Each page is loaded on a small data set, then again after more sites, teams and
reviews (open, overdue, coming up, published) are added in the same scope: a
count that grows is a query per row, which at national scale is thousands.
"""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.planning import calendar_feed
from reviews.rating.models import Review
from tests import factories

pytestmark = pytest.mark.django_db


def grow(region, reviewer_a, reviewer_b, scale, sites: int) -> None:
    """Add sites with a team, a published review and an open one (every other one late)."""
    today = date.today()
    for n in range(sites):
        site = factories.SiteFactory(region=region)
        factories.TeamFactory(site=site)
        factories.ReviewFactory(
            site=site,
            scale=scale,
            status=Review.Status.PUBLISHED,
            reviewer_a=reviewer_a,
            reviewer_b=reviewer_b,
            due_from=today - timedelta(days=400),
            visit_start=today - timedelta(days=380 - n),
            visit_end=today - timedelta(days=379 - n),
            submitted_a_at="2025-01-01T00:00Z",
            submitted_b_at="2025-01-01T00:00Z",
        )
        if n % 2:
            factories.ReviewFactory(site=site, scale=scale, due_from=today - timedelta(days=90 + n))
        else:
            factories.scheduled_review(site, reviewer_a, reviewer_b, scale=scale)


def count(client, url: str) -> int:
    cache.clear()  # the national figures are cached: count the uncached page each time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "who",
    ["national_admin", "coordinator", "reviewer_a", "site_leader"],
)
def test_page_queries_do_not_grow_with_the_data(
    client, request, who, region, site, scale, reviewer_a, reviewer_b
):
    user = request.getfixturevalue(who)
    factories.scheduled_review(site, reviewer_a, reviewer_b, scale=scale)
    client.force_login(user)
    urls = [
        reverse("home"),
        reverse("sites:site_list"),
        reverse("sites:site_detail", args=[site.pk]),
        reverse("reviews:review_list"),
        reverse("reviews:review_list") + "?show=overdue",
        reverse("reviews:review_list") + "?show=upcoming&q=ips",
        reverse("reviews:review_list") + "?show=mine",
    ]
    if who != "site_leader":
        urls.append(reverse("sites:region_detail", args=[region.pk]))
    if who in ("national_admin", "coordinator"):
        urls.append(reverse("sites:region_planning", args=[region.pk]))
    if who == "national_admin":
        urls.append(reverse("sites:national_planning"))
    if who == "reviewer_a":
        urls.append(reverse("calendar_feed", args=[calendar_feed.new_token(reviewer_a)]))

    grow(region, reviewer_a, reviewer_b, scale, 3)
    small = {url: count(client, url) for url in urls}
    grow(region, reviewer_a, reviewer_b, scale, 60)
    large = {url: count(client, url) for url in urls}
    assert large == small
