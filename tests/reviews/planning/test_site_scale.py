"""Which scale a site is reviewed on: stated per site by its coordinator, from the
current scales for its target group, with the choices kept; a site that never chose
takes its group's only current scale, and with two to choose from it waits.

The second adults' scale is the made-up two-component one of
tests/reviews/scale/two-components.toml, loaded for adults under a code of its own."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from reviews.planning import services
from reviews.planning.dashboard import sites_without_scale
from reviews.planning.planner import plan_reviews
from reviews.rating.models import Review
from reviews.rating.services import NotAllowed, WorkflowError
from reviews.scale.files import read_scale_file
from reviews.scale.models import SiteScaleChoice
from reviews.scale.selectors import compared_scale, scale_choices, scale_for_site
from reviews.scale.services import install_scale
from reviews.self_assessment.services import self_assessment_start
from sites.models import Region, Role
from tests import factories

TWO_COMPONENTS = Path(__file__).parent.parent / "scale" / "two-components.toml"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def second_adults_scale(scale, tmp_path):
    text = TWO_COMPONENTS.read_text(encoding="utf-8")
    text = text.replace('code = "TEST-Y"', 'code = "TEST-A"').replace(
        'target_group = "youth"', 'target_group = "adults"'
    )
    path = tmp_path / "test-a.toml"
    path.write_text(text, encoding="utf-8")
    return install_scale(read_scale_file(path))


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def new_site(region):
    return factories.SiteFactory(region=region, start_date=date(2026, 1, 1), name="Ny Side")


def choose(client, site, code):
    return client.post(reverse("sites:site_scale", args=[site.pk]), {"code": code})


def test_a_site_takes_its_groups_only_scale_without_a_choice(scale, new_site, coordinator, client):
    assert scale_for_site(new_site) == scale
    client.force_login(coordinator)
    page = client.get(reverse("sites:site_detail", args=[new_site.pk])).content.decode()
    assert scale.name in page and reverse("sites:site_scale", args=[new_site.pk]) in page
    page = client.get(reverse("sites:site_scale", args=[new_site.pk])).content.decode()
    assert "the only current scale for its target group" in page


def test_with_two_current_scales_a_site_waits_until_its_coordinator_chooses(
    scale, second_adults_scale, new_site, region, coordinator, client
):
    assert scale.is_current and second_adults_scale.is_current
    assert scale_for_site(new_site) is None
    plan_reviews()
    assert not new_site.reviews.exists()
    waiting = sites_without_scale(Region.objects.all(), scale_choices())
    assert [w.site for w in waiting if w.needs_choice] == [new_site]
    with pytest.raises(WorkflowError, match="Several fidelity scales are current"):
        services.review_create(
            actor=coordinator, site=new_site, due_from=date(2026, 1, 1), due_by=date(2027, 1, 1)
        )
    client.force_login(coordinator)
    planning = client.get(reverse("sites:region_planning", args=[region.pk])).content.decode()
    assert "Ny Side" in planning and "choose its scale" in planning

    response = choose(client, new_site, "TEST-A")
    assert response.status_code == 302
    assert scale_for_site(new_site) == second_adults_scale
    plan_reviews()
    assert new_site.reviews.get().scale == second_adults_scale
    page = client.get(reverse("sites:site_scale", args=[new_site.pk])).content.decode()
    assert "TEST-A" in page and str(coordinator) in page


def test_the_choices_are_kept_and_a_second_click_adds_none(
    scale, second_adults_scale, new_site, coordinator, client
):
    client.force_login(coordinator)
    choose(client, new_site, "TEST-A")
    choose(client, new_site, "TEST-A")  # the same again: nothing new to keep
    choose(client, new_site, "IPS-25")
    assert list(SiteScaleChoice.objects.filter(site=new_site).values_list("code", flat=True)) == [
        "IPS-25",
        "TEST-A",
    ]
    assert scale_for_site(new_site) == scale
    history = client.get(reverse("sites:site_scale", args=[new_site.pk])).content.decode()
    assert history.index("IPS-25</td>") < history.index("TEST-A</td>")  # the latest first


@pytest.mark.parametrize("code", ["TEST-Y", "NOPE", "", "IPS-25\x00"])
def test_a_scale_not_current_for_the_sites_group_is_refused_and_changes_nothing(
    scale, second_adults_scale, new_site, coordinator, client, code
):
    install_scale(read_scale_file(TWO_COMPONENTS))  # TEST-Y: current, but for youth
    client.force_login(coordinator)
    response = choose(client, new_site, code)
    assert response.status_code == 400
    assert not SiteScaleChoice.objects.exists()
    with pytest.raises(WorkflowError, match="not a current scale"):
        services.scale_choose(actor=coordinator, site=new_site, code="TEST-Y")


def test_only_the_sites_coordinators_and_national_admins_choose(
    scale, second_adults_scale, new_site, other_region, national_admin, client
):
    other_coordinator = factories.with_role(
        factories.UserFactory(), Role.COORDINATOR, region=other_region
    )
    leader = factories.with_role(factories.UserFactory(), Role.SITE_LEADER, site=new_site)
    for person in (other_coordinator, leader):
        client.force_login(person)
        assert choose(client, new_site, "TEST-A").status_code == 404
        assert client.get(reverse("sites:site_scale", args=[new_site.pk])).status_code == 404
        with pytest.raises(NotAllowed):
            services.scale_choose(actor=person, site=new_site, code="TEST-A")
    assert not SiteScaleChoice.objects.exists()
    client.force_login(national_admin)
    assert choose(client, new_site, "TEST-A").status_code == 302


def test_a_planned_review_moves_with_the_choice_and_a_scored_one_keeps_its_scale(
    scale, second_adults_scale, site, reviewer_a, reviewer_b, coordinator
):
    planned = factories.ReviewFactory(site=site, scale=scale)
    assert planned.status == Review.Status.PLANNED
    services.scale_choose(actor=coordinator, site=site, code="TEST-A")
    planned.refresh_from_db()
    assert planned.scale == second_adults_scale

    # Scheduled and scored by one reviewer: its ratings name the items of its scale.
    today = date.today()
    planned = services.review_schedule(
        actor=coordinator,
        review=planned,
        reviewer_a=reviewer_a,
        reviewer_b=reviewer_b,
        visit_start=today - timedelta(days=1),
        visit_end=today,
    ).review
    factories.rate_all(planned, reviewer_a, 3)
    services.scale_choose(actor=coordinator, site=site, code="IPS-25")
    planned.refresh_from_db()
    assert planned.scale == second_adults_scale


def test_a_self_assessment_uses_the_chosen_scale(scale, second_adults_scale, site, coordinator):
    leader = factories.with_role(factories.UserFactory(), Role.SITE_LEADER, site=site)
    with pytest.raises(WorkflowError, match="No fidelity scale is chosen"):
        self_assessment_start(actor=leader, site=site)
    services.scale_choose(actor=coordinator, site=site, code="TEST-A")
    assert self_assessment_start(actor=leader, site=site).scale == second_adults_scale


def test_the_national_figures_compare_on_the_adults_scale_with_the_most_reviews(
    scale, second_adults_scale, site
):
    assert compared_scale() == scale  # even (none of either): by code
    factories.ReviewFactory(site=site, scale=second_adults_scale)
    assert compared_scale() == second_adults_scale
