"""The national figures (reviews/planning/dashboard.py) read from the review summaries."""

import re
from datetime import date
from xml.sax.saxutils import escape

import pytest
from django.db.models import Avg

from reviews.history.services import import_reviews
from reviews.planning.national import national_figures
from reviews.rating.models import ConsensusScore
from sites.models import Site
from tests import factories
from tests.reviews.history.test_import import csv_bytes, row
from tests.reviews.rating import test_summaries as rating_summaries

pytestmark = pytest.mark.django_db

# The published review of the summaries' tests, a fixture shared rather than copied.
published = rating_summaries.published


def test_the_heatmap_means_are_those_of_the_scores(published, region, scale):
    site = factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))
    import_reviews(filename="earlier.csv", content=csv_bytes([row(site)]), sites=Site.objects.all())
    figures = national_figures()
    means = dict(ConsensusScore.objects.values_list("item__number").annotate(mean=Avg("score")))
    for mean in means.values():
        # The heatmap writes each mean into its cell's label, with a decimal comma.
        assert f">{mean:.1f}</text>".replace(".", ",") in figures.heatmap
    years = dict(figures.bands_by_year)
    assert sum(years[2019]) == 1
    assert sum(years[published.visit_start.year]) == 1


def test_the_cached_national_figures_follow_a_new_import_at_once(published, region, scale):
    before = dict(national_figures().bands_by_year)
    site = factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))
    import_reviews(
        filename="earlier.csv",
        content=csv_bytes([row(site, visit_date="2016-04-04")]),
        sites=Site.objects.all(),
    )
    after = dict(national_figures().bands_by_year)
    assert 2016 not in before
    assert sum(after[2016]) == 1


def test_the_heatmap_and_its_table_name_every_item_whole(published, scale):
    figures = national_figures()
    for item in scale.items.all():
        label = f"{item.number}. {item.name}"
        assert any(row == label for row, _means in figures.heatmap_rows), label
        # In the SVG a long name is split over two lines (tspans), never cut.
        spans = re.findall(
            rf"<text [^>]*><tspan[^>]*>({re.escape(str(item.number))}\. [^<]*)</tspan>"
            r"(?:<tspan[^>]*>([^<]*)</tspan>)?</text>",
            figures.heatmap,
        )
        assert [" ".join(part for part in found if part) for found in spans] == [escape(label)], (
            label
        )
    assert "…" not in figures.heatmap
