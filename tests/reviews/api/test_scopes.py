"""A token sees exactly what its owner sees in the app: lists and details, role by role."""

from datetime import date

import pytest

from reviews.reports.models import Report
from tests import factories
from tests.reviews.api.conftest import earlier_review, report_of

pytestmark = pytest.mark.django_db

ENDPOINTS = ["regions", "sites", "teams", "reviews", "reports"]


@pytest.fixture
def world(site, other_site, review, other_review):
    """Two regions, each with a site, a team, a review and a signed report of an earlier one."""
    team = factories.TeamFactory(site=site, name="Team Nord")
    other_team = factories.TeamFactory(site=other_site, name="Team Vest")
    earlier = earlier_review(site, visit=date(2025, 3, 4))
    other_earlier = earlier_review(other_site, visit=date(2025, 5, 6))
    return {
        "regions": (site.region, other_site.region),
        "sites": (site, other_site),
        "teams": (team, other_team),
        "reviews": ({review, earlier}, {other_review, other_earlier}),
        "reports": (report_of(earlier, total=100), report_of(other_earlier, total=100)),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_site_leaders_token_sees_their_one_site(api, world, site_leader, site):
    token = api.token_for(site_leader)
    assert ids(api.get("/api/sites/", token=token)) == {site.pk}
    assert ids(api.get("/api/teams/", token=token)) == {world["teams"][0].pk}
    assert ids(api.get("/api/reviews/", token=token)) == {r.pk for r in world["reviews"][0]}
    assert ids(api.get("/api/reports/", token=token)) == {world["reports"][0].pk}
    # As on the pages: a site leader has no region page.
    assert ids(api.get("/api/regions/", token=token)) == set()


def test_a_coordinators_token_sees_only_their_regions(api, world, coordinator, region):
    token = api.token_for(coordinator)
    assert ids(api.get("/api/regions/", token=token)) == {region.pk}
    assert ids(api.get("/api/sites/", token=token)) == {world["sites"][0].pk}
    assert ids(api.get("/api/teams/", token=token)) == {world["teams"][0].pk}
    assert ids(api.get("/api/reviews/", token=token)) == {r.pk for r in world["reviews"][0]}
    assert ids(api.get("/api/reports/", token=token)) == {world["reports"][0].pk}


def test_a_national_admins_token_sees_everything(api, world, national_admin):
    token = api.token_for(national_admin)
    for endpoint in ENDPOINTS:
        everything = {o.pk for group in world[endpoint] for o in _as_set(group)}
        assert ids(api.get(f"/api/{endpoint}/", token=token)) == everything, endpoint


def _as_set(group):
    return group if isinstance(group, set) else {group}


def test_a_reviewers_token_sees_only_the_reviews_they_are_assigned_to(
    api, world, reviewer_a, review, site
):
    token = api.token_for(reviewer_a)
    assert ids(api.get("/api/reviews/", token=token)) == {review.pk}
    assert ids(api.get("/api/sites/", token=token)) == {site.pk}
    # The earlier review's report is of a review they were not on.
    assert ids(api.get("/api/reports/", token=token)) == set()


def test_someone_without_a_role_sees_nothing(api, world, outsider):
    token = api.token_for(outsider)
    for endpoint in ENDPOINTS:
        assert ids(api.get(f"/api/{endpoint}/", token=token)) == set(), endpoint


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_object_out_of_scope_is_not_found(api, world, coordinator, endpoint):
    token = api.token_for(coordinator)
    theirs = next(iter(_as_set(world[endpoint][0])))
    others = next(iter(_as_set(world[endpoint][1])))
    assert api.get(f"/api/{endpoint}/{theirs.pk}/", token=token).status_code == 200
    response = api.get(f"/api/{endpoint}/{others.pk}/", token=token)
    assert response.status_code == 404
    # The same answer as for an id that does not exist.
    assert response.json() == api.get(f"/api/{endpoint}/999999/", token=token).json()


def test_a_site_leader_meets_no_report_before_it_is_signed(api, site, site_leader, coordinator):
    review = earlier_review(site, visit=date(2025, 3, 4))
    queued = report_of(review, status=Report.Status.QUEUED, total=80, band_code="fair")
    leader = api.token_for(site_leader)
    assert ids(api.get("/api/reports/", token=leader)) == set()
    assert api.get(f"/api/reports/{queued.pk}/", token=leader).status_code == 404
    # Those who produce the report follow it in every state.
    assert ids(api.get("/api/reports/", user=coordinator)) == {queued.pk}
