"""Consensus in few actions: two reviewers agree 25 items, 15 of which they scored alike,
writing each recommendation below 5 in their own words, in Debian's chromium. Every
click, tick and text entry counts as an action; a row saves itself when it is left."""

import pytest
from playwright.sync_api import expect

from reviews.rating.models import ConsensusScore, Review
from tests import factories
from tests.e2e.helpers import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Items 1-15 scored alike (item 15 a 5); items 16-25 one or two points apart.
SCORES_A = [3] * 14 + [5] + [2] * 10
SCORES_B = [3] * 14 + [5] + [4] * 5 + [3] * 5


class Actions:
    """Counts what the reviewers do, so the target is checked where it is met."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator, verb, *args):
        self.count += 1
        getattr(locator, verb)(*args)


def test_fifteen_agreed_items_of_25_are_settled_within_40_actions(
    page, live_server, site, reviewer_a, reviewer_b
):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, SCORES_A, submit=True)
    factories.rate_all(review, reviewer_b, SCORES_B, submit=True)
    act = Actions()
    page.set_viewport_size({"width": 1024, "height": 1366})  # a tablet held upright

    log_in(page, live_server, reviewer_b)
    page.goto(f"{live_server.url}/reviews/{review.pk}/consensus/")
    assert serious_violations(page) == []
    act(page.get_by_role("button", name="Godta 1 punkt med skår 5"), "click")
    expect(page.get_by_role("status").first).to_contain_text("1 punkt dere begge ga skår 5")
    for number in [*range(1, 15), *range(16, 26)]:
        row = page.locator(f"#item-{number}")
        if number > 15:  # scored apart: the reviewers choose the score here
            act(row.get_by_label("3", exact=True), "check")
        # What a 4 asks for is shown beside the field, not put into it.
        anchor_4 = review.scale.items.get(number=number).anchors.get(score=4).text_nb
        expect(row.locator(".next-anchor-text")).to_have_text(anchor_4)
        expect(row.get_by_label("Anbefaling")).to_have_value("")
        act(row.get_by_label("Anbefaling"), "fill", f"Punkt {number}: våre egne ord om neste steg.")
        # Leaving the field saves the row (the next action moves on).
    act(page.get_by_label("Jeg har lest gjennom alle punktene"), "check")
    for number in [*range(1, 15), *range(16, 26)]:
        expect(page.locator(f"#item-{number} [data-state=saved]")).to_be_visible()
    act(page.get_by_role("button", name="Marker konsensus som ferdig"), "click")
    expect(page.get_by_role("status").first).to_contain_text("bedt om å bekrefte")

    page.context.clear_cookies()
    log_in(page, live_server, reviewer_a)
    expect(page.locator("main")).to_contain_text("du må bekrefte")  # on the home page
    page.goto(f"{live_server.url}/reviews/{review.pk}/consensus/")
    act(page.get_by_label("Jeg har lest gjennom alle punktene"), "check")
    act(page.get_by_role("button", name="Bekreft: konsensus er ferdig"), "click")
    page.wait_for_url(f"{live_server.url}/reviews/{review.pk}/report/")

    review.refresh_from_db()
    assert review.status == Review.Status.REPORT
    assert ConsensusScore.objects.filter(review=review).count() == 25
    assert not ConsensusScore.objects.filter(review=review, recommendation__startswith="Neste")
    assert ConsensusScore.objects.get(review=review, item__number=7).recommendation == (
        "Punkt 7: våre egne ord om neste steg."
    )
    assert act.count <= 40, act.count
