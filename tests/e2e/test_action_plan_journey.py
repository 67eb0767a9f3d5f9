"""From one review to the next: the report is published, the site leader writes the action
plan, an overdue action is reminded of once, the coordinator sees it, and the next review's
rating page and report show what came of the previous recommendations."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from reviews.planning import reminders
from reviews.planning.models import Reminder
from reviews.rating.models import Review
from reviews.reports.render import ReportInput, report_html, report_language
from tests import factories
from tests.e2e.helpers import log_in, serious_violations
from tests.reviews.followup.helpers import SCORES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign(review):
    # Signing runs its own event loop; Playwright's runs in this thread.
    signing = threading.Thread(target=factories.sign_off_both, args=(review, *review.reviewers))
    signing.start()
    signing.join()
    review.refresh_from_db()
    return review


def test_the_action_plan_from_publication_to_the_next_review(
    page, live_server, site, region, site_leader, coordinator, reviewer_a, reviewer_b
):
    factories.ips25()
    site.report_language = "en"
    site.save()
    for person in (site_leader, coordinator, reviewer_a):
        person.language = "en"
        person.save()
    today = timezone.localdate()
    first = factories.scheduled_review(site, reviewer_a, reviewer_b)
    Review.objects.filter(pk=first.pk).update(
        visit_start=today - timedelta(days=60), visit_end=today - timedelta(days=59)
    )
    first.refresh_from_db()
    first = sign(factories.ready_report(first, reviewer_a, reviewer_b, consensus=SCORES))
    assert first.status == "published"
    page.set_viewport_size({"width": 1280, "height": 900})

    # The site leader writes the plan from the weakest items, then starts on item 1.
    log_in(page, live_server, site_leader)
    page.goto(f"{live_server.url}/reviews/{first.pk}/")
    page.get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action plan")
    # Five items come ticked, each goal empty with the next step as its hint; the
    # leader keeps one here and writes its goal.
    expect(page.locator("input[id$='-include']:checked")).to_have_count(5)
    expect(page.locator("#id_items-0-goal")).to_have_value("")
    expect(page.locator("#id_items-0-goal")).not_to_have_attribute("placeholder", "")
    assert serious_violations(page) == []
    for index in range(1, 5):
        page.locator(f"#id_items-{index}-include").uncheck()
    page.locator("#id_items-0-goal").fill("Improve item 1")
    page.locator("#id_items-0-owner").fill("Kari Leder")
    page.locator("#id_items-0-due_on").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save the action plan").click()
    expect(page.locator(".alert-success")).to_contain_text("The action plan is saved.")
    action = first.action_plan.actions.get(item__number=1)
    page.locator(f"#id_action-{action.pk}-status").select_option("in_progress")
    page.get_by_role("button", name="Save item 1", exact=True).click()
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("In progress")
    assert serious_violations(page) == []

    # The daily reminders: the overdue action is reminded of once.
    mail.outbox.clear()
    assert reminders.send_due_reminders(today=today) >= 1
    assert reminders.send_due_reminders(today=today) == 0
    overdue = Reminder.objects.filter(kind=Reminder.Kind.ACTION_OVERDUE)
    assert list(overdue.values_list("item_number", "recipient")) == [(1, site_leader.pk)]
    assert [m.to for m in mail.outbox if "overdue" in m.subject] == [[site_leader.email]]

    # The coordinator sees the overdue action on the region's planning page.
    page.context.clear_cookies()
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/sites/regions/{region.pk}/planning/")
    plans = page.locator("section[aria-labelledby='action-plans']")
    expect(plans.get_by_role("row", name=site.name)).to_contain_text("1 overdue action: 1")
    assert serious_violations(page) == []

    # The next review: the rating page shows the previous recommendation and its status.
    second = factories.scheduled_review(site, reviewer_a, reviewer_b)
    page.context.clear_cookies()
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{second.pk}/rating/")
    item = page.locator("#item-1")
    expect(item.locator(".previous-item")).to_contain_text("Previous review: score 2")
    expect(item.locator(".previous-item")).to_contain_text("action plan: In progress")
    expect(item.locator(".previous-item")).to_contain_text("Improve item 1")
    assert serious_violations(page) == []

    # Its report follows up the previous plan: its actions and how far each came.
    second = sign(factories.ready_report(second, reviewer_a, reviewer_b))
    assert second.reports.get().status == "signed"
    html = report_html(ReportInput(review=second, language=report_language(second)))
    follow_up = html.split("Follow-up of the previous action plan", 1)[1]
    assert "Improve item 1" in follow_up and "In progress" in follow_up
