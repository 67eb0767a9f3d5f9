from datetime import date

import pytest

from sites.models import ReviewerLeave
from tests.e2e.helpers import log_in, serious_violations
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_reviewer_logs_in_with_the_keyboard_and_sees_their_review(
    page, live_server, reviewer_a, review
):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("E-postadresse").focus()
    page.keyboard.type(reviewer_a.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Mine evalueringer").is_visible()
    assert page.get_by_role("link", name=review.site.name).first.is_visible()
    assert serious_violations(page) == []


def test_the_language_switch_turns_the_page_english_and_remembers_it(
    page, live_server, site_leader, site
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-postadresse").fill(site_leader.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="My site").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    site_leader.refresh_from_db()
    assert site_leader.language == "en"


def test_the_login_page_has_no_serious_accessibility_problems(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_violations(page) == []


def test_pages_run_no_inline_script_under_the_content_security_policy(
    page, live_server, national_admin, site
):
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-postadresse").fill(national_admin.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    assert page.evaluate("typeof htmx") == "object"
    assert violations == []


def test_the_planning_and_verification_pages_are_accessible(
    page, live_server, coordinator, region, site, reviewer_a
):
    ReviewerLeave.objects.create(
        reviewer=reviewer_a, first_day=date(2027, 3, 8), last_day=date(2027, 3, 21), note="Ferie"
    )
    log_in(page, live_server, coordinator)
    for path in (
        f"/sites/regions/{region.pk}/planning/",
        "/verify/",
        f"/sites/regions/{region.pk}/reviewers/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page) == [], path


def test_the_reviewers_settings_page_with_leave_is_accessible(page, live_server, reviewer_a):
    ReviewerLeave.objects.create(
        reviewer=reviewer_a, first_day=date(2027, 3, 8), last_day=date(2027, 3, 21), note="Ferie"
    )
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/calendar/")
    assert page.get_by_role("heading", name="Mitt fravær").is_visible()
    assert serious_violations(page) == []
