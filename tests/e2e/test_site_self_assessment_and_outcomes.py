"""A site leader scores the site with a colleague's page open, publishes the self-assessment,
sees it beside the external review in the trend, and enters a quarter's employment figures."""

from datetime import date

import pytest
from playwright.sync_api import expect

from reviews.outcomes.models import EmploymentOutcome
from reviews.rating.models import Review
from tests import factories
from tests.e2e.helpers import log_in, serious_violations
from tests.reviews.history.test_history_counts import bring_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_site_leader_publishes_a_self_assessment_and_enters_a_quarter(
    page, live_server, site, site_leader
):
    factories.ips25()
    site.start_date = date(2015, 1, 1)
    site.save()
    bring_in(site, (date(2024, 5, 2), 80))
    site_leader.language = "en"
    site_leader.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, site_leader)

    page.goto(f"{live_server.url}/sites/{site.pk}/")
    # The trend and the outcomes load into the page above the link and move it down:
    # click once they are in.
    expect(page.locator("#site-trend")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Start a self-assessment").click()
    page.get_by_role("button", name="Start the self-assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Self-assessment of")
    assert serious_violations(page) == []

    # Each score saves itself as it is chosen, a note when the leader leaves its box;
    # no save button to press (it stays for a browser without scripts).
    row = page.locator("#item-1")
    row.get_by_label("Note").fill("Caseloads from the records")
    row.locator("#self-1-3").check()
    expect(row).to_contain_text("Saved")
    row.get_by_label("Note").fill("Caseloads from the records, 18 per specialist")
    row.locator("#self-1-4").check()  # a second change, sent as the first comes back
    for number in range(2, 26):
        row = page.locator(f"#item-{number}")
        row.locator(f"#self-{number}-4").check()
        expect(row).to_contain_text("Saved")
    page.locator("#note-25").focus()
    page.locator("#note-25").fill("Checked with the team")
    with page.expect_response(lambda answer: answer.request.method == "POST") as note_saved:
        page.keyboard.press("Tab")  # leaving the box saves the note
    assert note_saved.value.status == 200
    saved = {
        c.item.number: (c.score, c.rationale)
        for c in site.reviews.get(kind="self_assessment", imported_at=None).consensus_scores.all()
    }
    assert saved[1] == (4, "Caseloads from the records, 18 per specialist")
    assert saved[25] == (4, "Checked with the team") and len(saved) == 25
    page.get_by_label("We have scored every item; publish the self-assessment.").check()
    page.get_by_role("button", name="Publish", exact=True).click()

    page.wait_for_url(f"{live_server.url}/sites/{site.pk}/")
    trend = page.locator("#site-trend")
    expect(trend.locator("table").first).to_contain_text("Self-assessment")
    expect(trend.locator("table").first).to_contain_text("100")
    expect(trend).to_contain_text("beside the external review")
    expect(trend.get_by_role("region", name="Each item: the site's own score")).to_be_visible()
    review = site.reviews.get(kind="self_assessment", imported_at=None)
    assert review.status == Review.Status.PUBLISHED

    page.get_by_role("link", name="Enter or correct a quarter's figures").click()
    form = page.get_by_role("region", name="Enter a quarter")
    form.get_by_label("Year").fill("2025")
    form.locator("#id_quarter").select_option("3")
    form.get_by_label("People served").fill("48")
    form.get_by_label("Of them, out of work when they started").fill("40")
    form.get_by_label("Of those, in ordinary paid work during the quarter").fill("18")
    form.get_by_label("New job starts").fill("6")
    page.get_by_role("button", name="Save the figures").click()
    outcomes = page.locator("#site-outcomes")
    expect(outcomes.locator("table")).to_contain_text("45 %")
    expect(outcomes.locator("svg desc")).to_have_count(1)
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    expect(page.locator("#site-outcomes table")).to_contain_text("45 %")
    expect(page.locator("#site-trend table").first).to_contain_text("Self-assessment")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/reviews/outcomes/?year=2025")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fidelity and employment")
    assert serious_violations(page) == []
    saved = EmploymentOutcome.objects.get(site=site)
    assert (saved.year, saved.quarter, saved.in_paid_work) == (2025, 3, 18)
