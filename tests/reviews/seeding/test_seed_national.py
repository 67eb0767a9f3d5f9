"""The national data set: what it makes, and the databases it refuses."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from reviews.rating.models import ConsensusScore, Rating, Review
from reviews.reports.models import Report, SignOff
from reviews.seeding.national import SeedRefused, seed_national
from sites.models import Membership, Region, RegionPolicy, ReviewerProfile, Site
from tests.factories import SiteFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TODAY = date(2026, 11, 27)


def _indexes() -> set:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename IN ('reviews_rating', 'reviews_consensusscore')"
        )
        return set(cursor.fetchall())


def test_a_small_national_data_set(require_postgres, scale):
    indexes = _indexes()
    result = seed_national(sites=12, years=6, seed=3, today=TODAY)
    # The indexes and unique constraints dropped for the copy are back as they were.
    assert _indexes() == indexes
    assert any(name == "rating_unique_per_reviewer_item" for name, _sql in indexes)

    assert Region.objects.count() == 5
    assert Site.objects.count() == 12
    published = Review.objects.filter(status="published")
    assert published.count() == result.published > 0
    review = published.first()
    assert review.ratings.count() == 50
    assert review.consensus_scores.count() == 25
    report = review.reports.get()
    assert report.status == "signed"
    assert report.total == sum(review.consensus_scores.values_list("score", flat=True))
    assert Rating.objects.count() + ConsensusScore.objects.count() == result.score_rows
    assert Report.objects.count() == result.reports
    # No audit history for made-up rows.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reviews_reviewevent")
        assert cursor.fetchone()[0] == 0


def _content():
    return list(
        Review.objects.order_by("site__code", "due_from").values_list(
            "site__code", "status", "visit_start", "reviewer_a__email", "reviewer_b__email"
        )
    ), sorted(
        ConsensusScore.objects.values_list(
            "review__site__code", "review__due_from", "item__number", "score"
        )
    )


def _empty():
    for model in (Rating, ConsensusScore, SignOff, Report, Review, ReviewerProfile):
        model.objects.all().delete()
    Membership.all_objects.all().delete()
    Site.objects.all().delete()
    RegionPolicy.objects.all().delete()
    Region.objects.all().delete()
    get_user_model().objects.all().delete()


def test_the_same_seed_gives_the_same_data(require_postgres, scale):
    seed_national(sites=6, years=4, seed=5, today=TODAY)
    first = _content()
    _empty()
    seed_national(sites=6, years=4, seed=5, today=TODAY)
    assert _content() == first
    _empty()
    seed_national(sites=6, years=4, seed=6, today=TODAY)
    assert _content() != first


def test_refuses_a_database_with_other_data(require_postgres, scale):
    SiteFactory()
    with pytest.raises(SeedRefused, match="did not make"):
        seed_national(sites=3, years=2, today=TODAY)


def test_refuses_to_seed_twice(require_postgres, scale):
    seed_national(sites=3, years=2, today=TODAY)
    with pytest.raises(SeedRefused, match="already holds"):
        seed_national(sites=3, years=2, today=TODAY)


def test_refuses_with_https(settings):
    settings.HTTPS = True
    with pytest.raises(CommandError, match="HTTPS"):
        call_command("seed_national", "--sites", "2", "--years", "1")
