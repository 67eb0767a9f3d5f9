"""Earlier reviews brought in after the planner ran: the plan follows the history."""

from datetime import date

import pytest

from reviews.history.services import import_reviews
from reviews.planning import planner
from reviews.rating.models import Review
from sites.models import Site
from tests import factories
from tests.reviews.history.test_history_counts import scores
from tests.reviews.history.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def planned(region, scale):
    """A site with no review yet, which the planner has planned as overdue."""
    site = factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))
    planner.plan_reviews(today=TODAY)
    review = site.reviews.get(status=Review.Status.PLANNED)
    assert review.due_from == TODAY  # a first review long overdue
    return review


def bring_in(site, visit, total, **changes):
    rows = [row(site, visit_date=visit.isoformat(), **scores(total), **changes)]
    return import_reviews(
        filename="old.csv", content=csv_bytes(rows), sites=Site.objects.all(), today=TODAY
    )


def test_a_newer_imported_review_moves_the_untouched_plan_to_its_cadence(planned):
    bring_in(planned.site, date(2026, 10, 1), 110)  # good fidelity: 12 months
    planned.refresh_from_db()
    assert planned.due_by == date(2027, 10, 1) and planned.status == Review.Status.PLANNED
    assert Review.objects.filter(site=planned.site).count() == 2  # nothing else planned


def test_an_older_imported_review_leaves_the_plan_where_it_was(planned, region):
    bring_in(planned.site, date(2026, 10, 1), 110)
    planned.refresh_from_db()
    due = (planned.due_from, planned.due_by)
    bring_in(planned.site, date(2018, 3, 1), 70)
    planned.refresh_from_db()
    assert (planned.due_from, planned.due_by) == due


def test_a_plan_the_coordinator_has_taken_up_stays_theirs(planned, reviewer_a, reviewer_b):
    Review.objects.filter(pk=planned.pk).update(reviewer_a=reviewer_a, reviewer_b=reviewer_b)
    bring_in(planned.site, date(2026, 10, 1), 110)
    planned.refresh_from_db()
    assert planned.due_from == TODAY


def test_a_self_assessment_or_a_dry_run_moves_nothing(planned):
    bring_in(planned.site, date(2026, 10, 1), 110, kind="self_assessment")
    rows = [row(planned.site, visit_date="2026-10-02", **scores(110))]
    import_reviews(
        filename="old.csv",
        content=csv_bytes(rows),
        sites=Site.objects.all(),
        dry_run=True,
        today=TODAY,
    )
    planned.refresh_from_db()
    assert planned.due_from == TODAY
