"""A form left open past its session: a styled page in Norwegian, and back to the page."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_form_from_before_logging_in_again_elsewhere_leads_back_to_its_page(
    page, live_server, coordinator, region
):
    log_in(page, live_server, coordinator)
    policy = f"{live_server.url}/sites/regions/{region.pk}/policy/"
    page.goto(policy)
    # In another tab of the same browser: log out and in again, which renews the
    # form token; the first tab's form now carries an old one.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.get_by_role("button", name="Logg ut").click()
    other.wait_for_url(f"{live_server.url}/accounts/login/")  # once the device is cleared
    log_in(other, live_server, coordinator)
    other.close()

    page.get_by_role("button", name="Lagre reglene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skjemaet kunne ikke sendes")
    expect(page.locator(".app-navbar")).to_be_visible()  # our page, not a bare 403
    page.get_by_role("link", name="Åpne siden på nytt").click()
    page.wait_for_url(policy)


def test_a_form_sent_after_the_session_expired_logs_in_and_returns(
    page, live_server, coordinator, region
):
    log_in(page, live_server, coordinator)
    policy = f"{live_server.url}/sites/regions/{region.pk}/policy/"
    page.goto(policy)
    Session.objects.all().delete()  # the session runs out while the page is open

    page.get_by_role("button", name="Lagre reglene").click()
    expect(page.get_by_role("status").first).to_contain_text("Økten din var utløpt")
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord").fill("correct horse battery staple")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(policy)
