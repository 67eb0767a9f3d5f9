"""Imported earlier reviews count where planning reads history: the planner's cadence
and the national figures; never as live work."""

from datetime import date

import pytest

from reviews.planning import planner
from reviews.planning.dashboard import open_reviews
from reviews.planning.national import national_figures
from sites.models import Region
from tests import factories
from tests.reviews.history.test_history_counts import bring_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_site(region, scale):
    return factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))


@pytest.mark.parametrize(("total", "due_by"), [(88, date(2027, 3, 1)), (104, date(2027, 9, 1))])
def test_the_last_imported_total_sets_the_cadence(old_site, total, due_by):
    bring_in(old_site, (date(2019, 5, 2), 80), (date(2026, 9, 1), total))
    planner.plan_reviews(today=date(2026, 11, 23))
    assert old_site.reviews.get(status="planned").due_by == due_by


def test_an_imported_self_assessment_does_not_set_the_cadence(old_site):
    bring_in(old_site, (date(2026, 9, 1), 104), kind="self_assessment")
    bring_in(old_site, (date(2026, 8, 1), 88))
    planner.plan_reviews(today=date(2026, 11, 23))
    assert old_site.reviews.get(status="planned").due_by == date(2027, 2, 1)


def test_imported_reviews_are_counted_in_the_national_bands_but_never_need_attention(old_site):
    bring_in(old_site, (date(2018, 3, 1), 80), (date(2019, 3, 1), 104), (date(2019, 9, 1), 120))
    figures = national_figures()
    codes = [code for code, _name in figures.band_names]
    counts = dict(figures.bands_by_year)
    assert counts[2018][codes.index("fair")] == 1
    assert counts[2019][codes.index("good")] == 1 and counts[2019][codes.index("exemplary")] == 1
    assert not open_reviews(Region.objects.all()).exists()  # nothing to plan or chase
