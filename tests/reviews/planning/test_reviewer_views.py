import pytest
from django.urls import reverse

from sites.models import ReviewerConflict, ReviewerProfile
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_coordinator_sets_capacity_experience_and_leave(
    client, coordinator, region, reviewer_a
):
    client.force_login(coordinator)
    page = client.get(reverse("sites:region_reviewers", args=[region.pk])).content.decode()
    assert reviewer_a.full_name in page
    prefix = f"r{reviewer_a.pk}"
    response = client.post(
        reverse("sites:reviewer_profile", args=[region.pk, reviewer_a.pk]),
        {f"{prefix}-reviews_per_year": "3", f"{prefix}-experienced": "on"},
    )
    assert response.status_code == 302
    profile = ReviewerProfile.objects.get(user=reviewer_a)
    assert (profile.reviews_per_year, profile.experienced, profile.available) == (3, True, False)


def test_a_bad_capacity_changes_nothing(client, coordinator, region, reviewer_a):
    client.force_login(coordinator)
    prefix = f"r{reviewer_a.pk}"
    client.post(
        reverse("sites:reviewer_profile", args=[region.pk, reviewer_a.pk]),
        {f"{prefix}-reviews_per_year": "-2"},
    )
    assert not ReviewerProfile.objects.exists()


def test_a_reviewer_of_another_region_is_not_found(client, coordinator, region, other_region):
    stranger = factories.reviewer(other_region)
    client.force_login(coordinator)
    url = reverse("sites:reviewer_profile", args=[region.pk, stranger.pk])
    assert client.post(url, {f"r{stranger.pk}-reviews_per_year": "3"}).status_code == 404
    assert not ReviewerProfile.objects.exists()


def test_conflicts_are_recorded_and_removed(client, coordinator, region, reviewer_a, site):
    client.force_login(coordinator)
    url = reverse("sites:conflict_add", args=[region.pk])
    client.post(url, {"reviewer": reviewer_a.pk, "site": site.pk, "reason": "Worked there"})
    conflict = ReviewerConflict.objects.get()
    assert (conflict.reviewer, conflict.site, conflict.reason) == (reviewer_a, site, "Worked there")
    client.post(url, {"reviewer": reviewer_a.pk, "site": site.pk, "reason": "Again"})
    assert ReviewerConflict.objects.count() == 1
    client.post(reverse("sites:conflict_remove", args=[region.pk, conflict.pk]))
    assert not ReviewerConflict.objects.exists()


def test_a_conflict_at_another_regions_site_cannot_be_forged(
    client, coordinator, region, reviewer_a, other_site
):
    client.force_login(coordinator)
    client.post(
        reverse("sites:conflict_add", args=[region.pk]),
        {"reviewer": reviewer_a.pk, "site": other_site.pk, "reason": "x"},
    )
    assert not ReviewerConflict.objects.exists()


@pytest.mark.parametrize("who", ["reviewer_a", "site_leader", "outsider"])
def test_only_coordinators_manage_reviewers(client, request, region, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sites:region_reviewers", args=[region.pk])).status_code == 404
