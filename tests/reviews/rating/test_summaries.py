"""Each published review's summary agrees with its scores after publishing, a
correction and an import. The national figures that read from it are tested with
planning (tests/reviews/planning/test_national_figures.py)."""

from collections import defaultdict
from datetime import date

import pytest

from reviews.history.services import import_reviews
from reviews.rating import services as rating_services
from reviews.rating.models import ConsensusScore, Review, ReviewSummary
from reviews.rating.summaries import refresh_all
from reviews.reports import services as report_services
from sites.models import Site
from tests import factories
from tests.reviews.history.test_import import GOOD, csv_bytes, row

pytestmark = pytest.mark.django_db

# Every item 4 except two: 99 in all.
CONSENSUS = [4] * 25
CONSENSUS[0], CONSENSUS[6] = 5, 2


def assert_agrees_with_scores(review: Review) -> ReviewSummary:
    summary = ReviewSummary.objects.get(review=review)
    scores = dict(ConsensusScore.objects.filter(review=review).values_list("item__number", "score"))
    by_section: dict[str, int] = defaultdict(int)
    for item_score in ConsensusScore.objects.filter(review=review).select_related("item__section"):
        by_section[item_score.item.section.code] += item_score.score
    assert summary.total == sum(scores.values())
    assert summary.item_scores == "".join(str(scores[n]) for n in range(1, 26))
    assert summary.section_totals == dict(by_section)
    assert (summary.site_id, summary.visit_start, summary.visit_year) == (
        review.site_id,
        review.visit_start,
        review.visit_start.year,
    )
    band = review.scale.bands.get(min_total__lte=summary.total, max_total__gte=summary.total)
    assert summary.band_code == band.code
    return summary


@pytest.fixture
def published(site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    review = factories.ready_report(review, reviewer_a, reviewer_b, consensus=CONSENSUS)
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    return review


def test_publishing_writes_a_summary_that_agrees_with_the_scores_and_the_report(published):
    summary = assert_agrees_with_scores(published)
    report = published.reports.get()
    assert (
        (summary.total, summary.band_code)
        == (report.total, report.band_code)
        == (99, summary.band_code)
    )


def test_a_correction_takes_the_summary_out_until_the_new_version_is_published(
    published, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    report_services.report_correct(actor=reviewer_a, review=published, reason="Item 7 misread.")
    assert not ReviewSummary.objects.filter(review=published).exists()
    published.refresh_from_db()
    item_7 = ConsensusScore.objects.get(review=published, item__number=7)
    rating_services.consensus_save(
        actor=reviewer_a,
        review=published,
        item=item_7.item,
        score=5,
        rationale="Read again",
        recommendation="",
        expected_version=item_7.version,
    )
    factories.complete_consensus(published, reviewer_a, reviewer_b)
    report_services.report_mark_ready(actor=reviewer_a, review=published)
    published.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(published, reviewer_a, reviewer_b)
    summary = assert_agrees_with_scores(published)
    assert (summary.total, summary.item_scores[6]) == (102, "5")
    assert summary.total == published.reports.get(version=2).total


def test_an_import_writes_the_summaries_of_the_imported_reviews(region, scale):
    site = factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))
    import_reviews(
        filename="earlier.csv",
        content=csv_bytes([row(site), row(site, visit_date="2017-03-02")]),
        sites=Site.objects.all(),
    )
    imported = Review.objects.filter(site=site)
    assert imported.count() == 2
    for review in imported:
        summary = assert_agrees_with_scores(review)
        assert summary.item_scores == "".join(map(str, GOOD))


def test_rebuilding_every_summary_gives_the_same_rows(published, region, scale):
    site = factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))
    import_reviews(filename="earlier.csv", content=csv_bytes([row(site)]), sites=Site.objects.all())
    fields = [f.name for f in ReviewSummary._meta.fields if f.name != "updated_at"]
    before = list(ReviewSummary.objects.order_by("pk").values(*fields))
    assert refresh_all() == 2
    assert list(ReviewSummary.objects.order_by("pk").values(*fields)) == before
