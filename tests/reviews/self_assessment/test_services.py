"""A site scores itself: one shared set of scores, published by its leaders, kept out of
the resource centre's work (cadence, reminders, planning board, national figures)."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from reviews.history.trend import site_trend
from reviews.planning import planner
from reviews.planning.dashboard import national_figures, open_reviews
from reviews.planning.reminders import send_due_reminders
from reviews.rating.models import ConsensusScore, Review
from reviews.rating.services import ConsensusConflict, NotAllowed, WorkflowError
from reviews.self_assessment import services
from sites.models import Region
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_site_leader_starts_a_self_assessment_on_the_sites_current_scale(
    site, site_leader, scale
):
    colleague = factories.site_leader(site, full_name="Kari Kollega")
    review = services.self_assessment_start(actor=site_leader, site=site, scorers=[colleague])
    assert review.kind == Review.Kind.SELF_ASSESSMENT and review.status == Review.Status.RATING
    assert review.scale == scale and review.reviewer_a is None
    assert set(review.self_assessors.values_list("user_id", flat=True)) == {
        site_leader.pk,
        colleague.pk,
    }


def test_only_the_sites_leaders_start_or_score_it(site, site_leader, coordinator, scale):
    with pytest.raises(NotAllowed):
        services.self_assessment_start(actor=coordinator, site=site)
    outsider = factories.site_leader(factories.SiteFactory(region=site.region))
    with pytest.raises(WorkflowError):
        services.self_assessment_start(actor=site_leader, site=site, scorers=[outsider])
    assert not site.reviews.exists()


def test_a_leader_not_chosen_cannot_score_it(site, site_leader, scale):
    review = services.self_assessment_start(actor=site_leader, site=site)
    not_chosen = factories.site_leader(site)
    with pytest.raises(NotAllowed):
        services.self_assessment_score(
            actor=not_chosen,
            review=review,
            item=scale.items.get(number=1),
            score=3,
            note="",
            expected_version=None,
        )


def test_one_self_assessment_in_progress_per_site(site, site_leader, scale):
    services.self_assessment_start(actor=site_leader, site=site)
    with translation.override("en"), pytest.raises(WorkflowError, match="in progress"):
        services.self_assessment_start(actor=site_leader, site=site)
    review = site.reviews.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            site=site,
            scale=scale,
            kind="self_assessment",
            status="rating",
            due_from=review.due_from,
            due_by=review.due_by,
            visit_start=review.visit_start,
            visit_end=review.visit_end,
        )


def test_a_self_assessment_cannot_have_reviewers(site, scale, reviewer_a, reviewer_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.scheduled_review(site, reviewer_a, reviewer_b, kind="self_assessment")


def test_scorers_share_one_set_and_a_stale_save_is_refused(site, site_leader, scale):
    colleague = factories.site_leader(site)
    review = services.self_assessment_start(actor=site_leader, site=site, scorers=[colleague])
    item = scale.items.get(number=4)
    first = services.self_assessment_score(
        actor=site_leader, review=review, item=item, score=3, note="2 teams", expected_version=None
    )
    services.self_assessment_score(
        actor=colleague, review=review, item=item, score=4, note="", expected_version=1
    )
    with pytest.raises(ConsensusConflict):
        services.self_assessment_score(
            actor=site_leader, review=review, item=item, score=2, note="", expected_version=1
        )
    score = ConsensusScore.objects.get(pk=first.pk)
    assert (score.score, score.version, score.updated_by) == (4, 2, colleague)
    assert score.self_assessed and score.recommendation == ""


def test_it_is_published_only_when_every_item_has_a_score(site, site_leader, scale):
    review = factories.self_assessment(site, site_leader, publish=False)
    ConsensusScore.objects.filter(review=review, item__number=25).delete()
    with translation.override("en"), pytest.raises(WorkflowError, match="Missing: 25"):
        services.self_assessment_publish(actor=site_leader, review=review)
    services.self_assessment_score(
        actor=site_leader,
        review=review,
        item=scale.items.get(number=25),
        score=2,
        note="",
        expected_version=None,
    )
    published = services.self_assessment_publish(actor=site_leader, review=review)
    assert published.status == Review.Status.PUBLISHED
    with pytest.raises(NotAllowed):  # final once published
        services.self_assessment_score(
            actor=site_leader,
            review=review,
            item=scale.items.get(number=25),
            score=5,
            note="",
            expected_version=1,
        )


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


def test_it_never_sets_the_cadence(site, site_leader, scale):
    before = planner.site_facts({site.region_id})
    factories.self_assessment(site, site_leader, 5)
    after = planner.site_facts({site.region_id})
    assert [(f.last_visit, f.last_total) for f in after] == [
        (f.last_visit, f.last_total) for f in before
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
