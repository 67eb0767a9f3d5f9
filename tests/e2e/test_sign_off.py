"""Both reviewers sign off in the browser; the second sign-off publishes the signed PDF."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import log_in, serious_violations
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_off(page, live_server, review, reviewer) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/reviews/{review.pk}/report/sign-off/")
    # The page says what cannot be undone before anything is done.
    expect(page.locator("main")).to_contain_text("deretter kan ingenting i evalueringen endres")
    assert serious_violations(page) == []
    page.get_by_label("Passordet ditt").fill(PASSWORD)
    page.get_by_role("button", name="Godkjenn", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Du har godkjent rapporten")


def test_both_reviewers_sign_off_and_the_report_is_published(
    page, live_server, site, reviewer_a, reviewer_b
):
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_off(page, live_server, review, reviewer_a)
    review.refresh_from_db()
    assert review.status == "report" and not review.reports.exists()
    # The PDF is made and signed in the request's task (eager here, a worker in
    # production), on the server's thread, not Playwright's.
    sign_off(page, live_server, review, reviewer_b)
    review.refresh_from_db()
    report = review.reports.get()
    assert (review.status, report.status) == ("published", "signed")
    assert report.pdf.size > 10_000
