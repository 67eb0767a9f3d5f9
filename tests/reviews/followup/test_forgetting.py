"""Forgetting on time: evidence and pre-visit notes go some weeks after publication, once;
scores, report text and the signed report stay; on PostgreSQL the audit history forgets too."""

import logging
from datetime import date, timedelta

import pytest

from reviews.followup.forgetting import forget_personal_data
from reviews.followup.models import PersonalDataDeletion
from reviews.followup.tasks import forget_personal_data as forget_task
from reviews.rating.models import ConsensusScore, PreVisitData, Rating
from sites.models import RegionPolicy
from tests.reviews.followup.helpers import at, published_review

pytestmark = pytest.mark.django_db

PUBLISHED = date(2026, 3, 2)
DUE = PUBLISHED + timedelta(weeks=12)


@pytest.fixture
def review(site, reviewer_a, reviewer_b, site_leader):
    review = published_review(
        site, reviewer_a, reviewer_b, visit=date(2026, 2, 1), signed_at=at(PUBLISHED)
    )
    PreVisitData.objects.create(review=review, notes="Klient K.O. ventet 40 dager")
    return review


def test_nothing_is_deleted_before_the_day(review):
    assert forget_personal_data(now=at(DUE - timedelta(days=1))) == []
    assert Rating.objects.filter(review=review).exclude(evidence="").count() == 50
    assert not PersonalDataDeletion.objects.exists()


def test_on_the_day_the_notes_go_the_scores_and_report_stay(review, caplog):
    summary = review.report_text.summary
    scores = list(ConsensusScore.objects.filter(review=review).values_list("score", flat=True))
    with caplog.at_level(logging.INFO, logger="reviews.followup.forgetting"):
        done = forget_personal_data(now=at(DUE))
    assert [(d.review_id, d.evidence_notes, d.previsit_notes) for d in done] == [
        (review.pk, 50, True)
    ]
    assert f"Personal data of review {review.pk} deleted: 50 evidence notes" in caplog.text
    assert not Rating.objects.filter(review=review).exclude(evidence="").exists()
    assert Rating.objects.filter(review=review, score__isnull=False).count() == 50
    assert PreVisitData.objects.get(review=review).notes == ""
    review.refresh_from_db()
    assert review.report_text.summary == summary
    assert review.reports.get().status == "signed"
    assert (
        list(ConsensusScore.objects.filter(review=review).values_list("score", flat=True)) == scores
    )
    deletion = PersonalDataDeletion.objects.get(review=review)
    assert deletion.deleted_at == at(DUE)


def test_safe_to_run_twice(review):
    assert len(forget_personal_data(now=at(DUE))) == 1
    assert forget_personal_data(now=at(DUE + timedelta(days=1))) == []
    assert PersonalDataDeletion.objects.get().deleted_at == at(DUE)


def test_the_region_sets_the_weeks(review, region):
    RegionPolicy.objects.create(region=region, personal_data_weeks=4)
    assert len(forget_personal_data(now=at(PUBLISHED + timedelta(weeks=4)))) == 1


def test_the_nightly_task_runs_it(review, region):
    # Published long ago by today's clock: the task (no date given) deletes.
    assert forget_task() == "forgot the personal data of 1 reviews"
    assert forget_task() == "forgot the personal data of 0 reviews"


def test_an_open_review_keeps_its_notes(site, reviewer_a, reviewer_b, review):
    forget_personal_data(now=at(DUE))
    from tests import factories

    open_review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(open_review, reviewer_a, 3)
    forget_personal_data(now=at(DUE + timedelta(weeks=52)))
    assert Rating.objects.filter(review=open_review, evidence="ES 1").exists()


@pytest.mark.postgres
def test_the_audit_history_forgets_the_notes_too(require_postgres, review):
    events = Rating.pgh_event_model.objects.filter(review_id=review.pk)
    assert events.exclude(evidence="").exists()
    done = forget_personal_data(now=at(DUE))
    assert done[0].history_events > 0
    assert not events.exclude(evidence="").exists()
    # Who changed which score, and when, stays in the history.
    assert events.filter(pgh_label="insert").count() == 50


def test_the_pages_say_the_notes_were_deleted_and_when(client, review, reviewer_a):
    from django.urls import reverse

    forget_personal_data(now=at(DUE))
    reviewer_a.language = "en"
    reviewer_a.save()
    client.force_login(reviewer_a)
    for name in ("reviews:review_detail", "reviews:consensus", "reviews:previsit"):
        page = client.get(reverse(name, args=[review.pk])).content.decode()
        assert "deleted on 25 May 2026" in page or "deleted on May 25, 2026" in page, name
