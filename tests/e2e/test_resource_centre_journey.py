"""A resource centre's first week, in Debian's chromium: a coordinator adds a site and
a team and invites a reviewer and a site leader; each accepts from the mail (the
site leader through the organisation's provider); the planner proposes the new
reviewer; the reviewer records two weeks of leave and the forecast goes down."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail

from reviews.planning.planner import plan_reviews
from reviews.rating.models import Review
from sites.models import Membership, Role, Site
from tests.e2e.helpers import log_in, serious_violations
from tests.oidc_provider import PASSWORD as PROVIDER_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def link_to(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [address])
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


def forecast_days(page) -> list[float]:
    row = page.get_by_role("row", name=re.compile("Tilgjengelige evaluatordager"))
    return [float(cell.replace(",", ".")) for cell in row.locator("td").all_inner_texts()]


def test_a_coordinator_sets_up_a_site_and_its_people_who_get_to_work(
    page, browser, live_server, provider, settings, coordinator, reviewer_b, region, scale
):
    settings.SITE_URL = live_server.url
    log_in(page, live_server, coordinator)

    # A new site and its team.
    page.get_by_role("link", name="Tiltak", exact=True).click()
    page.get_by_role("link", name="Legg til et tiltak").click()
    page.get_by_label("Region").select_option(label=region.name)
    page.get_by_label("Navn").fill("IPS Harstad")
    page.get_by_label("NAV-kontor").fill("NAV Harstad")
    page.get_by_label("Helsepartner").fill("UNN Harstad DPS")
    page.get_by_label("Kommune").fill("Harstad")
    page.get_by_label("Startdato").fill((date.today() - timedelta(days=400)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("heading", name="IPS Harstad").wait_for()
    assert page.get_by_text("ips-harstad").is_visible()
    page.get_by_role("link", name="Legg til et team").click()
    page.get_by_label("Navn").fill("Team Harstad")
    page.get_by_label("Jobbspesialister").fill("3")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("link", name="rediger Team Harstad").wait_for()
    assert serious_violations(page) == []

    # Two invitations from the region's people page.
    page.goto(f"{live_server.url}/sites/regions/{region.pk}/people/")
    page.get_by_label("E-postadresse").fill("ny.evaluator@example.no")
    page.get_by_label("Navn").fill("Nora Ny")
    page.get_by_label("Rolle").select_option("reviewer")
    page.get_by_role("button", name="Send invitasjonen").click()
    page.get_by_text("Invitasjonen er sendt til ny.evaluator@example.no").wait_for()
    page.get_by_label("E-postadresse").fill("leder.harstad@example.no")
    page.get_by_label("Rolle").select_option("site_leader")
    page.get_by_label("Tiltak").select_option(label="IPS Harstad")
    page.get_by_role("button", name="Send invitasjonen").click()
    page.get_by_text("Invitasjonen er sendt til leder.harstad@example.no").wait_for()
    assert serious_violations(page) == []

    # The reviewer accepts with a password, in a browser of their own.
    reviewer_page = browser.new_context(locale="nb-NO").new_page()
    reviewer_page.goto(link_to("ny.evaluator@example.no"))
    reviewer_page.get_by_label("Velg et passord").fill("a long and private phrase")
    reviewer_page.get_by_label("Det samme passordet en gang til").fill("a long and private phrase")
    reviewer_page.get_by_role("button", name="Opprett kontoen min").click()
    reviewer_page.get_by_role("heading", name="Mine evalueringer").wait_for()

    # The site leader accepts by signing in through their organisation.
    leader_page = browser.new_context(locale="nb-NO").new_page()
    leader_page.goto(link_to("leder.harstad@example.no"))
    leader_page.get_by_role("button", name="Test organisation").click()
    leader_page.wait_for_url(f"{provider.issuer}/interaction/**")
    leader_page.get_by_label("Username").fill("leder.harstad@example.no")
    leader_page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    leader_page.get_by_role("button", name="Sign in").click()
    leader_page.get_by_role("heading", name="Mitt tiltak").wait_for()
    assert leader_page.get_by_role("link", name="IPS Harstad").first.is_visible()
    site = Site.objects.get(code="ips-harstad")
    assert Membership.objects.filter(
        user__email="leder.harstad@example.no", role=Role.SITE_LEADER, site=site
    ).exists()

    # The nightly planner plans the new site and proposes the new reviewer.
    plan_reviews()
    review = Review.objects.get(site=site)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert page.get_by_text("Nora Ny").first.is_visible()

    # The reviewer records two weeks of leave next month; the forecast goes down.
    page.goto(f"{live_server.url}/sites/regions/{region.pk}/planning/")
    before = forecast_days(page)
    first = (date.today().replace(day=1) + timedelta(days=40)).replace(day=3)
    reviewer_page.goto(f"{live_server.url}/calendar/")
    reviewer_page.get_by_label("Første fraværsdag").fill(first.isoformat())
    reviewer_page.get_by_label("Siste fraværsdag").fill((first + timedelta(days=13)).isoformat())
    reviewer_page.get_by_role("button", name="Registrer fraværet").click()
    reviewer_page.get_by_text(first.strftime("%d.%m.%Y")).first.wait_for()
    page.reload()
    after = forecast_days(page)
    assert sum(after) < sum(before)
    assert all(a <= b for a, b in zip(after, before, strict=True))
    assert serious_violations(page) == []
