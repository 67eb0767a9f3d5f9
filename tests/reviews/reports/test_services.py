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
        recommendations=review.recommendations,
    )
    review = report_services.report_mark_ready(actor=reviewer_b, review=review)
    assert review.ready_for_signoff_by == reviewer_b
    review = report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="A good start, with changes.",
        strengths="Integrated teams.",
        recommendations=review.recommendations,
    )
    assert review.ready_for_signoff_at is None


def test_the_coordinator_cannot_write_the_report(in_consensus, reviewer_a, reviewer_b, coordinator):
    factories.agree_all(in_consensus, reviewer_a, 4)
    review = factories.complete_consensus(in_consensus, reviewer_a, reviewer_b)
    with pytest.raises(rating_services.NotAllowed):
        report_services.report_save(
            actor=coordinator, review=review, summary="x", strengths="y", recommendations="z"
        )
