"""The national admin reads the heatmap on a tablet: no hovering needed."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import log_in, serious_violations
from tests.reviews.history.test_history_counts import bring_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_heatmap_shows_item_names_values_a_legend_and_a_table(
    page, live_server, site, other_site
):
    factories.ips25()  # a transactional test before may have flushed the scale
    for each in (site, other_site):
        each.start_date = date(2015, 1, 1)
        each.save()
    bring_in(site, (date(2024, 5, 2), 100))  # every item 4
    bring_in(other_site, (date(2024, 6, 2), 75))  # every item 3
    admin = factories.national_admin()
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, upright

    log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/sites/planning/")
    heatmap = page.locator("section[aria-labelledby=heatmap]")
    grid = heatmap.locator("svg")
    expect(grid).to_contain_text("1. ")  # item names beside the rows
    expect(grid).to_contain_text(site.region.name)
    expect(grid).to_contain_text("4,0")  # values written in the cells, in Bokmål
    expect(grid).to_contain_text("3,0")
    expect(grid).to_contain_text("Skår")  # the legend
    table = heatmap.locator("table")
    expect(table).to_be_hidden()
    heatmap.get_by_text("De samme tallene som tabell").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(25)
    assert serious_violations(page) == []


def test_on_a_phone_the_heatmap_keeps_whole_names_and_scrolls_in_its_own_box(
    page, live_server, site, other_site
):
    factories.ips25()
    for each in (site, other_site):
        each.start_date = date(2015, 1, 1)
        each.save()
    bring_in(site, (date(2024, 5, 2), 100))
    bring_in(other_site, (date(2024, 6, 2), 75))
    admin = factories.national_admin()
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/sites/planning/")
    heatmap = page.locator("section[aria-labelledby=heatmap]")
    grid = heatmap.locator("svg")
    # The longest name, whole, over two lines.
    expect(grid).to_contain_text("25. Aktiv oppsøkende kontakt fra det")
    expect(grid).to_contain_text("integrerte behandlingsteamet")
    expect(grid).not_to_contain_text("…")
    sizes = page.evaluate(
        """() => {
            const svg = document.querySelector("section[aria-labelledby=heatmap] svg");
            const box = svg.closest(".table-responsive");
            const labels = [...svg.querySelectorAll("text")].filter(t => t.querySelector("tspan"));
            const left = Math.min(...[...svg.querySelectorAll("rect")].map(r => r.getBBox().x));
            return {
                drawn: svg.getBoundingClientRect().width,
                own: Number(svg.getAttribute("width")),
                boxScrolls: box.scrollWidth > box.clientWidth,
                pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
                // Every label ends left of the grid and starts inside the picture.
                fits: labels.every(t => {
                    const box = t.getBBox();
                    return box.x >= 0 && box.x + box.width <= left;
                }),
            };
        }"""
    )
    assert sizes["drawn"] == sizes["own"], "drawn at its own size, not shrunk to the phone"
    assert sizes["boxScrolls"] and not sizes["pageScrolls"]
    assert sizes["fits"]
    box = heatmap.locator(".table-responsive").first
    box.focus()  # the scrolling box is reached from the keyboard
    page.keyboard.press("ArrowRight")
    assert serious_violations(page) == []
