"""A self-assessment in the site's trend (reviews/history/trend.py)."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from reviews.history.trend import site_trend
from reviews.rating.models import Review
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_trend_shows_it_as_its_own_series_with_the_difference_per_item(
    site, site_leader, scale, reviewer_a, reviewer_b
):
    external = factories.scheduled_review(site, reviewer_a, reviewer_b)
    external.visit_start = external.visit_end = date.today() - timedelta(days=200)
    external.save()
    factories.ready_report(external, reviewer_a, reviewer_b, consensus=3)
    Review.objects.filter(pk=external.pk).update(status="published")
    factories.self_assessment(site, site_leader, [4] * 24 + [2])
    with translation.override("en"):
        trend = site_trend(site)
    kinds = [column.review.kind for column in trend.columns]
    assert kinds == ["external", "self_assessment"]
    assert "Self-assessment" in trend.chart and "<polyline" not in trend.chart  # not joined
    assert [row.difference for row in trend.differences] == [1] * 24 + [-1]
    # Arrows compare a self-assessment with the self-assessment before, never with
    # the external review.
    assert trend.items[0].cells == [(3, 0), (4, 0)]
