"""A reviewer on a site visit never loses a word, in Debian's chromium: the network
gone (the cable pulled, for the page and its offline worker alike), the browser
killed, the session deleted on the server, two devices changing one item, a note
with an identity number, and a phone."""

import json
import os
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from reviews.rating.models import Rating
from tests import factories
from tests.e2e.helpers import log_in
from tests.e2e.network import Cable

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

IDENTITY_NUMBERS = json.loads((Path(__file__).parents[1] / "identity_numbers.json").read_text())


@pytest.fixture
def review(site, reviewer_a, reviewer_b):
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


@pytest.fixture
def cable(live_server):
    host, port = live_server.url.removeprefix("http://").split(":")
    cable = Cable(host, int(port))
    yield cable
    cable.close()


@pytest.fixture
def launch(browser_type, browser_type_launch_args, tmp_path):
    """Start the browser on a profile kept on disk, as a tablet keeps it; a second
    start on the same profile is the browser opened again after a crash."""
    profile = tmp_path / "profile"
    contexts = []

    def start():
        context = browser_type.launch_persistent_context(
            profile, **browser_type_launch_args, locale="nb-NO"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    start.profile = profile
    yield start
    for context in contexts:
        with suppress(Exception):  # one was killed on purpose
            context.close()


def kill_browser(profile: Path) -> None:
    """SIGKILL the browser using this profile: a crash or a flat battery, no warning."""
    found = subprocess.run(
        ["pgrep", "-f", "--", f"--user-data-dir={profile}"], capture_output=True, text=True
    ).stdout.split()
    assert found, "the browser should be running"
    for pid in found:
        with suppress(ProcessLookupError):  # a child gone with its parent
            os.kill(int(pid), signal.SIGKILL)


def rating_of(reviewer, number):
    return Rating.objects.filter(reviewer=reviewer, item__number=number).first()


def wait_for(condition, timeout=15.0):
    """Wait until the server has what the page sent; return the seconds it took."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "not stored in time"
        time.sleep(0.05)
    return time.monotonic() - start


def wait_in_page(page, expression: str, timeout=15.0) -> None:
    """Wait until an expression (a promise, too) is true in the page."""
    start = time.monotonic()
    while not page.evaluate(expression):
        assert time.monotonic() - start < timeout, expression
        time.sleep(0.1)


def offline_copy_kept(page, reviewer) -> None:
    """Wait until the worker controls the page and keeps a copy of it."""
    wait_in_page(
        page,
        f"""navigator.serviceWorker.controller !== null
            && caches.open('ipsfidelity-pages-{reviewer.pk}')
               .then(cache => cache.match(location.origin + location.pathname))
               .then(Boolean)""",
    )


def kept_on_device(page) -> list:
    return page.evaluate(
        "ipsSession.changes('readonly', store => store.getAll()).then(rows => rows.map(r => r.key))"
    )


def test_changes_made_offline_are_sent_when_the_page_is_opened_again_online(
    page, cable, review, reviewer_a
):
    rating_page = f"{cable.url}/reviews/{review.pk}/rating/"
    log_in(page, SimpleNamespace(url=cable.url), reviewer_a)
    page.goto(rating_page)
    page.locator("#score-1-3").check()  # online: saved at once
    expect(page.locator("#item-1 .save-status")).to_have_attribute("data-state", "saved")

    # The network goes, two items change, and the tab is closed without a warning.
    cable.unplug()
    page.locator("#score-2-4").check()
    page.locator("#evidence-3").fill("Skrevet uten nett: 3 av 4 ES")
    expect(page.locator("#rating-waiting")).to_have_attribute("data-waiting", "2")
    context = page.context
    page.close(run_before_unload=False)
    assert rating_of(reviewer_a, 2) is None and rating_of(reviewer_a, 3) is None

    # Opened again once the network is back: sent, oldest first, deleted from the device.
    cable.plug()
    again = context.new_page()
    again.goto(rating_page)
    seconds = wait_for(
        lambda: (
            rating_of(reviewer_a, 3) is not None
            and rating_of(reviewer_a, 3).evidence == "Skrevet uten nett: 3 av 4 ES"
        )
    )
    print(f"sent {seconds:.1f} s after the page was opened again")
    assert rating_of(reviewer_a, 2).score == 4
    assert rating_of(reviewer_a, 2).updated_at <= rating_of(reviewer_a, 3).updated_at
    expect(again.locator("#item-3 .save-status")).to_have_attribute("data-state", "saved")
    expect(again.locator("#rating-waiting")).to_be_hidden()
    wait_in_page(again, "ipsSession.changes('readonly', s => s.count()).then(n => n === 0)")


def test_nothing_is_lost_when_the_browser_dies_offline_and_the_session_is_gone(
    launch, cable, review, reviewer_a
):
    rating_page = f"{cable.url}/reviews/{review.pk}/rating/"
    browser = launch()
    page = browser.pages[0]
    log_in(page, SimpleNamespace(url=cable.url), reviewer_a)
    page.goto(rating_page)
    page.locator("#score-1-3").check()
    expect(page.locator("#item-1 .save-status")).to_have_attribute("data-state", "saved")
    offline_copy_kept(page, reviewer_a)

    # The network goes; two items change; the browser dies (a crash, a flat battery).
    cable.unplug()
    page.locator("#score-2-4").check()
    page.locator("#evidence-3").fill("Skrevet uten nett: 3 av 4 ES")
    expect(page.locator("#rating-waiting")).to_have_attribute("data-waiting", "2")
    expect(page.locator("#item-3 .save-status")).to_have_attribute("data-state", "waiting")
    kill_browser(launch.profile)

    # Opened again without a network: the kept copy, with the changes in place.
    browser = launch()
    page = browser.pages[0]
    page.goto(rating_page)
    expect(page.locator("#rating-connection")).to_contain_text("kopien av siden")
    expect(page.locator("#score-2-4")).to_be_checked()
    expect(page.locator("#evidence-3")).to_have_value("Skrevet uten nett: 3 av 4 ES")
    expect(page.locator("#score-1-3")).to_be_checked()
    expect(page.locator("#rating-waiting")).to_have_attribute("data-waiting", "2")

    # The network is back but the session is not (ended on the server; a killed
    # browser may also have lost its cookie): nothing is taken for saved.
    Session.objects.all().delete()
    cable.plug()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    banner = page.locator("#session-banner")
    expect(banner).to_contain_text("Du er logget ut")
    page.locator("#score-4-5").check()
    expect(page.locator("#item-4 .save-status")).to_have_attribute("data-state", "waiting")
    assert all(rating_of(reviewer_a, n) is None for n in (2, 3, 4))
    keys = sorted(kept_on_device(page))
    assert keys == [f"{reviewer_a.pk}:{review.pk}:{n}" for n in (2, 3, 4)]

    # Logging in again in another tab sends everything, without reloading this one.
    with browser.expect_page() as opened:
        banner.get_by_role("link").click()
    other = opened.value
    other.get_by_label("E-postadresse").fill(reviewer_a.email)
    other.get_by_label("Passord").fill(factories.PASSWORD)
    other.get_by_role("button", name="Logg inn").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Du er logget inn igjen")
    seconds = wait_for(lambda: rating_of(reviewer_a, 4) is not None)
    print(f"sent {seconds:.1f} s after logging in again")
    expect(banner).to_be_hidden()
    expect(page.locator("#item-4 .save-status")).to_have_attribute("data-state", "saved")
    stored = {n: rating_of(reviewer_a, n) for n in (1, 2, 3, 4)}
    assert [stored[n].score for n in (1, 2, 4)] == [3, 4, 5]
    assert stored[3].evidence == "Skrevet uten nett: 3 av 4 ES"
    assert stored[2].updated_at <= stored[3].updated_at <= stored[4].updated_at  # oldest first
    wait_in_page(page, "ipsSession.changes('readonly', s => s.count()).then(n => n === 0)")

    # Logging out deletes what the device kept for this person.
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/accounts/login/")
    assert page.evaluate("caches.keys()") == ["ipsfidelity-static"]


def test_a_change_made_on_an_older_copy_is_shown_beside_the_saved_one(
    launch, browser, live_server, cable, review, reviewer_a
):
    tablet = launch()
    first = tablet.pages[0]
    log_in(first, SimpleNamespace(url=cable.url), reviewer_a)
    first.goto(f"{cable.url}/reviews/{review.pk}/rating/")
    first.locator("#score-6-2").check()
    expect(first.locator("#item-6 .save-status")).to_have_attribute("data-state", "saved")

    # The tablet loses the network and the reviewer goes on there...
    cable.unplug()
    first.locator("#evidence-6").fill("Notat fra nettbrettet")
    expect(first.locator("#item-6 .save-status")).to_have_attribute("data-state", "waiting")
    # ...and on the laptop (on a network of its own), where the same item is saved first.
    laptop = browser.new_context(locale="nb-NO")
    second = laptop.new_page()
    log_in(second, live_server, reviewer_a)
    second.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    second.locator("#score-6-4").check()
    second.locator("#evidence-6").fill("Notat fra PC-en")
    expect(second.locator("#item-6 .save-status")).to_have_attribute("data-state", "saved")
    wait_for(lambda: rating_of(reviewer_a, 6).evidence == "Notat fra PC-en")

    # The tablet's change is not written over the laptop's unseen: both are shown.
    cable.plug()
    first.evaluate("window.dispatchEvent(new Event('online'))")
    choice = first.locator("#item-6 .rating-conflict")
    expect(choice).to_contain_text("Notat fra PC-en")
    expect(choice).to_contain_text("Notat fra nettbrettet")
    assert rating_of(reviewer_a, 6).evidence == "Notat fra PC-en"
    choice.get_by_role("button", name="Behold min").click()
    wait_for(lambda: rating_of(reviewer_a, 6).evidence == "Notat fra nettbrettet")
    assert rating_of(reviewer_a, 6).score == 2
    expect(first.locator("#item-6 .save-status")).to_have_attribute("data-state", "saved")
    laptop.close()


def test_one_tab_rates_at_a_time_and_another_can_take_over(page, live_server, review, reviewer_a):
    log_in(page, live_server, reviewer_a)
    url = f"{live_server.url}/reviews/{review.pk}/rating/"
    page.goto(url)
    page.locator("#score-7-3").check()
    expect(page.locator("#item-7 .save-status")).to_have_attribute("data-state", "saved")

    second = page.context.new_page()
    second.goto(url)
    notice = second.locator("#rating-other-tab")
    expect(notice).to_contain_text("åpen i en annen fane")
    expect(second.locator("#score-7-4")).to_be_disabled()
    notice.get_by_role("button", name="Skår her i stedet").click()
    expect(second.locator("#score-7-3")).to_be_checked()  # reloaded: what the first saved
    expect(page.locator("#rating-other-tab")).to_be_visible()
    expect(page.locator("#score-7-4")).to_be_disabled()
    second.locator("#score-7-4").check()
    expect(second.locator("#item-7 .save-status")).to_have_attribute("data-state", "saved")
    assert rating_of(reviewer_a, 7).score == 4


def test_a_note_with_an_identity_number_is_refused_before_it_is_kept(
    launch, cable, review, reviewer_a
):
    browser = launch()
    page = browser.pages[0]
    log_in(page, SimpleNamespace(url=cable.url), reviewer_a)
    page.goto(f"{cable.url}/reviews/{review.pk}/rating/")
    # The page's rule is the server's: the same texts, the same answers.
    for text in IDENTITY_NUMBERS["found"]:
        assert page.evaluate("containsIdentityNumber", text), text
    for text in IDENTITY_NUMBERS["not_found"]:
        assert not page.evaluate("containsIdentityNumber", text), text

    cable.unplug()
    page.locator("#score-5-3").check()
    expect(page.locator("#item-5 .save-status")).to_have_attribute("data-state", "waiting")
    page.locator("#evidence-5").fill("Klient 08 10 69 133 40 fikk jobb")
    status = page.locator("#item-5 .save-status")
    expect(status).to_have_attribute("data-state", "refused")
    # Only the score (kept before the note) is on the device; the number is not.
    rows = page.evaluate("ipsSession.changes('readonly', s => s.getAll())")
    assert [row["fields"]["evidence"] for row in rows] == [""]
    page.locator("#evidence-5").fill("Klient K.O. fikk jobb")
    expect(status).to_have_attribute("data-state", "waiting")
    cable.plug()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for(lambda: rating_of(reviewer_a, 5) and rating_of(reviewer_a, 5).evidence)
    assert rating_of(reviewer_a, 5).evidence == "Klient K.O. fikk jobb"


def test_on_a_phone_item_17_is_two_taps_away_and_nothing_scrolls_sideways(
    page, live_server, review, reviewer_a
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_text("Gå til et punkt").click()  # tap 1
    page.locator('.jump-item[data-jump="17"]').click()  # tap 2
    item = page.locator("#item-17")
    expect(item).to_be_in_viewport()
    item.locator("#score-17-4").check()
    expect(page.locator('.jump-item[data-jump="17"]')).to_have_class(
        "btn btn-sm jump-item is-scored"
    )
    assert rating_of(reviewer_a, 17) is not None or wait_for(lambda: rating_of(reviewer_a, 17))


def test_a_forgotten_tick_is_said_next_to_the_box_and_nothing_is_sent(
    page, live_server, review, reviewer_a
):
    factories.rate_all(review, reviewer_a, 3)
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    page.get_by_role("button", name="Send inn skåringene mine").click()
    box = page.locator("#confirm-submit")
    expect(box).to_be_focused()
    expect(page.locator("#confirm-submit-error")).to_contain_text("Kryss av")
    expect(box).to_be_in_viewport()
    assert page.url.endswith(f"/reviews/{review.pk}/rating/")
    review.refresh_from_db()
    assert review.submitted_a_at is None


def test_logging_out_with_unsent_changes_asks_first_and_then_deletes_them(
    page, live_server, review, reviewer_a
):
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    page.context.set_offline(True)
    page.locator("#score-8-2").check()
    expect(page.locator("#rating-waiting")).to_have_attribute("data-waiting", "1")
    page.route("**/reviews/*/rating/*/", lambda route: route.abort())  # still not sent
    page.context.set_offline(False)

    # The question is answered by a handler set before the click: the click waits for
    # the log-out's navigation, which waits for the question.
    asked = []

    def answer(accept: bool):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.once("dialog", answer(False))
    with page.expect_event("dialog"):  # asked once the device's changes are counted
        page.get_by_role("button", name="Logg ut").click()
    assert "1 endring " in asked[0] and "slettes" in asked[0]
    assert page.url.endswith(f"/reviews/{review.pk}/rating/")  # still here, still kept
    assert len(kept_on_device(page)) == 1

    page.once("dialog", answer(True))
    with page.expect_event("dialog"):
        page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert len(asked) == 2
    assert kept_on_device(page) == []
    assert rating_of(reviewer_a, 8) is None


def test_ratings_are_not_submitted_while_a_change_waits_or_without_a_connection(
    page, live_server, review, reviewer_a
):
    factories.rate_all(review, reviewer_a, 3)
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    page.route("**/reviews/*/rating/*/", lambda route: route.abort())  # the save cannot go
    page.locator("#score-9-5").check()
    expect(page.locator("#item-9 .save-status")).to_have_attribute("data-state", "waiting")
    page.locator("#confirm-submit").check()
    page.get_by_role("button", name="Send inn skåringene mine").click()
    expect(page.locator("#submit-problem")).to_contain_text("ikke lagret ennå")
    review.refresh_from_db()
    assert review.submitted_a_at is None

    page.unroute("**/reviews/*/rating/*/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#item-9 .save-status")).to_have_attribute("data-state", "saved")
    page.context.set_offline(True)
    page.get_by_role("button", name="Send inn skåringene mine").click()
    expect(page.locator("#submit-problem")).to_contain_text("trenger forbindelse")
    assert page.url.endswith(f"/reviews/{review.pk}/rating/")  # not the browser's error page
    page.context.set_offline(False)
    page.get_by_role("button", name="Send inn skåringene mine").click()
    page.wait_for_url(f"{live_server.url}/reviews/{review.pk}/")
    review.refresh_from_db()
    assert review.submitted_a_at is not None
    assert rating_of(reviewer_a, 9).score == 5


def test_a_refused_note_typed_while_a_save_is_on_its_way_is_not_called_saved(
    page, live_server, review, reviewer_a
):
    log_in(page, live_server, reviewer_a)
    page.goto(f"{live_server.url}/reviews/{review.pk}/rating/")
    page.context.set_offline(True)
    page.locator("#score-10-2").check()
    expect(page.locator("#item-10 .save-status")).to_have_attribute("data-state", "waiting")
    page.locator("#evidence-10").fill("Klient 15076500565")
    expect(page.locator("#item-10 .save-status")).to_have_attribute("data-state", "refused")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for(lambda: rating_of(reviewer_a, 10) is not None)
    expect(page.locator("#item-10 .save-status")).to_have_attribute("data-state", "refused")
    assert rating_of(reviewer_a, 10).evidence == ""
