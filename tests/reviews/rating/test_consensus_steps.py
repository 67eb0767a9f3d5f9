"""Consensus in few steps: agreed items accepted at once with drafted recommendations,
and completion only when both reviewers say so."""

import pytest
from django.utils import translation

from reviews.rating import services
from reviews.rating.models import ConsensusScore
from tests import factories

pytestmark = pytest.mark.django_db

# 15 of 25 items alike: items 1-15 both 3 (and item 15 both 5), items 16-25 apart.
SCORES_A = [3] * 14 + [5] + [2] * 10
SCORES_B = [3] * 14 + [5] + [4] * 10


@pytest.fixture
def in_consensus(site, reviewer_a, reviewer_b):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, SCORES_A, submit=True)
    return factories.rate_all(review, reviewer_b, SCORES_B, submit=True)


def test_accepting_the_agreed_items_scores_them_with_drafts_in_the_sites_language(
    in_consensus, reviewer_a
):
    reviewer_a.language = "en"
    with translation.override("en"):  # an English-speaking reviewer, a Norwegian site
        accepted = services.consensus_accept_agreed(actor=reviewer_a, review=in_consensus)
    assert accepted == 15
    scores = {c.item.number: c for c in ConsensusScore.objects.select_related("item")}
    assert sorted(scores) == list(range(1, 16))
    assert scores[1].score == 3 and scores[15].score == 5
    anchor_4 = in_consensus.scale.items.get(number=1).anchors.get(score=4).text_nb
    assert scores[1].recommendation == f"Neste steg (skår 4): {anchor_4.rstrip('.')}."
    assert scores[15].recommendation == ""  # a 5 needs none
    # Nothing twice: a second press leaves what is there.
    assert services.consensus_accept_agreed(actor=reviewer_a, review=in_consensus) == 0


def test_the_coordinator_cannot_accept_for_the_reviewers(in_consensus, coordinator):
    with pytest.raises(services.NotAllowed):
        services.consensus_accept_agreed(actor=coordinator, review=in_consensus)
    assert not ConsensusScore.objects.exists()


def test_consensus_ends_when_the_other_reviewer_confirms(in_consensus, reviewer_a, reviewer_b):
    factories.agree_all(in_consensus, reviewer_a, 4)
    review = services.consensus_complete(actor=reviewer_a, review=in_consensus)
    assert review.status == "consensus" and review.consensus_marked_by == reviewer_a
    with pytest.raises(services.WorkflowError, match="medevaluatoren din bekrefter"):
        services.consensus_complete(actor=reviewer_a, review=review)
    review = services.consensus_complete(actor=reviewer_b, review=review)
    assert review.status == "report" and review.consensus_marked_by is None


def test_a_change_after_the_mark_asks_both_again(in_consensus, reviewer_a, reviewer_b):
    factories.agree_all(in_consensus, reviewer_a, 4)
    services.consensus_complete(actor=reviewer_a, review=in_consensus)
    item = in_consensus.scale.items.get(number=3)
    current = ConsensusScore.objects.get(item=item)
    # Saving the same text again is no change and keeps the mark.
    services.consensus_save(
        actor=reviewer_b,
        review=in_consensus,
        item=item,
        score=current.score,
        rationale=current.rationale,
        recommendation=current.recommendation,
        expected_version=current.version,
    )
    in_consensus.refresh_from_db()
    assert in_consensus.consensus_marked_by == reviewer_a
    services.consensus_save(
        actor=reviewer_b,
        review=in_consensus,
        item=item,
        score=2,
        rationale="Fewer contacts than we thought.",
        recommendation="More employer contacts.",
        expected_version=current.version + 1,
    )
    in_consensus.refresh_from_db()
    assert in_consensus.consensus_marked_by is None
    # Now the one who changed it marks, and the first reviewer confirms.
    services.consensus_complete(actor=reviewer_b, review=in_consensus)
    review = services.consensus_complete(actor=reviewer_a, review=in_consensus)
    assert review.status == "report"


@pytest.mark.parametrize(("site_language", "writer_language"), [("nb", "en"), ("en", "nb")])
def test_the_prioritised_recommendations_are_in_the_sites_language(
    in_consensus, reviewer_a, reviewer_b, site, site_language, writer_language
):
    site.report_language = site_language
    site.save()
    factories.agree_all(in_consensus, reviewer_a, [5] * 24 + [2])
    with translation.override(writer_language):
        review = factories.complete_consensus(in_consensus, reviewer_a, reviewer_b)
    item_25 = review.scale.items.get(number=25)
    name = getattr(item_25, f"name_{site_language}")
    assert item_25.name_en != item_25.name_nb
    assert review.recommendations == f"1. {name} (2): Improve item 25"
