"""Imported earlier reviews in a report's trend chart (reviews/reports/render.py)."""

from datetime import date

import pytest
from django.utils import translation

from reviews.rating.models import Review
from reviews.reports.render import history_chart
from reviews.scale.models import FidelityScale
from tests import factories
from tests.reviews.history import test_history_counts as history_counts
from tests.reviews.history.test_history_counts import bring_in

pytestmark = pytest.mark.django_db

# The old site of the history helpers' tests, a fixture shared rather than copied.
old_site = history_counts.old_site


def test_a_reports_trend_shows_earlier_imported_totals_and_nothing_later(
    old_site, reviewer_a, reviewer_b
):
    bring_in(old_site, (date(2017, 5, 2), 77), (date(2019, 5, 2), 92), (date(2026, 10, 1), 110))
    review = factories.scheduled_review(old_site, reviewer_a, reviewer_b)
    review.visit_start = review.visit_end = date(2020, 2, 3)
    review.save()
    chart = history_chart(review, 100)
    assert "05.2017" in chart and "05.2019" in chart and "02.2020" in chart
    assert "10.2026" not in chart


def test_a_reports_trend_keeps_self_assessments_apart_and_leaves_out_teams_and_other_scales(
    old_site, reviewer_a, reviewer_b
):
    bring_in(old_site, (date(2018, 5, 2), 77), (date(2020, 5, 2), 92))
    bring_in(old_site, (date(2019, 5, 2), 101), kind="self_assessment")
    bring_in(old_site, (date(2021, 1, 4), 110), (date(2021, 1, 5), 120))
    youth = FidelityScale.objects.get(code="IPS-25")
    youth.pk, youth.code, youth.target_group = None, "IPS-Y", "youth"
    youth.save()
    # Moved after the import, which knows neither teams nor this made-up scale.
    Review.objects.filter(visit_start=date(2021, 1, 4)).update(
        team=factories.TeamFactory(site=old_site)
    )
    Review.objects.filter(visit_start=date(2021, 1, 5)).update(scale=youth)
    review = factories.scheduled_review(old_site, reviewer_a, reviewer_b)
    review.visit_start = review.visit_end = date(2022, 2, 3)
    review.save()

    with translation.override("en"):
        chart = history_chart(review, 100)

    assert "05.2018" in chart and "05.2020" in chart and "02.2022" in chart
    assert "01.2021" not in chart  # the team's review and the youth scale's are not this line
    assert "05.2019" in chart and ">Self-assessment<" in chart and ">External review<" in chart
    assert chart.count("<polyline") == 1  # one self-assessment: a point, no line of its own
