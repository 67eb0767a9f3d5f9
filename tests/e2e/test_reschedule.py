"""A coordinator moves a visit on a tablet; both reviewers get a mail in their own
language, and the page names exactly who got one."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moved_visit_mails_both_reviewers_and_says_so(
    page, live_server, site, coordinator, reviewer_a, reviewer_b, mailoutbox
):
    factories.ips25()  # a transactional test before may have flushed the scale
    reviewer_b.language = "en"
    reviewer_b.save()
    review = factories.scheduled_review(site, reviewer_a, reviewer_b, scale=factories.ips25())
    new_start = date.today() + timedelta(days=21)
    page.set_viewport_size({"width": 1024, "height": 1366})

    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/reviews/{review.pk}/schedule/")
    assert serious_violations(page) == []
    page.get_by_label("Første besøksdag").fill(new_start.isoformat())
    page.get_by_label("Siste besøksdag").fill((new_start + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Lagre og varsle evaluatorene").click()
    message = page.get_by_role("alert").or_(page.get_by_role("status")).first
    expect(message).to_contain_text("e-post er sendt til")
    expect(message).to_contain_text(str(reviewer_a))
    expect(message).to_contain_text(str(reviewer_b))

    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {reviewer_a.email, reviewer_b.email}
    assert by_address[reviewer_a.email].subject != by_address[reviewer_b.email].subject
    norwegian, english = by_address[reviewer_a.email], by_address[reviewer_b.email]
    assert "Nye besøksdatoer" in norwegian.subject and "New visit dates" in english.subject
    assert f"{new_start.day}. " in norwegian.body and f"{new_start.day} " in english.body
