"""Pages answer within the user's scope: a wrong or foreign id is a 404, never a 500."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(client, site, review):
    for url in [
        reverse("home"),
        reverse("sites:site_list"),
        reverse("sites:site_detail", args=[site.pk]),
        reverse("sites:region_detail", args=[site.region.pk]),
        reverse("reviews:review_detail", args=[review.pk]),
        reverse("reviews:scale_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_a_coordinator_lands_on_their_region(client, coordinator, site, other_site, review):
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "Nord" in page and site.name in page
    assert other_site.name not in page


def test_a_reviewer_lands_on_their_reviews(client, reviewer_a, review, other_review):
    client.force_login(reviewer_a)
    response = client.get(reverse("home"))
    assert list(response.context["my_reviews"]) == [review]
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


@pytest.mark.parametrize("who", ["coordinator", "site_leader", "reviewer_a", "outsider"])
def test_another_regions_site_and_review_are_not_found(
    client, request, who, other_site, other_review
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sites:site_detail", args=[other_site.pk])).status_code == 404
    assert client.get(reverse("reviews:review_detail", args=[other_review.pk])).status_code == 404
    assert (
        client.get(reverse("sites:region_detail", args=[other_site.region.pk])).status_code == 404
    )


def test_a_site_leader_sees_their_site_and_its_review(client, site_leader, site, review):
    client.force_login(site_leader)
    response = client.get(reverse("sites:site_detail", args=[site.pk]))
    assert response.status_code == 200
    assert site_leader.full_name in response.content.decode()
    assert client.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 200


def test_a_coordinator_sees_the_region_page_with_its_reviewers(
    client, coordinator, region, reviewer_a
):
    client.force_login(coordinator)
    response = client.get(reverse("sites:region_detail", args=[region.pk]))
    assert response.status_code == 200
    assert reviewer_a.full_name in response.content.decode()


@pytest.mark.parametrize("path", ["/sites/999999/", "/reviews/999999/", "/sites/regions/0/"])
def test_ids_that_do_not_exist_are_not_found(client, national_admin, path):
    client.force_login(national_admin)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/sites/abc/", "/reviews/1.5/", "/sites/-1/"])
def test_malformed_ids_are_not_found(client, national_admin, path):
    client.force_login(national_admin)
    assert client.get(path).status_code == 404


def test_the_scale_page_shows_every_item_with_its_anchors(client, outsider, scale):
    client.force_login(outsider)
    response = client.get(reverse("reviews:scale_detail", args=[scale.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card mb-3"') == 25
    assert "Ansatte" in page and "Tjenester" in page


def test_the_home_page_query_count_does_not_grow_with_sites(
    client, national_admin, region, scale, django_assert_max_num_queries
):
    for _ in range(20):
        site = factories.SiteFactory(region=region)
        factories.TeamFactory(site=site)
        factories.ReviewFactory(site=site, scale=scale)
    client.force_login(national_admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200


def test_the_admin_manages_every_model_for_a_national_admin(client, national_admin, review):
    client.force_login(national_admin)
    for model in [
        "accounts/user",
        "sites/region",
        "sites/site",
        "sites/team",
        "sites/membership",
        "reviews/fidelityscale",
        "reviews/scaleitem",
        "reviews/review",
        "reviews/rating",
        "reviews/consensusscore",
        "reviews/report",
        "reviews/signoff",
    ]:
        assert client.get(f"/admin/{model}/").status_code == 200, model
        assert client.get(f"/admin/{model}/?q=Tromsø").status_code == 200, model
    assert client.get(f"/admin/reviews/review/{review.pk}/change/").status_code == 200


def test_the_admin_is_closed_to_coordinators(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/reviews/rating/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_health_answers_ok(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
