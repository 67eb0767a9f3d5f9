"""Coordinators add, edit and deactivate their regions' sites and teams; nothing is deleted."""

import re
from importlib import import_module

import pytest
from django.urls import reverse

from sites.models import SITE_CODE_PATTERN, Role, Site, Team
from tests import factories

pytestmark = pytest.mark.django_db


def site_data(region, **changes):
    data = {
        "region": region.pk,
        "name": "IPS Harstad",
        "code": "",
        "nav_office": "NAV Harstad",
        "health_partner": "UNN Harstad DPS",
        "municipality": "Harstad",
        "target_group": "adults",
        "report_language": "nb",
        "start_date": "2024-03-01",
    }
    return {**data, **changes}


def test_a_coordinator_adds_a_site_and_its_code_comes_from_the_name(
    english_client, coordinator, region
):
    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("sites:site_create"), site_data(region, name="IPS Bodø sør")
    )
    site = Site.objects.get(name="IPS Bodø sør")
    assert response.status_code == 302 and response.url == reverse(
        "sites:site_detail", args=[site.pk]
    )
    assert site.code == "ips-bodo-sor" and site.region == region and site.active
    page = english_client.get(response.url).content.decode()
    assert "ips-bodo-sor" in page and "Edit the site" in page


def region_options(page: str) -> list[tuple[str, bool]]:
    """The region select's options as (value, selected)."""
    select = re.search(r'<select name="region".*?</select>', page, re.S).group(0)
    return [
        (value, "selected" in rest)
        for value, rest in re.findall(r'<option value="([^"]*)"([^>]*)>', select)
    ]


def test_a_coordinator_of_one_region_finds_it_preselected_and_saves_at_once(
    english_client, coordinator, region, other_region
):
    english_client.force_login(coordinator)
    page = english_client.get(reverse("sites:site_create")).content.decode()
    assert (str(region.pk), True) in region_options(page)
    assert str(other_region.pk) not in dict(region_options(page))
    # The form as the browser sends it back, region untouched, is saved.
    response = english_client.post(reverse("sites:site_create"), site_data(region))
    assert response.status_code == 302


def test_a_national_admin_chooses_among_the_regions_with_none_preselected(
    english_client, national_admin, region, other_region
):
    english_client.force_login(national_admin)
    options = region_options(english_client.get(reverse("sites:site_create")).content.decode())
    assert {str(region.pk), str(other_region.pk)} <= {value for value, _s in options}
    assert not any(selected for value, selected in options if value)


def test_a_coordinator_of_two_regions_chooses_one(english_client, coordinator, other_region):
    factories.with_role(coordinator, Role.COORDINATOR, region=other_region)
    english_client.force_login(coordinator)
    options = region_options(english_client.get(reverse("sites:site_create")).content.decode())
    assert not any(selected for value, selected in options if value)


def test_a_coordinator_cannot_add_a_site_to_another_region(
    english_client, coordinator, other_region
):
    english_client.force_login(coordinator)
    response = english_client.post(reverse("sites:site_create"), site_data(other_region))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Site.objects.filter(name="IPS Harstad").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "ips-tromso-x"}, "Another site already has this code."),
        ({"name": "ips tromsø"}, "Another site in this region has this name."),
        ({"code": "IPS_Harstad!"}, "Use lowercase letters, digits and single hyphens"),
        ({"code": "ips--harstad"}, "Use lowercase letters, digits and single hyphens"),
        ({"start_date": "not a date"}, "Enter a valid date."),
    ],
)
def test_bad_site_input_is_refused_with_a_message_and_nothing_is_saved(
    english_client, coordinator, region, site, changes, message
):
    site.code = "ips-tromso-x"
    site.save()
    english_client.force_login(coordinator)
    response = english_client.post(reverse("sites:site_create"), site_data(region, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Site.objects.count() == 1


def test_people_without_a_coordinator_role_cannot_add_sites(
    english_client, reviewer_a, site_leader, outsider
):
    for person in (reviewer_a, site_leader, outsider):
        english_client.force_login(person)
        assert english_client.get(reverse("sites:site_create")).status_code == 404


def test_a_coordinator_edits_a_site_but_not_its_code(english_client, coordinator, region, site):
    english_client.force_login(coordinator)
    old_code = site.code
    response = english_client.post(
        reverse("sites:site_edit", args=[site.pk]),
        site_data(region, name="IPS Tromsø sentrum", code="something-else"),
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "IPS Tromsø sentrum" and site.code == old_code


def test_a_national_admin_can_correct_a_code(english_client, national_admin, region, site):
    english_client.force_login(national_admin)
    response = english_client.post(
        reverse("sites:site_edit", args=[site.pk]), site_data(region, code="ips-tromso")
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.code == "ips-tromso"


def test_another_regions_coordinator_gets_not_found_for_every_editing_page(
    english_client, coordinator, other_site
):
    team = factories.TeamFactory(site=other_site)
    english_client.force_login(coordinator)
    for name, pk in [
        ("sites:site_edit", other_site.pk),
        ("sites:team_create", other_site.pk),
        ("sites:team_edit", team.pk),
    ]:
        assert english_client.get(reverse(name, args=[pk])).status_code == 404, name
    for name, pk in [
        ("sites:site_deactivate", other_site.pk),
        ("sites:site_reactivate", other_site.pk),
        ("sites:team_deactivate", team.pk),
    ]:
        assert english_client.post(reverse(name, args=[pk])).status_code == 404, name
    other_site.refresh_from_db()
    team.refresh_from_db()
    assert other_site.active and team.active


def test_deactivating_cancels_an_unscheduled_review(english_client, coordinator, site, scale):
    planned = factories.ReviewFactory(site=site, scale=scale)
    english_client.force_login(coordinator)
    response = english_client.post(reverse("sites:site_deactivate", args=[site.pk]), follow=True)
    assert "1 planned review was cancelled." in response.content.decode()
    site.refresh_from_db()
    planned.refresh_from_db()
    assert not site.active and planned.status == "cancelled"
    english_client.post(reverse("sites:site_reactivate", args=[site.pk]))
    site.refresh_from_db()
    assert site.active


def test_deactivating_keeps_a_review_under_way(
    english_client, coordinator, site, reviewer_a, reviewer_b
):
    under_way = factories.scheduled_review(site, reviewer_a, reviewer_b)
    english_client.force_login(coordinator)
    response = english_client.post(reverse("sites:site_deactivate", args=[site.pk]), follow=True)
    assert "1 review under way goes on" in response.content.decode()
    under_way.refresh_from_db()
    assert under_way.status == "scheduled"


def test_a_coordinator_adds_edits_and_deactivates_a_team(english_client, coordinator, site):
    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("sites:team_create", args=[site.pk]),
        {"name": "Team nord", "employment_specialists": 3},
    )
    assert response.status_code == 302
    team = Team.objects.get(site=site, name="Team nord")
    duplicate = english_client.post(
        reverse("sites:team_create", args=[site.pk]),
        {"name": "team NORD", "employment_specialists": 2},
    )
    assert duplicate.status_code == 400
    assert "This site already has a team with this name." in duplicate.content.decode()
    english_client.post(
        reverse("sites:team_edit", args=[team.pk]),
        {"name": "Team Nord", "employment_specialists": 4},
    )
    english_client.post(reverse("sites:team_deactivate", args=[team.pk]))
    team.refresh_from_db()
    assert (team.name, team.employment_specialists, team.active) == ("Team Nord", 4, False)
    assert Team.objects.filter(site=site).count() == 1


def test_the_migration_gives_every_site_a_unique_code_from_its_name():
    migration = import_module("sites.migrations.0005_site_codes")
    taken: set[str] = set()
    codes: list[str] = []
    for name in ["IPS Tromsø", "IPS Tromsø", "Ålesund Ærlig", "!!!", "IPS_Nordland", "A _ B"]:
        codes.append(migration.code_for(name, taken))
        taken.add(codes[-1])
    assert codes == [
        "ips-tromso",
        "ips-tromso-2",
        "alesund-aerlig",
        "site",
        "ips-nordland",
        "a-b",
    ]
    pattern = re.compile(SITE_CODE_PATTERN)
    assert all(pattern.match(code) for code in codes)


def test_a_name_with_underscores_gives_a_code_of_the_allowed_form(
    english_client, coordinator, region
):
    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("sites:site_create"), site_data(region, name="IPS Sunn_Fjord", code="")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Site.objects.get(name="IPS Sunn_Fjord").code == "ips-sunn-fjord"
