"""A site leader follows their site: the trend on the site page and the signed report."""

import threading
from datetime import date

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import log_in, serious_violations
from tests.reviews.history.test_history_counts import bring_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_site_leader_sees_the_trend_and_downloads_the_signed_report(
    page, live_server, site, site_leader, reviewer_a, reviewer_b
):
    site.start_date = date(2015, 1, 1)
    site.save()
    bring_in(site, (date(2019, 5, 2), 77), (date(2022, 5, 2), 92))
    bring_in(site, (date(2023, 5, 2), 101), kind="self_assessment")
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    # Signing runs its own event loop; Playwright's runs in this thread.
    signing = threading.Thread(target=factories.sign_off_both, args=(review, *review.reviewers))
    signing.start()
    signing.join()
    report = review.reports.get()
    assert report.status == "signed"
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, live_server, site_leader)
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    trend = page.locator("#site-trend")
    expect(trend).to_contain_text("Utvikling over tid")
    expect(trend.locator("svg")).to_be_visible()
    expect(trend.locator("table").first).to_contain_text("92")
    trend.get_by_text("Skåren for hvert punkt ved hver evaluering").click()
    expect(trend.locator("details table")).to_be_visible()
    expect(trend).to_contain_text("Anbefalinger fra siste evaluering")
    assert serious_violations(page) == []

    with page.expect_download() as download:
        # The latest signed report leads the page.
        page.get_by_role("link", name="Last ned rapporten (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert report.verification_code in page.locator("main").inner_text()
