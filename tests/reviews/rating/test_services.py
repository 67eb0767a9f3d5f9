"""The rating steps as services: who may take them and what they refuse."""

import pytest
from django.core import mail

from reviews.rating import services as rating_services
from reviews.rating.models import ConsensusScore, PreVisitData, Rating
from reviews.scale.files import SCALES_DIR, read_scale_file
from reviews.scale.services import install_scale
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_first_rating_starts_the_rating_step(scheduled, reviewer_a, item):
    rating_services.rating_save(
        actor=reviewer_a, review=scheduled, item=item, score=None, evidence="x"
    )
    scheduled.refresh_from_db()
    assert scheduled.status == "rating"
    assert Rating.objects.get().score is None


def test_a_rating_is_saved_again_not_doubled(scheduled, reviewer_a, item):
    rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=2)
    rating_services.rating_save(
        actor=reviewer_a, review=scheduled, item=item, score=4, data_sources=["INT", "INT", "OBS"]
    )
    rating = Rating.objects.get()
    assert (rating.score, rating.data_sources) == (4, ["INT", "OBS"])


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_an_out_of_range_score_is_refused(scheduled, reviewer_a, item, bad):
    with pytest.raises(rating_services.WorkflowError, match="1 to 5"):
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=bad)
    assert not Rating.objects.exists()


def test_an_unknown_data_source_is_refused(scheduled, reviewer_a, item):
    with pytest.raises(rating_services.WorkflowError, match="data source"):
        rating_services.rating_save(
            actor=reviewer_a, review=scheduled, item=item, score=3, data_sources=["XYZ"]
        )


def test_an_item_of_another_scale_version_is_refused(scheduled, reviewer_a):
    data = read_scale_file(SCALES_DIR / "ips-25.toml")
    data.data["version"] = "2"
    other_item = install_scale(data, make_current=False).items.get(number=1)
    with pytest.raises(rating_services.WorkflowError, match="not part of the review's scale"):
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=other_item, score=3)


def test_someone_not_on_the_review_cannot_rate(scheduled, region, item):
    other_reviewer = factories.reviewer(region)
    with pytest.raises(rating_services.NotAllowed):
        rating_services.rating_save(actor=other_reviewer, review=scheduled, item=item, score=3)


def test_submit_refuses_missing_items_and_lists_them(scheduled, reviewer_a, scale):
    items = list(scale.items.order_by("number"))
    for item in items[:22]:
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=3)
    rating_services.rating_save(actor=reviewer_a, review=scheduled, item=items[22], score=None)
    with pytest.raises(rating_services.IncompleteRatings) as error:
        rating_services.rating_submit(actor=reviewer_a, review=scheduled)
    assert [item.number for item in error.value.missing] == [23, 24, 25]
    assert "23." in str(error.value) and "25." in str(error.value)
    scheduled.refresh_from_db()
    assert scheduled.submitted_a_at is None


def test_ratings_are_read_only_after_submit(scheduled, reviewer_a, item):
    factories.rate_all(scheduled, reviewer_a, 3, submit=True)
    with pytest.raises(rating_services.NotAllowed):
        rating_services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=5)
    assert Rating.objects.get(reviewer=reviewer_a, item=item).score == 3


def test_consensus_starts_when_both_have_submitted(
    scheduled, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    factories.rate_all(scheduled, reviewer_a, 3, submit=True)
    assert scheduled.status == "rating"
    with django_capture_on_commit_callbacks(execute=True):
        factories.rate_all(scheduled, reviewer_b, 4, submit=True)
    assert scheduled.status == "consensus"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer_a.email, reviewer_b.email])


def test_a_consensus_below_5_needs_a_recommendation(in_consensus, reviewer_a, item):
    with pytest.raises(rating_services.WorkflowError, match="needs a recommendation"):
        rating_services.consensus_save(
            actor=reviewer_a,
            review=in_consensus,
            item=item,
            score=4,
            rationale="",
            recommendation="   ",
            expected_version=None,
        )
    assert not ConsensusScore.objects.exists()


def test_a_second_save_with_an_old_version_is_told_of_the_change(
    in_consensus, reviewer_a, reviewer_b, item
):
    first = rating_services.consensus_save(
        actor=reviewer_a,
        review=in_consensus,
        item=item,
        score=4,
        rationale="A",
        recommendation="Cut caseloads",
        expected_version=None,
    )
    rating_services.consensus_save(
        actor=reviewer_b,
        review=in_consensus,
        item=item,
        score=3,
        rationale="B",
        recommendation="Hire",
        expected_version=first.version,
    )
    with pytest.raises(rating_services.ConsensusConflict) as conflict:
        rating_services.consensus_save(
            actor=reviewer_a,
            review=in_consensus,
            item=item,
            score=5,
            rationale="A again",
            recommendation="",
            expected_version=first.version,
        )
    assert conflict.value.current.score == 3
    assert conflict.value.current.updated_by == reviewer_b
    saved = ConsensusScore.objects.get()
    assert (saved.score, saved.rationale, saved.version) == (3, "B", 2)


def test_two_first_saves_of_the_same_item_do_not_overwrite(
    in_consensus, reviewer_a, reviewer_b, item
):
    rating_services.consensus_save(
        actor=reviewer_a,
        review=in_consensus,
        item=item,
        score=4,
        rationale="",
        recommendation="x",
        expected_version=None,
    )
    with pytest.raises(rating_services.ConsensusConflict):
        rating_services.consensus_save(
            actor=reviewer_b,
            review=in_consensus,
            item=item,
            score=2,
            rationale="",
            recommendation="y",
            expected_version=None,
        )
    assert ConsensusScore.objects.get().score == 4


def test_consensus_completes_only_with_every_item_agreed(
    in_consensus, reviewer_a, reviewer_b, scale
):
    with pytest.raises(rating_services.WorkflowError, match="Missing: 1, 2"):
        rating_services.consensus_complete(actor=reviewer_a, review=in_consensus)
    scores = [5] * 20 + [2, 4, 3, 5, 1]
    factories.agree_all(in_consensus, reviewer_a, scores)
    review = factories.complete_consensus(in_consensus, reviewer_a, reviewer_b)
    assert review.status == "report"


def test_the_site_leader_saves_pre_visit_data(planned, site_leader):
    data = rating_services.previsit_save(
        actor=site_leader,
        review=planned,
        measurements={"clients_per_es": 18.0, "competitive_jobs_percent": None},
        components={"disclosure_components_present": [3, 0, 0]},
        notes="Two new ES since May.",
    )
    assert data.measurements == {"clients_per_es": 18.0}
    assert data.components == {"disclosure_components_present": [0, 3]}
    assert PreVisitData.objects.get().updated_by == site_leader


def test_pre_visit_data_is_closed_once_consensus_starts(in_consensus, site_leader):
    with pytest.raises(rating_services.NotAllowed):
        rating_services.previsit_save(
            actor=site_leader, review=in_consensus, measurements={}, components={}, notes=""
        )


def test_a_site_leader_of_another_site_cannot_fill_in_pre_visit_data(planned, other_site):
    leader = factories.site_leader(other_site)
    with pytest.raises(rating_services.NotAllowed):
        rating_services.previsit_save(
            actor=leader, review=planned, measurements={}, components={}, notes=""
        )


def test_consensus_text_is_stored_without_bidirectional_controls(in_consensus, reviewer_a, item):
    reversing = "Bra \u202eikke\u202c nok"
    first = rating_services.consensus_save(
        actor=reviewer_a,
        review=in_consensus,
        item=item,
        score=3,
        rationale=reversing,
        recommendation=reversing,
        expected_version=None,
    )
    again = rating_services.consensus_save(
        actor=reviewer_a,
        review=in_consensus,
        item=item,
        score=4,
        rationale=reversing,
        recommendation=reversing,
        expected_version=first.version,
    )
    assert first.rationale == again.rationale == again.recommendation == "Bra ikke nok"
