"""A person signs in through the organisation's provider, in Debian's chromium.

The provider is the real one in tests/oidc_provider, with its own login page;
the app's CSP must let the sign-in button's redirect reach it.
"""

import pytest

from tests.e2e.helpers import serious_violations
from tests.factories import reviewer
from tests.oidc_provider import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_reviewer_signs_in_at_the_organisations_login_page(page, live_server, provider, region):
    person = reviewer(region, email="kari@example.no")
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Test organisation").click()

    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.get_by_label("Username").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Mine evalueringer").is_visible()
    assert page.get_by_role("button", name=person.get_short_name()).is_visible()
    assert violations == []


def test_a_stranger_is_told_that_access_is_by_invitation(page, live_server, provider, region):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Test organisation").click()
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.get_by_label("Username").fill("stranger@example.no")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Ingen tilgang ennå").wait_for()
    assert page.get_by_text("invitasjon").first.is_visible()
    assert serious_violations(page) == []
