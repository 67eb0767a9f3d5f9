"""Consensus in few steps: items both scored 5 accepted at once, the scale's next step
shown beside each recommendation the reviewers write, and completion only when both
reviewers say so."""

import pytest

from reviews.rating import services
from reviews.rating.models import ConsensusScore
from reviews.reports.models import ReportText
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


def test_accepting_the_agreed_items_takes_the_fives_and_writes_no_recommendation(
    in_consensus, reviewer_a
):
    accepted = services.consensus_accept_agreed(actor=reviewer_a, review=in_consensus)
    # Only item 15 was a 5 from both: the agreed 3s wait for the reviewers' own words.
    assert accepted == 1
    (only,) = ConsensusScore.objects.select_related("item")
    assert (only.item.number, only.score, only.recommendation) == (15, 5, "")
    # Nothing twice: a second press leaves what is there.
    assert services.consensus_accept_agreed(actor=reviewer_a, review=in_consensus) == 0


def test_the_consensus_page_shows_the_next_anchor_as_a_hint_not_in_the_field(
    client, in_consensus, reviewer_a
):
    client.force_login(reviewer_a)
    page = client.get(f"/reviews/{in_consensus.pk}/consensus/").content.decode()
    anchor_4 = in_consensus.scale.items.get(number=1).anchors.get(score=4).text_nb
    row = page.split('id="item-1"', 1)[1].split("</article>", 1)[0]
    # Item 1 was scored 3 by both: the hint is what a 4 asks for; the field is empty.
    assert f'<span class="next-anchor-text">{anchor_4}</span>' in row.replace("&#x27;", "'")
    assert '"recommendation" id="recommendation-1" rows="2" maxlength="5000"' in row
    assert "></textarea>" in row.split('id="recommendation-1"', 1)[1].split("\n", 2)[1]


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


def test_completing_the_consensus_writes_no_recommendations_for_the_reviewers(
    in_consensus, reviewer_a, reviewer_b
):
    factories.agree_all(in_consensus, reviewer_a, [5] * 24 + [2])
    review = factories.complete_consensus(in_consensus, reviewer_a, reviewer_b)
    assert not ReportText.objects.filter(review=review).exists()
    assert not review.consensus_scores.filter(priority__isnull=False).exists()


def test_the_consensus_pages_title_is_plain_text_with_the_site_name_escaped(
    client, in_consensus, reviewer_a
):
    in_consensus.site.name = 'IPS <b>Nord</b> & "Sør" <script>x</script>'
    in_consensus.site.save()
    client.force_login(reviewer_a)
    page = client.get(f"/reviews/{in_consensus.pk}/consensus/").content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    # The title holds text only: no tag, the site's markup escaped, no script.
    assert "<" not in title and ">" not in title
    assert "consensus.js" not in title
    assert "&lt;script&gt;" in title and "&amp;" in title
    assert title.startswith("Konsensus")
    # The script is still loaded, in the head, as its own element.
    head = page.split("</head>", 1)[0]
    assert '<script src="/static/js/consensus.js' in head or "js/consensus" in head
