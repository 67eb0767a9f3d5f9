"""Every page of every role checked with axe in Debian's chromium, in Bokmål, and that
each fits a phone, a tablet and a desktop without sideways scrolling (the English walk
is test_accessibility_english.py: a file each, so two test processes walk at once).

The demo data holds a review in every state, published reports with a correction,
earlier imported reviews, leave and invitations; one review is made overdue. Each
role starts at the home page and follows the links it is shown, as a person would,
so a new page is checked as soon as a link leads to it. 0 serious or critical
violations is the bar (WCAG 2.2 AA as axe-core checks it).
"""

import pytest

from tests.e2e.helpers import serious_violations
from tests.e2e.walk import demo as demo  # the fixture
from tests.e2e.walk import walk_every_role

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_every_page_a_person_can_reach_has_no_serious_violations_and_fits_a_phone(
    page, live_server, demo
):
    assert walk_every_role(page, live_server.url, "nb") == {}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_pages_for_everyone_have_no_serious_violations(page, live_server, language):
    page.context.set_extra_http_headers({"Accept-Language": language})
    problems = {}
    for path in ("/accounts/login/", "/verify/", "/accounts/password/reset/"):
        page.goto(live_server.url + path)
        if found := serious_violations(page):
            problems[path] = found
    assert problems == {}
