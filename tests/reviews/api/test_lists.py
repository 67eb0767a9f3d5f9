"""The lists: paged, in a stable order, and filtered by region, site, year and status."""

from datetime import date

import pytest

from reviews.rating.models import Review
from reviews.reports.models import Report
from tests import factories
from tests.reviews.api.conftest import earlier_review, report_of

pytestmark = pytest.mark.django_db


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_lists_are_paged_with_links_to_the_next_page(api, national_admin, region):
    for number in range(7):
        factories.SiteFactory(region=region, name=f"IPS Sted {number}")
    token = api.token_for(national_admin)
    first = api.get("/api/sites/", token=token, page_size=3).json()
    assert first["count"] == 7 and len(first["results"]) == 3
    assert first["previous"] is None and "page=2" in first["next"]
    seen = [row["code"] for row in first["results"]]
    page = first
    while page["next"]:
        page = api.client.get(page["next"], headers={"Authorization": f"Token {token}"}).json()
        seen += [row["code"] for row in page["results"]]
    assert len(seen) == len(set(seen)) == 7
    assert api.get("/api/sites/", token=token, page=99).status_code == 404


def test_a_page_holds_at_most_200(api, national_admin, region):
    factories.SiteFactory(region=region)
    response = api.get("/api/sites/", user=national_admin, page_size=100000)
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.fixture
def history(site, other_site):
    """Published reviews in 2024 and 2025 at two sites of two regions, and one planned."""
    return {
        "tromso_2024": earlier_review(site, visit=date(2024, 4, 1)),
        "tromso_2025": earlier_review(site, visit=date(2025, 4, 1)),
        "bergen_2025": earlier_review(other_site, visit=date(2025, 9, 1)),
        "tromso_planned": factories.ReviewFactory(
            site=site, due_from=date(2026, 1, 1), due_by=date(2026, 3, 1)
        ),
    }


def review_ids(api, user, **params) -> set[int]:
    return {row["id"] for row in results(api.get("/api/reviews/", user=user, **params))}


def test_reviews_filter_by_region_site_year_status_and_kind(
    api, history, national_admin, site, other_region
):
    h = {name: review.pk for name, review in history.items()}
    assert review_ids(api, national_admin, year=2025) == {h["tromso_2025"], h["bergen_2025"]}
    # Before a visit, the due date gives the year.
    assert review_ids(api, national_admin, year=2026) == {h["tromso_planned"]}
    assert review_ids(api, national_admin, region=other_region.code) == {h["bergen_2025"]}
    assert review_ids(api, national_admin, site=site.code, year=2025) == {h["tromso_2025"]}
    assert review_ids(api, national_admin, status="planned") == {h["tromso_planned"]}
    assert review_ids(api, national_admin, kind="self_assessment") == set()


def test_a_filter_never_widens_the_scope(api, history, coordinator, other_site):
    assert review_ids(api, coordinator, site=other_site.code) == set()
    assert review_ids(api, coordinator, region=other_site.region.code) == set()
    assert review_ids(api, coordinator, site="no-such-site") == set()


@pytest.mark.parametrize(
    "params",
    [{"year": "last"}, {"year": 99999}, {"year": 0}, {"status": "lost"}, {"kind": "peer"}],
)
def test_a_bad_filter_value_is_a_400_that_says_which(api, national_admin, params):
    response = api.get("/api/reviews/", user=national_admin, **params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_reports_filter_by_region_site_year_and_status(api, history, national_admin, site):
    tromso = report_of(history["tromso_2025"], total=100)
    bergen = report_of(history["bergen_2025"], total=100)
    failed = report_of(history["tromso_2024"], status=Report.Status.FAILED)

    def report_ids(**params):
        return {
            row["id"] for row in results(api.get("/api/reports/", user=national_admin, **params))
        }

    assert report_ids(year=2025) == {tromso.pk, bergen.pk}
    assert report_ids(site=site.code) == {tromso.pk, failed.pk}
    assert report_ids(region=site.region.code, status="signed") == {tromso.pk}
    assert report_ids(status="failed") == {failed.pk}


def test_sites_and_teams_filter_by_region_site_and_active(api, national_admin, site, other_site):
    factories.TeamFactory(site=site, name="Team A")
    factories.TeamFactory(site=other_site, name="Team B", active=False)
    factories.SiteFactory(region=site.region, active=False, name="IPS Nedlagt")
    token = api.token_for(national_admin)
    sites = results(api.get("/api/sites/", token=token, region=site.region.code, active="true"))
    assert [row["code"] for row in sites] == [site.code]
    teams = results(api.get("/api/teams/", token=token, site=other_site.code))
    assert [(row["name"], row["active"]) for row in teams] == [("Team B", False)]
    assert results(api.get("/api/teams/", token=token, region="vest", active="true")) == []


def test_regions_filter_by_region_and_sites_and_teams_by_site_and_status(
    api, national_admin, site, other_site
):
    factories.TeamFactory(site=site, name="Team A")
    factories.TeamFactory(site=site, name="Team C", active=False)
    closed = factories.SiteFactory(region=site.region, active=False, name="IPS Nedlagt")
    token = api.token_for(national_admin)
    regions = results(api.get("/api/regions/", token=token, region=site.region.code))
    assert [row["code"] for row in regions] == [site.region.code]
    assert [
        row["code"] for row in results(api.get("/api/sites/", token=token, site=site.code))
    ] == [site.code]
    inactive = results(api.get("/api/sites/", token=token, status="inactive"))
    assert [row["code"] for row in inactive] == [closed.code]
    teams = results(api.get("/api/teams/", token=token, site=site.code, status="active"))
    assert [row["name"] for row in teams] == ["Team A"]
    assert api.get("/api/sites/", token=token, status="closed").status_code == 400


def test_the_review_list_reads_consensus_in_a_fixed_number_of_queries(
    api, history, site, national_admin, django_assert_max_num_queries
):
    token = api.token_for(national_admin)
    api.get("/api/reviews/", token=token)  # the token's last use is noted once
    for year in (2019, 2020, 2021, 2022, 2023):
        earlier_review(site, visit=date(year, 6, 1))
    with django_assert_max_num_queries(12):
        rows = results(api.get("/api/reviews/", token=token))
    assert sum(1 for row in rows if row["consensus"]) == 8
    assert {row["status"] for row in rows} == {Review.Status.PUBLISHED, Review.Status.PLANNED}


@pytest.mark.parametrize(
    ("path", "params"),
    [("/api/sites/", {"year": "2019"}), ("/api/regions/", {"status": "active"})],
)
def test_a_filter_a_list_does_not_have_is_refused_not_ignored(
    api, national_admin, site, path, params
):
    token = api.token_for(national_admin)
    response = api.client.get(
        path, params, headers={"Authorization": f"Token {token}", "Accept-Language": "en"}
    )
    assert response.status_code == 400
    [name] = params
    assert "no such filter" in response.json()[name][0]
