"""A reviewer rates with the keyboard in Debian's chromium; the ratings survive a reload."""

import time

import pytest
from playwright.sync_api import expect

from reviews.rating.models import Rating
from tests import factories
from tests.e2e.helpers import log_in, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def review(site, reviewer_a, reviewer_b):
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


def test_rating_with_the_keyboard_is_saved_and_survives_a_reload(
    page, live_server, review, reviewer_a
):
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    item = page.locator("#item-1")

    # Arrow keys move through the radio group, as in any form.
    item.locator("#score-1-1").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(item.locator("#score-1-3")).to_be_checked()
    # Tab to the first data source and tick it with the space bar.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    # Tab on to the evidence and type.
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(item.locator("#evidence-1")).to_be_focused()
    page.keyboard.type("ES 1 og 2: 18 deltakere hver (saksnr. 14)")
    expect(item.locator(".save-status")).to_have_attribute("data-state", "saved", timeout=10_000)
    page.wait_for_function(
        "document.querySelector('#rating-progress-bar').value === 1", timeout=10_000
    )
    # The evidence is saved a moment after the last key (debounced): wait until it is in.
    evidence = "ES 1 og 2: 18 deltakere hver (saksnr. 14)"
    deadline = time.monotonic() + 15
    while (
        Rating.objects.filter(reviewer=reviewer_a, item__number=1, evidence=evidence).count() == 0
    ):
        assert time.monotonic() < deadline, "the evidence was not saved"
        time.sleep(0.05)

    page.reload()
    item = page.locator("#item-1")
    expect(item.locator("#score-1-3")).to_be_checked()
    expect(item.locator("#source-1-MIS")).to_be_checked()
    expect(item.locator("#evidence-1")).to_have_value("ES 1 og 2: 18 deltakere hver (saksnr. 14)")
    rating = Rating.objects.get(reviewer=reviewer_a, item__number=1)
    assert (rating.score, rating.data_sources) == (3, ["MIS"])


def test_a_lost_connection_keeps_the_change_waiting_and_sends_it_when_back(
    page, live_server, review, reviewer_a
):
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    page.context.set_offline(True)
    page.locator("#score-2-4").check()
    expect(page.locator("#item-2 .save-status")).to_have_attribute("data-state", "waiting")
    expect(page.locator("#rating-waiting")).to_have_attribute("data-waiting", "1")
    expect(page.locator("#rating-connection")).to_contain_text("Ingen forbindelse")
    assert not Rating.objects.filter(item__number=2).exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#item-2 .save-status")).to_have_attribute("data-state", "saved")
    expect(page.locator("#rating-waiting")).to_be_hidden()
    assert Rating.objects.get(reviewer=reviewer_a, item__number=2).score == 4


def test_the_workspace_and_consensus_pages_are_accessible_on_a_tablet(
    page, live_server, review, reviewer_a, reviewer_b
):
    factories.rate_all(review, reviewer_a, 3, submit=True)
    factories.rate_all(review, reviewer_b, [4] * 24 + [2], submit=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server, reviewer_a)
    for path in (f"/reviews/{review.pk}/rating/", f"/reviews/{review.pk}/consensus/"):
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page) == [], path
        # Nothing wider than the tablet's screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 768, path


def test_consensus_is_saved_in_place_and_the_totals_follow(
    page, live_server, review, reviewer_a, reviewer_b
):
    factories.rate_all(review, reviewer_a, 3, submit=True)
    factories.rate_all(review, reviewer_b, [4] * 24 + [1], submit=True)
    log_in(page, live_server, reviewer_b)
    page.goto(f"{live_server.url}/reviews/{review.pk}/consensus/")
    first = page.locator(".consensus-row").first
    expect(first).to_contain_text("25.")  # the largest disagreement comes first
    first.get_by_label("3", exact=True).check()
    first.get_by_label("Anbefaling").fill("Oppsøkende arbeid hver uke.")
    first.get_by_role("button", name="Lagre konsensus").click()
    expect(page.locator("#item-25 [data-state=saved]")).to_be_visible()
    expect(page.locator("#score-summary")).to_contain_text("1/14")
