"""Setting up the authenticator app in the browser, from the user menu."""

import time

import pyotp
import pytest

from tests.e2e.helpers import log_in, serious_violations
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_reviewer_sets_up_an_authenticator_app_from_the_user_menu(page, live_server, reviewer_a):
    violations = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    log_in(page, live_server, reviewer_a)
    page.get_by_role("button", name=reviewer_a.get_short_name()).click()
    page.get_by_role("link", name="Tofaktorautentisering").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Aktiver").click()

    # allauth asks for the password again before the account's log-in changes.
    page.get_by_label("Passord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Bekreft").click()

    secret = page.locator("#authenticator_secret").input_value()
    assert serious_violations(page) == []
    while 30 - time.time() % 30 < 3:  # not a code about to change
        time.sleep(0.5)
    page.get_by_label("Autentiseringskode").fill(pyotp.TOTP(secret).now())
    page.locator("main").get_by_role("button", name="Aktiver").click()

    page.get_by_role("heading", name="Gjenopprettingskoder").wait_for()
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    assert serious_violations(page) == []
    assert violations == []
