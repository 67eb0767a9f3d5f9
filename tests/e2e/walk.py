"""The walk of every page a role reaches, shared by the accessibility tests (one file
per language, so two test processes walk at once).

The demo data holds a review in every state, published reports with a correction,
earlier imported reviews, leave and invitations; one review is made overdue. Each
role starts at the home page and follows the links it is shown, as a person would,
so a new page is checked as soon as a link leads to it. 0 serious or critical
violations is the bar (WCAG 2.2 AA as axe-core checks it).
"""

import threading
from collections import deque
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from reviews.demo import DEMO_PASSWORD, seed_demo
from reviews.rating.models import Review
from tests import factories
from tests.e2e.helpers import serious_violations

ROLES = [
    "admin@ipsfidelity.example",
    "koordinator.nord@ipsfidelity.example",
    "evaluator.a@ipsfidelity.example",
    "leder.tromso@ipsfidelity.example",
]
# Files, feeds and machine-readable answers are not pages; the Django admin is
# Django's own, and the API documentation is Swagger UI's (a developer's tool,
# with its own known findings); log-out is a form.
NOT_PAGES = (
    ".csv",
    ".pdf",
    ".ics",
    ".xlsx",
    "/download",
    "/feed/",
    "export=",
    "/admin/",
    "/api/v1/",
    "/api/schema/",
    "/api/docs/",
)
# How many addresses of one kind (URL name) to check: one of each page (a second
# of each cost minutes of CI); the journey tests run axe on the states they walk.
PER_KIND = {"nb": 1, "en": 1}
# A phone, a tablet, a desktop: no page scrolls sideways at any of them (a wide table
# or chart scrolls in its own box), and at the desktop width the menu is one row.
WIDTHS = (390, 768, 1280)
WIDER_THAN_THE_WINDOW = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    // The outermost elements that stick out, outside boxes that scroll themselves.
    const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.right <= width + 1 || box.width === 0) continue;
        let parent = el.parentElement, inside = false;
        while (parent && parent !== document.body) {
            if (scrolls(parent) || out.includes(parent)) { inside = true; break; }
            parent = parent.parentElement;
        }
        if (!inside) out.push(el);
    }
    return out.slice(0, 3).map(el =>
        `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")}`
        + ` to ${Math.round(el.getBoundingClientRect().right)}px`);
}"""
MENU_ROWS = """() => {
    const items = [...document.querySelectorAll(
        "nav.navbar .navbar-brand, nav.navbar .nav-item, nav.navbar .navbar-collapse .d-flex > *"
    )].filter(el => el.getBoundingClientRect().height > 0);
    const middles = items.map(el => {
        const box = el.getBoundingClientRect();
        return (box.top + box.bottom) / 2;
    });
    // One row: every item's middle within a few pixels of the others'.
    return Math.max(...middles) - Math.min(...middles) > 12 ? 2 : 1;
}"""


def too_wide(page) -> list[str]:
    """Where the page scrolls sideways, at each width; and the menu on more than one row."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"{width}px: {culprit}" for culprit in page.evaluate(WIDER_THAN_THE_WINDOW)]
        if width == 1280 and page.evaluate(MENU_ROWS) > 1:
            problems.append("1280px: the menu wraps onto a second row")
    return problems


@pytest.fixture
def demo(transactional_db):
    # The demo signs reports, and signing runs its own event loop: not in this thread,
    # where Playwright's runs.
    factories.ips25()  # a transactional test before may have flushed the scale
    failures = []

    def seed():
        try:
            seed_demo()
        except Exception as error:
            failures.append(error)

    seeding = threading.Thread(target=seed)
    seeding.start()
    seeding.join()
    assert failures == []
    overdue = Review.objects.filter(status=Review.Status.PLANNED).first()
    today = timezone.localdate()
    Review.objects.filter(pk=overdue.pk).update(
        due_from=today - timedelta(days=90), due_by=today - timedelta(days=30)
    )


def url_kind(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def walk(page, base: str, language: str, widths: bool = False) -> dict[str, list[str]]:
    """Visit the pages reachable by links from the home page; axe each one (and check
    its width at a phone's, a tablet's and a desktop's, with `widths`)."""
    seen_kinds: dict[str, int] = {}
    visited: set[str] = set()
    queue = deque(["/"])
    problems: dict[str, list[str]] = {}
    while queue:
        path = queue.popleft()
        kind = url_kind(urlsplit(path).path)
        if path in visited or kind is None or seen_kinds.get(kind, 0) >= PER_KIND[language]:
            continue
        visited.add(path)
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, not a page
                continue
            raise
        if response is None or response.status >= 400:
            problems[path] = [f"HTTP {response.status if response else '?'}"]
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found = serious_violations(page)
        if widths:
            found += too_wide(page)
        if found:
            problems[path] = found
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urldefrag(href)[0]
            if not link.startswith(base) or any(part in link for part in NOT_PAGES):
                continue
            queue.append(link[len(base) :] or "/")
    return problems


def walk_every_role(page, base: str, language: str) -> dict[str, list[str]]:
    """Log in as each role in `language` and walk; the problems found, by person and page."""
    problems = {}
    for email in ROLES:
        person = get_user_model().objects.get(email=email)
        person.language = language
        person.save()
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base}/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("main form [type=submit]").click()
        page.wait_for_url(f"{base}/")
        checked = walk(page, base, language, widths=language == "nb")
        for path, found in checked.items():
            problems[f"{email} {language} {path}"] = found
    return problems
