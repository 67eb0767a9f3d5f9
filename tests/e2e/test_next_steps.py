"""Each person's next step finds them: a site leader goes from the home page to the new
report in one click and writes a focused plan; a reviewer signs off from the mail that
says it is their turn; a coordinator sees both reviewers' leave before saving a visit.

The comments count a person's actions (a fill, a click, a tick) as the closing note of
the work reports them."""

import re
import threading
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reviews.followup.models import ActionPlan
from reviews.rating.models import Review
from sites.models import ReviewerLeave
from tests import factories
from tests.e2e.helpers import log_in, serious_violations
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_english(*people) -> None:
    for person in people:
        person.language = "en"
        person.save()


def published(site, reviewer_a, reviewer_b) -> Review:
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b, scale=factories.ips25()),
        reviewer_a,
        reviewer_b,
        consensus=[2, 3, 2] + [4] * 16 + [5] * 6,
    )
    # Signing runs its own event loop; Playwright's runs in this thread.
    signing = threading.Thread(target=factories.sign_off_both, args=(review, *review.reviewers))
    signing.start()
    signing.join()
    review.refresh_from_db()
    assert review.status == "published"
    return review


def test_a_site_leader_opens_the_new_report_from_home_and_writes_a_three_item_plan(
    page, live_server, site, site_leader, reviewer_a, reviewer_b
):
    site.report_language = "en"
    site.save()
    in_english(site_leader)
    review = published(site, reviewer_a, reviewer_b)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    log_in(page, live_server, site_leader)  # 3 actions: address, password, log in
    steps = page.locator("section[aria-labelledby=next-steps]")
    expect(steps).to_contain_text(f"New report for {site.name}")
    expect(steps).to_contain_text(f"Write the action plan for {site.name}")
    assert serious_violations(page) == []
    with page.expect_download() as download:  # 1 action: the report itself
        steps.get_by_role("link", name=re.compile("New report")).click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    steps.get_by_role("link", name=re.compile("Write the action plan")).click()  # 1
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action plan")
    ticked = page.locator("input[id$='-include']:checked")
    expect(ticked).to_have_count(5)
    for index in (3, 4):  # 2 actions: a plan of three
        page.locator(f"#id_items-{index}-include").uncheck()
    for index in range(3):  # 3 actions: each goal in the site's own words
        goal = page.locator(f"#id_items-{index}-goal")
        expect(goal).to_have_value("")
        assert goal.get_attribute("placeholder")  # what the next score asks for
        goal.fill(f"Our goal {index + 1}")
    page.locator("#id_items-0-owner").fill("Kari Nordmann")
    page.locator("#id_items-0-owner_email").fill("kari@kommune.example")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save the action plan").click()  # 1 action
    expect(page.locator(".alert-success")).to_contain_text("The action plan is saved.")
    plan = ActionPlan.objects.get(review=review)
    assert plan.actions.count() == 3
    assert plan.actions.filter(owner_email="kari@kommune.example").count() == 1


def test_a_reviewer_signs_off_from_the_mail_that_says_it_is_their_turn(
    page, live_server, settings, site, reviewer_a, reviewer_b, mailoutbox
):
    settings.SITE_URL = live_server.url
    in_english(reviewer_a, reviewer_b)
    # Bjørn marks the report text ready (the last step of ready_report): Anne is told.
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b, scale=factories.ips25()),
        reviewer_a,
        reviewer_b,
    )
    mails = [m for m in mailoutbox if "ready for your sign-off" in m.subject]
    assert [m.to for m in mails] == [[reviewer_a.email]]
    link = re.search(r"http://\S+/sign-off/", mails[0].body).group(0)
    page.set_viewport_size({"width": 1024, "height": 1366})  # a tablet

    page.goto(link)  # the log-in page, then back to the link
    page.get_by_label("E-postadresse").fill(reviewer_a.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign off")
    assert serious_violations(page) == []
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign off", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("You have signed off the report")
    assert review.signoffs.filter(reviewer=reviewer_a).exists()


def test_a_coordinator_sees_both_reviewers_leave_before_saving(
    page, live_server, site, coordinator, reviewer_a, reviewer_b
):
    factories.ips25()
    in_english(coordinator)
    review = factories.ReviewFactory(site=site, scale=factories.ips25())
    start = date.today() + timedelta(days=30)
    for reviewer in (reviewer_a, reviewer_b):
        ReviewerLeave.objects.create(
            reviewer=reviewer, first_day=start - timedelta(days=2), last_day=start + timedelta(1)
        )
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/reviews/{review.pk}/schedule/")
    page.get_by_label("First visit day").fill(start.isoformat())
    page.get_by_label("Last visit day").fill((start + timedelta(days=1)).isoformat())
    page.get_by_label("First reviewer").select_option(str(reviewer_a.pk))
    page.get_by_label("Second reviewer").focus()
    page.get_by_label("Second reviewer").select_option(str(reviewer_b.pk))
    # Without saving: the lists and the panel name both clashes.
    panel = page.locator("#availability")
    expect(panel).to_contain_text(f"{reviewer_a} is on leave")
    expect(panel).to_contain_text(f"{reviewer_b} is on leave")
    # The lists say it too, for the days now chosen; the list just used keeps the focus.
    expect(page.get_by_label("First reviewer").locator("option:checked")).to_contain_text(
        "on leave over the visit"
    )
    assert page.evaluate("document.activeElement.id") == "id_reviewer_b"
    review.refresh_from_db()
    assert review.status == "planned" and review.reviewer_a is None
    assert serious_violations(page) == []

    # A week later both are free; the page says so before the coordinator saves.
    later = start + timedelta(days=7)
    page.get_by_label("First visit day").fill(later.isoformat())
    page.get_by_label("Last visit day").fill((later + timedelta(days=1)).isoformat())
    page.get_by_label("Last visit day").blur()
    expect(panel).to_contain_text("Both reviewers are free on these days.")
    page.get_by_role("button", name="Save and notify the reviewers").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "e-mail"
    )
    review.refresh_from_db()
    assert review.status == "scheduled" and review.visit_start == later
