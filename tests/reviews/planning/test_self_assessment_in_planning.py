"""A self-assessment is kept out of the resource centre's work: the planner's cadence,
the national figures, the planning board and the reminders."""

from datetime import date, timedelta

import pytest

from reviews.planning import planner
from reviews.planning.dashboard import open_reviews
from reviews.planning.national import national_figures
from reviews.planning.reminders import send_due_reminders
from reviews.rating.models import Review
from sites.models import Region
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_never_sets_the_cadence(site, site_leader, scale):
    before = planner.site_facts({site.region_id})
    factories.self_assessment(site, site_leader, 5)
    after = planner.site_facts({site.region_id})
    assert [(f.last_visit, f.last_good) for f in after] == [
        (f.last_visit, f.last_good) for f in before
    ]
    assert after[0].last_visit is None


def test_it_never_counts_in_the_national_figures(site, site_leader, scale):
    factories.self_assessment(site, site_leader, 5)
    figures = national_figures()
    assert figures.bands_by_year == []


def test_in_progress_it_is_no_work_of_the_resource_centre(site, site_leader, scale, mailoutbox):
    review = factories.self_assessment(site, site_leader, publish=False)
    Review.objects.filter(pk=review.pk).update(
        due_from=date.today() - timedelta(days=30), due_by=date.today() - timedelta(days=30)
    )
    assert not open_reviews(Region.objects.all()).exists()
    send_due_reminders(today=date.today())
    assert mailoutbox == []
    assert not review.reminders.exists()
