"""A youth site reviewed on a scale in two components, from the plan to the signed PDF:
the planner takes the youth scale, the rating is blind, consensus is agreed, and the
report, the summary and the next plan read each component's own total and band.

The scale is the made-up one of tests/reviews/scale/two-components.toml (employment:
items 1-6, good from 22 and read by the cadence; education: items 7-10)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.history import research
from reviews.planning import national
from reviews.planning import services as planning_services
from reviews.planning.planner import plan_reviews
from reviews.planning.scheduling import add_months
from reviews.rating.models import Review, ReviewSummary
from reviews.rating.selectors import consensus_table
from reviews.rating.summaries import refresh_summaries
from reviews.reports import services as report_services
from reviews.scale.files import read_scale_file
from reviews.scale.services import install_scale
from sites import permissions
from tests import factories
from tests.reviews.reports.test_report_language import pdf_text
from tests.reviews.reports.test_reports import pdf_bytes

TWO_COMPONENTS = Path(__file__).parent / "scale" / "two-components.toml"

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_scale(scale):
    return install_scale(read_scale_file(TWO_COMPONENTS))


def test_a_youth_site_is_planned_rated_agreed_and_reported_per_component(
    youth_scale,
    region,
    coordinator,
    reviewer_a,
    reviewer_b,
    django_capture_on_commit_callbacks,
    tmp_path,
    english_client,
):
    client = english_client
    site = factories.SiteFactory(
        region=region, target_group="youth", start_date=date(2026, 6, 1), name="IPS Ung Tromsø"
    )
    plan_reviews()
    review = site.reviews.get(status=Review.Status.PLANNED)
    assert review.scale == youth_scale

    today = timezone.localdate()
    review = planning_services.review_schedule(
        actor=coordinator,
        review=review,
        reviewer_a=reviewer_a,
        reviewer_b=reviewer_b,
        visit_start=today - timedelta(days=1),
        visit_end=today,
    ).review

    # Blind: one reviewer's submitted ratings are not the other's to see yet.
    factories.rate_all(review, reviewer_a, 4, submit=True)
    assert not permissions.can_view_all_ratings(reviewer_b, review)
    factories.rate_all(review, reviewer_b, 3, submit=True)
    assert permissions.can_view_all_ratings(reviewer_b, review)

    # Employment 6 x 4 = 24 (good), education 4 x 3 = 12 (fair).
    factories.agree_all(review, reviewer_a, [4] * 6 + [3] * 4)
    summary = consensus_table(user=reviewer_a, review=review).summary
    assert [(c.code, c.total, c.max_total, c.band.code) for c in summary.components] == [
        ("employment", 24, 30, "good"),
        ("education", 12, 20, "fair"),
    ]
    assert summary.band is None  # no band of the whole for a scale in components

    factories.complete_consensus(review, reviewer_a, reviewer_b)
    report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="Godt samarbeid med skolen.",
        strengths="Tett oppfølging.",
        priorities=factories.lowest_first(review),
    )
    report_services.report_mark_ready(actor=reviewer_b, review=review)
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED

    text = pdf_text(pdf_bytes(review.reports.get()), tmp_path)
    for words in ("Arbeid: 24", "Utdanning: 12", "God modelltro", "Rimelig modelltro"):
        assert words in text, words

    # The trend on the site's page: a row (and a line) per component.
    client.force_login(coordinator)
    page = client.get(reverse("reviews:site_trend", args=[site.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "24/30" in html and "12/20" in html and "Each component" in html

    # The research export has the scale's own component columns, explained in its codebook.
    export = research.research_export(filters=research.ResearchFilters(), fmt="csv")
    row = dict(zip(export.header, export.rows[0], strict=True))
    assert (row["scale"], row["total"], row["band"]) == ("TEST-Y", 36, "")
    assert (row["employment_total"], row["employment_band"]) == (24, "good")
    assert (row["education_total"], row["education_band"]) == (12, "fair")
    meanings = dict(export.codebook)
    assert "exemplary 27–30" in meanings["employment_band"]

    figures = ReviewSummary.objects.get(review=review)
    assert figures.components == [
        {"code": "employment", "total": 24, "band_code": "good", "good": True},
        {"code": "education", "total": 12, "band_code": "fair", "good": False},
    ]
    # The cadence reads employment only: good fidelity, so a year to the next review.
    assert figures.good_fidelity is True and figures.band_code == ""
    plan_reviews()
    following = site.reviews.get(status=Review.Status.PLANNED)
    assert following.due_by == add_months(review.visit_start, 12)


def test_the_national_figures_count_a_scale_in_components_per_component(
    youth_scale, region, reviewer_a, reviewer_b, english_client
):
    site = factories.SiteFactory(region=region, target_group="youth")
    review = factories.scheduled_review(site, reviewer_a, reviewer_b, scale=youth_scale)
    factories.rate_all(review, reviewer_a, 4, submit=True)
    factories.rate_all(review, reviewer_b, 4, submit=True)
    factories.agree_all(review, reviewer_a, [5] * 6 + [3] * 4)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.PUBLISHED)
    refresh_summaries([review.pk])

    [(scale, figures)] = national.other_scales_figures()
    assert scale == youth_scale and figures.bands_by_year == []
    year = review.visit_start.year
    assert [(c.name, c.bands_by_year) for c in figures.components] == [
        ("Arbeid", [(year, [1, 0, 0, 0])]),  # 30: exemplary
        ("Utdanning", [(year, [0, 0, 1, 0])]),  # 12: fair
    ]
    english_client.force_login(factories.national_admin())
    page = english_client.get(reverse("sites:national_planning")).content.decode()
    assert "Employment: fidelity bands per year" in page


def test_fidelity_and_employment_sets_each_component_against_its_own_rate(
    youth_scale, region, coordinator, reviewer_a, reviewer_b, english_client
):
    from reviews.outcomes.models import EmploymentOutcome
    from reviews.outcomes.selectors import outcomes_overview

    def published(site, employment, education):
        review = factories.scheduled_review(site, reviewer_a, reviewer_b, scale=youth_scale)
        factories.rate_all(review, reviewer_a, 3, submit=True)
        factories.rate_all(review, reviewer_b, 3, submit=True)
        factories.agree_all(review, reviewer_a, employment + education)
        Review.objects.filter(pk=review.pk).update(status=Review.Status.PUBLISHED)
        refresh_summaries([review.pk])
        return review

    counted, uncounted = (
        factories.SiteFactory(region=region, target_group="youth", name=name)
        for name in ("Ung A", "Ung B")
    )
    published(counted, [5] * 6, [2] * 4)  # employment 30, education 8
    published(uncounted, [3] * 6, [4] * 4)  # employment 18, education 16
    year = timezone.localdate().year
    for site, in_work, education in ((counted, 10, 5), (uncounted, 4, None)):
        EmploymentOutcome.objects.create(
            site=site,
            year=year,
            quarter=1,
            people_served=25,
            out_of_work_at_start=20,
            in_paid_work=in_work,
            job_starts=1,
            in_education=education,  # the second site does not record education
        )

    overview = outcomes_overview(user=coordinator, year=year, scale=youth_scale)
    employment, education = overview.charts
    assert employment.component.code == "employment"
    assert [(p.site.name, p.total, p.rate) for p in employment.points] == [
        ("Ung A", 30, 0.5),
        ("Ung B", 18, 0.2),
    ]
    assert education.component.code == "education"
    assert [(p.site.name, p.total, p.rate) for p in education.points] == [("Ung A", 8, 0.25)]

    english_client.force_login(coordinator)
    page = english_client.get(
        reverse("reviews:outcomes_overview"), {"year": year, "scale": "TEST-Y"}
    ).content.decode()
    assert "Education total against education rate" in page and "25 %" in page
    unknown = english_client.get(reverse("reviews:outcomes_overview"), {"scale": "NOPE"})
    assert unknown.status_code == 400
