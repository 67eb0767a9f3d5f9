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
    expect(grid).to_contain_text("4.0")  # values written in the cells
    expect(grid).to_contain_text("3.0")
    expect(grid).to_contain_text("Skår")  # the legend
    table = heatmap.locator("table")
    expect(table).to_be_hidden()
    heatmap.get_by_text("De samme tallene som tabell").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(25)
    assert serious_violations(page) == []
