"""The API's documentation page works under the site's CSP, from the app's own files,
has nothing axe finds serious, and is linked from a page in the user's language."""

import pytest

from ipsfidelity.accounts import tokens
from tests.e2e.helpers import log_in, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_api_documentation_works_under_the_csp_without_a_cdn(
    page, live_server, coordinator, review
):
    _token, secret = tokens.api_token_create(user=coordinator, name="docs", lifetime_days=30)
    violations, requests = [], []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() == 11
    assert serious_violations(page) == []

    # Authorise with a personal token and call the reviews list from the page.
    page.get_by_role("button", name="Authorize").first.click()
    token_form = page.locator(".modal-ux form").filter(has_text="apiToken")
    token_form.locator("input[type=text]").fill(f"Token {secret}")
    token_form.get_by_role("button", name="Apply credentials").click()
    token_form.get_by_role("button", name="Close").click()
    page.locator("#operations-reviews-reviews_list .opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert f'"id": {review.pk}' in body.inner_text()
    assert serious_violations(page) == []  # an operation open, its answer shown

    assert violations == []
    assert all(url.startswith(live_server.url) for url in requests), requests


def test_the_documentation_is_linked_from_a_page_in_the_users_language(
    page, live_server, coordinator
):
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/accounts/api-tokens/")
    link = page.get_by_role("link", name="API-dokumentasjonen (på engelsk)")
    assert link.get_attribute("hreflang") == "en"
    assert serious_violations(page) == []
    link.click()
    page.locator(".opblock").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
