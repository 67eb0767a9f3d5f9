"""Pages answer within the user's scope: a wrong or foreign id is a 404, never a 500."""

import pytest
from django.urls import reverse

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
        assert response.url.startswith(reverse("account_login")), url


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


def test_the_site_list_is_paged_and_searchable(client, national_admin, region):
    from tests import factories

    for n in range(60):
        factories.SiteFactory(region=region, name=f"IPS Sted {n:02d}")
    factories.SiteFactory(region=region, name="IPS Vardø", municipality="Vardø")
    client.force_login(national_admin)
    response = client.get(reverse("sites:site_list"))
    assert response.context["page"].paginator.count == 61
    assert len(response.context["page"].object_list) == 50
    found = client.get(reverse("sites:site_list") + "?q=vard").context["page"]
    assert [s.name for s in found.object_list] == ["IPS Vardø"]
    region_page = client.get(reverse("sites:region_detail", args=[region.pk]) + "?q=sted 5")
    assert region_page.context["page"].paginator.count == 10
