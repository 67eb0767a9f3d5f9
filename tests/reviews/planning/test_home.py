"""Each role lands on one home page with the part of it that is theirs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_coordinator_lands_on_their_region(client, coordinator, site, other_site, review):
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "Nord" in page and site.name in page
    assert other_site.name not in page


def test_a_reviewer_lands_on_their_reviews(client, reviewer_a, review, other_review):
    client.force_login(reviewer_a)
    response = client.get(reverse("home"))
    assert response.context["my_reviews"].rows == [review]
    assert reverse("reviews:review_detail", args=[review.pk]) in response.content.decode()
    assert reverse("reviews:review_detail", args=[other_review.pk]) not in (
        response.content.decode()
    )


def test_a_site_leader_lands_on_their_site(client, site_leader, site, other_site, review):
    client.force_login(site_leader)
    response = client.get(reverse("home"))
    assert list(response.context["sites"]) == [site]
    assert other_site.name not in response.content.decode()


def test_a_national_admin_lands_on_all_regions(client, national_admin, site, other_site):
    client.force_login(national_admin)
    response = client.get(reverse("home"))
    assert {r.name for r in response.context["regions"]} == {"Nord", "Vest"}


def test_someone_without_a_role_is_told_how_to_get_one(client, outsider, site):
    client.force_login(outsider)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert list(response.context["sites"]) == []
    assert "roles" in response.context and not response.context["roles"]


def test_the_home_page_query_count_does_not_grow_with_sites(
    client, national_admin, region, scale, django_assert_max_num_queries
):
    def home_queries(sites: int) -> int:
        for _ in range(sites):
            site = factories.SiteFactory(region=region)
            factories.TeamFactory(site=site)
            factories.ReviewFactory(site=site, scale=scale)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    client.force_login(national_admin)
    first = home_queries(20)
    assert home_queries(20) == first  # 40 sites: not one query more
    # The lists, the regions and what waits (the assignments as plain rows, then the
    # first few reviews whose reviewer left, late, at risk; failed reports): a fixed
    # number, a few more queries for far fewer rows. On PostgreSQL two more read the
    # version the lists and the steps are cached under.
    assert first <= 17


def test_a_new_reviewer_and_a_coordinator_without_sites_are_told_what_comes_next(
    english_client, region
):
    english_client.force_login(factories.reviewer(region))
    page = english_client.get(reverse("home")).content.decode()
    assert "No reviews are assigned to you yet" in page
    assert reverse("calendar_settings") in page
    english_client.force_login(factories.coordinator(region))
    page = english_client.get(reverse("home")).content.decode()
    assert "Your region has no sites yet." in page
    assert reverse("sites:site_create") in page
