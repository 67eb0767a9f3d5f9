"""Two planner runs at the same moment (two beat processes or two workers), on PostgreSQL."""

from datetime import date

import pytest

from reviews.planning import planner
from reviews.rating.models import Review
from tests import factories
from tests.reviews.rating.test_consensus_concurrency import save_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(3))
def test_two_planner_runs_at_once_plan_each_site_once(require_postgres, region, attempt):
    factories.ips25()
    for _ in range(4):
        factories.reviewer(region)
    sites = [factories.SiteFactory(region=region, start_date=date(2026, 10, 1)) for _ in range(30)]
    outcomes = save_at_once(
        [lambda: planner.plan_reviews(today=date(2026, 11, 23)) for _ in range(3)]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    for site in sites:
        assert Review.objects.filter(site=site).count() == 1
    assert all(r.planner_proposal.suggested.get("made_at") for r in Review.objects.all())
