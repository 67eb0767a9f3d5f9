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


def test_a_scale_in_components_gets_a_chart_per_component_with_its_own_bands(
    region, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    from reviews.rating.selectors import consensus_summary
    from reviews.scale.files import read_scale_file
    from reviews.scale.services import install_scale
    from tests.reviews.test_youth_scale_end_to_end import TWO_COMPONENTS

    youth = install_scale(read_scale_file(TWO_COMPONENTS))
    site = factories.SiteFactory(region=region, target_group="youth")
    earlier = factories.scheduled_review(site, reviewer_a, reviewer_b, scale=youth)
    earlier.visit_start = earlier.visit_end = date(2025, 3, 4)
    earlier.save()
    factories.ready_report(earlier, reviewer_a, reviewer_b, consensus=4)  # 24 and 16
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(earlier, reviewer_a, reviewer_b)
    review = factories.scheduled_review(site, reviewer_a, reviewer_b, scale=youth)
    review.visit_start = review.visit_end = date(2026, 3, 4)
    review.save()
    factories.rate_all(review, reviewer_a, 4, submit=True)
    factories.rate_all(review, reviewer_b, 4, submit=True)
    factories.agree_all(review, reviewer_a, [5] * 6 + [2] * 4)  # 30 and 8
    summary = consensus_summary(review=review)

    with translation.override("en"):
        chart = history_chart(review, summary.total, summary.components)

    employment, education = chart.split("</svg>")[:2]
    assert chart.count("<svg") == 2
    assert "Employment: total at each review" in employment
    assert "Education: total at each review" in education
    for part in (employment, education):
        assert "03.2025" in part and "03.2026" in part
    # Each its own totals (earlier, now) and its own bands' cut-offs.
    assert all(f">{n}<" in employment for n in (24, 30, 22, 27))
    assert all(f">{n}<" in education for n in (16, 8, 15, 18))
    assert ">27<" not in education and ">18<" not in employment
