"""A site scores itself: one shared set of scores, published by its leaders. How it stays
out of the resource centre's work is tested with planning
(tests/reviews/planning/test_self_assessment_in_planning.py), its place in the trend with
history (tests/reviews/history/test_self_assessment_trend.py)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from reviews.rating.models import ConsensusScore, Review
from reviews.rating.services import ConsensusConflict, NotAllowed, WorkflowError
from reviews.self_assessment import services
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


def test_a_persons_own_newer_save_is_no_conflict(site, site_leader, scale):
    """The page saves each change as it is made: two changes may leave with one version."""
    review = services.self_assessment_start(actor=site_leader, site=site)
    item = scale.items.get(number=4)
    for score in (3, 4):  # both sent before the first answer came back
        services.self_assessment_score(
            actor=site_leader, review=review, item=item, score=score, note="", expected_version=None
        )
    services.self_assessment_score(
        actor=site_leader, review=review, item=item, score=2, note="x", expected_version=1
    )
    score = ConsensusScore.objects.get(review=review, item=item)
    assert (score.score, score.rationale, score.version) == (2, "x", 3)


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
