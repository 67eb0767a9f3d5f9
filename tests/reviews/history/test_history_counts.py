"""Bringing in earlier reviews, for the tests of where imported history counts: the
trend chart in a report (tests/reviews/reports/test_history_chart.py), the planner's
cadence and the national figures (tests/reviews/planning/test_imported_history.py)."""

from datetime import date

import pytest

from reviews.history.services import import_reviews
from sites.models import Site
from tests import factories
from tests.reviews.history.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db


def scores(total_of_25: int) -> dict[str, str]:
    """Item scores summing to the total given (25 items of 3 or 4 or 5)."""
    base, extra = divmod(total_of_25 - 75, 25)
    return {f"item_{n:02d}": str(3 + base + (1 if n <= extra else 0)) for n in range(1, 26)}


def bring_in(site, *visits_and_totals, kind="external"):
    rows = [
        row(site, visit_date=visit.isoformat(), kind=kind, **scores(total))
        for visit, total in visits_and_totals
    ]
    result = import_reviews(filename="old.csv", content=csv_bytes(rows), sites=Site.objects.all())
    assert result.created == len(rows), [r.messages for r in result.rows]


@pytest.fixture
def old_site(region, scale):
    return factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))
