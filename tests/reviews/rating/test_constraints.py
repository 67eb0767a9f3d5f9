"""Bad rows are refused by the database itself, whatever path they come by."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from reviews.rating.models import ConsensusScore, Rating, Review
from sites.models import Membership, Role
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.fixture
def item(scale):
    return scale.items.get(number=1)


@pytest.mark.parametrize("score", [0, 6, 100])
def test_rating_scores_outside_one_to_five_are_refused(review, reviewer_a, item, score):
    refused(
        lambda: Rating.objects.create(review=review, reviewer=reviewer_a, item=item, score=score)
    )


def test_a_rating_may_wait_for_its_score(review, reviewer_a, item):
    rating = Rating.objects.create(review=review, reviewer=reviewer_a, item=item, evidence="ES 1")
    assert rating.score is None


def test_one_rating_per_reviewer_and_item(review, reviewer_a, reviewer_b, item):
    Rating.objects.create(review=review, reviewer=reviewer_a, item=item, score=3)
    refused(lambda: Rating.objects.create(review=review, reviewer=reviewer_a, item=item, score=4))
    Rating.objects.create(review=review, reviewer=reviewer_b, item=item, score=4)


def test_bulk_updates_cannot_sneak_in_a_bad_score(review, reviewer_a, item):
    Rating.objects.create(review=review, reviewer=reviewer_a, item=item, score=3)
    refused(lambda: Rating.objects.update(score=9))


@pytest.mark.parametrize("score", [0, 6])
def test_consensus_scores_outside_one_to_five_are_refused(review, item, score):
    refused(lambda: ConsensusScore.objects.create(review=review, item=item, score=score))


def test_one_consensus_score_per_item(review, item):
    ConsensusScore.objects.create(review=review, item=item, score=4, recommendation="x")
    refused(lambda: ConsensusScore.objects.create(review=review, item=item, score=5))


def test_a_consensus_below_5_without_recommendation_is_refused(review, item):
    refused(lambda: ConsensusScore.objects.create(review=review, item=item, score=4))
    ConsensusScore.objects.create(review=review, item=item, score=5)


def test_the_two_reviewers_must_be_different_people(site, scale, reviewer_a):
    refused(
        lambda: ReviewFactory(site=site, scale=scale, reviewer_a=reviewer_a, reviewer_b=reviewer_a)
    )


def test_a_scheduled_review_needs_both_reviewers_and_a_visit(site, scale, reviewer_a):
    refused(
        lambda: ReviewFactory(
            site=site,
            scale=scale,
            status=Review.Status.SCHEDULED,
            reviewer_a=reviewer_a,
            visit_start=date(2026, 12, 1),
            visit_end=date(2026, 12, 2),
        )
    )


def test_the_due_window_cannot_end_before_it_starts(site, scale):
    refused(
        lambda: ReviewFactory(
            site=site, scale=scale, due_from=date(2027, 1, 1), due_by=date(2026, 1, 1)
        )
    )


def test_the_visit_cannot_end_before_it_starts(review):
    review.visit_start, review.visit_end = date(2026, 12, 2), date(2026, 12, 1)
    refused(review.save)


def test_an_unknown_status_is_refused(review):
    refused(lambda: Review.objects.filter(pk=review.pk).update(status="done"))


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (Role.NATIONAL_ADMIN, "region"),
        (Role.COORDINATOR, None),
        (Role.COORDINATOR, "site"),
        (Role.REVIEWER, "site"),
        (Role.SITE_LEADER, "region"),
        (Role.SITE_LEADER, None),
    ],
)
def test_a_membership_must_be_scoped_as_its_role_says(site, role, place):
    user = UserFactory()
    where = {"region": {"region": site.region}, "site": {"site": site}, None: {}}[place]
    refused(lambda: Membership.objects.create(user=user, role=role, **where))


def test_a_role_is_held_once_per_place(coordinator, region):
    refused(
        lambda: Membership.objects.create(user=coordinator, role=Role.COORDINATOR, region=region)
    )


def test_e_mail_addresses_are_unique_whatever_their_case(outsider):
    refused(lambda: UserFactory(email=outsider.email.upper()))
