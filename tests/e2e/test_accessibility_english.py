"""Every page of every role checked with axe in Debian's chromium, in English (the
Bokmål walk, with the widths, is test_accessibility.py)."""

import pytest

from tests.e2e.walk import demo as demo  # the fixture
from tests.e2e.walk import walk_every_role

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_every_page_a_person_can_reach_in_english_has_no_serious_violations(
    page, live_server, demo
):
    assert walk_every_role(page, live_server.url, "en") == {}
