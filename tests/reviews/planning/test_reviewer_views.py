from datetime import date

import pytest
from django.urls import reverse

from sites.models import ReviewerConflict, ReviewerLeave, ReviewerProfile
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_coordinator_sets_capacity_and_experience(client, coordinator, region, reviewer_a):
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
    assert (profile.reviews_per_year, profile.experienced) == (3, True)


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


def record_leave(client, region, reviewer, first, last, note=""):
    return client.post(
        reverse("sites:leave_add", args=[region.pk]),
        {"reviewer": reviewer.pk, "first_day": first, "last_day": last, "note": note},
    )


def test_the_coordinator_records_and_removes_leave_for_a_reviewer(
    client, coordinator, region, reviewer_a
):
    client.force_login(coordinator)
    response = record_leave(client, region, reviewer_a, "2027-01-04", "2027-02-28", "Sykemeldt")
    assert response.status_code == 302
    leave = ReviewerLeave.objects.get()
    assert (leave.reviewer, leave.first_day, leave.note, leave.created_by) == (
        reviewer_a,
        date(2027, 1, 4),
        "Sykemeldt",
        coordinator,
    )
    page = client.get(reverse("sites:region_reviewers", args=[region.pk])).content.decode()
    assert "Sykemeldt" in page
    client.post(reverse("sites:leave_remove", args=[region.pk, leave.pk]))
    assert not ReviewerLeave.objects.exists()


@pytest.mark.parametrize(
    ("first", "last", "error"),
    [
        ("2027-03-08", "2027-03-01", "The last day of leave is before the first."),
        ("2027-03-20", "2027-04-02", "This overlaps leave already recorded"),
        ("2027-03-20", "", "This field is required."),
        ("8 March", "2027-04-02", "Enter a valid date."),
    ],
)
def test_bad_leave_gets_a_form_error_and_changes_nothing(
    client, coordinator, region, reviewer_a, first, last, error
):
    ReviewerLeave.objects.create(
        reviewer=reviewer_a, first_day=date(2027, 3, 8), last_day=date(2027, 3, 21)
    )
    coordinator.language = "en"  # the messages are checked in English
    coordinator.save()
    client.force_login(coordinator)
    response = record_leave(client, region, reviewer_a, first, last)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert ReviewerLeave.objects.count() == 1


def test_leave_for_a_reviewer_of_another_region_cannot_be_recorded_or_removed(
    client, coordinator, region, other_region
):
    stranger = factories.reviewer(other_region)
    theirs = ReviewerLeave.objects.create(
        reviewer=stranger, first_day=date(2027, 3, 8), last_day=date(2027, 3, 21)
    )
    client.force_login(coordinator)
    # Through the coordinator's own region: not one of its reviewers.
    assert record_leave(client, region, stranger, "2027-05-03", "2027-05-07").status_code == 400
    url = reverse("sites:leave_remove", args=[region.pk, theirs.pk])
    assert client.post(url).status_code == 404
    # Through the other region's pages: the region itself is not found.
    assert (
        record_leave(client, other_region, stranger, "2027-05-03", "2027-05-07").status_code == 404
    )
    url = reverse("sites:leave_remove", args=[other_region.pk, theirs.pk])
    assert client.post(url).status_code == 404
    assert list(ReviewerLeave.objects.all()) == [theirs]


def test_each_column_of_the_reviewer_table_sits_under_its_header(
    client, coordinator, region, reviewer_a
):
    client.force_login(coordinator)
    page = client.get(reverse("sites:region_reviewers", args=[region.pk])).content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    head, body = table.split("</thead>")
    row = body[body.index("<tr") : body.index("</tr>")]
    assert head.count("<th ") == row.count("<th ") + row.count("<td") == 4
    assert "colspan" not in row
