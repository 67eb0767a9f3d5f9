"""The paged list of open reviews: one page at a time, searchable, within the user's scope."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def test_open_reviews_come_a_page_at_a_time(client, national_admin, region, scale):
    for n in range(55):
        factories.ReviewFactory(site=factories.SiteFactory(region=region, name=f"IPS {n:02d}"))
    client.force_login(national_admin)
    first = client.get(reverse("reviews:review_list"))
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 55
    second = client.get(reverse("reviews:review_list") + "?page=2")
    assert len(second.context["page"].object_list) == 5
    # A page past the end shows the last one instead of an error.
    assert client.get(reverse("reviews:review_list") + "?page=99").status_code == 200


def test_the_lists_and_the_search(client, coordinator, site, other_site, review, reviewer_a):
    today = date.today()
    late = factories.ReviewFactory(
        site=factories.SiteFactory(region=site.region, name="IPS Alta"),
        due_from=today - timedelta(days=90),
        due_by=today - timedelta(days=30),
    )
    factories.ReviewFactory(site=other_site)
    client.force_login(coordinator)

    def shown(query: str) -> set:
        page = client.get(reverse("reviews:review_list") + query).context["page"]
        return {r.pk for r in page.object_list}

    assert shown("") == {review.pk, late.pk}  # the other region's review is not in scope
    assert shown("?show=overdue") == {late.pk}
    assert shown("?q=alta") == {late.pk}
    assert shown("?q=nowhere") == set()
    assert shown("?show=unknown") == {review.pk, late.pk}


def test_a_reviewer_finds_their_own_reviews(client, reviewer_a, review, site, reviewer_b):
    in_a_week = timezone.localdate() + timedelta(days=7)
    coming = factories.scheduled_review(
        factories.SiteFactory(region=site.region),
        reviewer_b,
        reviewer_a,
        visit_start=in_a_week,
        visit_end=in_a_week,
    )
    client.force_login(reviewer_a)
    page = client.get(reverse("reviews:review_list") + "?show=mine").context["page"]
    assert {r.pk for r in page.object_list} == {review.pk, coming.pk}
    page = client.get(reverse("reviews:review_list") + "?show=upcoming").context["page"]
    assert [r.pk for r in page.object_list] == [coming.pk]


def test_the_home_page_shows_a_few_and_links_to_the_rest(client, national_admin, region, scale):
    today = date.today()
    for n in range(12):
        factories.ReviewFactory(
            site=factories.SiteFactory(region=region, name=f"IPS {n:02d}"),
            due_from=today - timedelta(days=90),
            due_by=today - timedelta(days=1),
        )
    client.force_login(national_admin)
    response = client.get(reverse("home"))
    overdue = response.context["overdue"]
    assert overdue.count == 12 and len(overdue.rows) == 10
    page = response.content.decode()
    assert reverse("reviews:review_list") + "?show=overdue" in page
    assert reverse("sites:site_list") in page
