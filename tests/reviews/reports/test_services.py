"""The report steps as services: who may write the text and mark it ready."""

import pytest

from reviews.rating import services as rating_services
from reviews.reports import services as report_services
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_report_text_and_ready_mark(in_consensus, reviewer_a, reviewer_b):
    factories.agree_all(in_consensus, reviewer_a, 4)
    review = factories.complete_consensus(in_consensus, reviewer_b, reviewer_a)
    with pytest.raises(rating_services.WorkflowError, match="summary"):
        report_services.report_mark_ready(actor=reviewer_a, review=review)
    report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="A good start.",
        strengths="Integrated teams.",
        priorities=[],
    )
    with pytest.raises(rating_services.WorkflowError, match="matter most"):
        report_services.report_mark_ready(actor=reviewer_b, review=review)
    review = report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="A good start.",
        strengths="Integrated teams.",
        priorities=[3, 1],
    )
    review = report_services.report_mark_ready(actor=reviewer_b, review=review)
    assert review.ready_for_signoff_by == reviewer_b
    review = report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="A good start.",
        strengths="Integrated teams.",
        priorities=[1, 3],  # only the order changed: the mark is withdrawn all the same
    )
    assert review.ready_for_signoff_at is None
    assert list(
        review.consensus_scores.filter(priority__isnull=False)
        .order_by("priority")
        .values_list("item__number", flat=True)
    ) == [1, 3]


@pytest.mark.parametrize(
    ("priorities", "message"),
    [
        ([1, 2, 3, 4, 5, 6], "at most 5"),
        ([2, 2], "chosen once"),
        ([99], "no recommendation"),
    ],
)
def test_priorities_are_at_most_five_distinct_items_with_a_recommendation(
    in_consensus, reviewer_a, reviewer_b, priorities, message
):
    factories.agree_all(in_consensus, reviewer_a, 4)
    review = factories.complete_consensus(in_consensus, reviewer_b, reviewer_a)
    with pytest.raises(rating_services.WorkflowError, match=message):
        report_services.report_save(
            actor=reviewer_a, review=review, summary="S", strengths="", priorities=priorities
        )
    assert not review.consensus_scores.filter(priority__isnull=False).exists()


def test_an_item_scored_5_without_a_recommendation_cannot_be_a_priority(
    in_consensus, reviewer_a, reviewer_b
):
    factories.agree_all(in_consensus, reviewer_a, [5] + [4] * 24)
    review = factories.complete_consensus(in_consensus, reviewer_b, reviewer_a)
    with pytest.raises(rating_services.WorkflowError, match="Item 1 has no recommendation"):
        report_services.report_save(
            actor=reviewer_a, review=review, summary="S", strengths="", priorities=[1]
        )


def test_a_review_scored_5_everywhere_needs_no_priority(in_consensus, reviewer_a, reviewer_b):
    factories.agree_all(in_consensus, reviewer_a, 5)
    review = factories.complete_consensus(in_consensus, reviewer_b, reviewer_a)
    report_services.report_save(
        actor=reviewer_a, review=review, summary="Exemplary.", strengths="", priorities=[]
    )
    assert report_services.report_mark_ready(actor=reviewer_b, review=review).ready_for_signoff_at


def test_the_coordinator_cannot_write_the_report(in_consensus, reviewer_a, reviewer_b, coordinator):
    factories.agree_all(in_consensus, reviewer_a, 4)
    review = factories.complete_consensus(in_consensus, reviewer_a, reviewer_b)
    with pytest.raises(rating_services.NotAllowed):
        report_services.report_save(
            actor=coordinator, review=review, summary="x", strengths="y", priorities=[]
        )
