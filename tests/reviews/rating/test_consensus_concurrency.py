"""Two reviewers saving the same consensus item at the same moment, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from reviews.rating import services as rating_services
from reviews.rating.models import ConsensusScore
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def save_at_once(calls):
    """Run each call in its own thread and connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # collected and asserted on by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def in_consensus(require_postgres, site, reviewer_a, reviewer_b):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, 3, submit=True)
    return factories.rate_all(review, reviewer_b, 4, submit=True)


def consensus_call(review, actor, item, score, text, version):
    return lambda: rating_services.consensus_save(
        actor=actor,
        review=review,
        item=item,
        score=score,
        rationale=text,
        recommendation=text,
        expected_version=version,
    )


@pytest.mark.parametrize("attempt", range(5))
def test_two_first_saves_at_once_keep_one_and_tell_the_other(
    in_consensus, reviewer_a, reviewer_b, scale, attempt
):
    item = scale.items.get(number=4)
    outcomes = save_at_once(
        [
            consensus_call(in_consensus, reviewer_a, item, 3, "from A", None),
            consensus_call(in_consensus, reviewer_b, item, 4, "from B", None),
        ]
    )
    saved = [o for o in outcomes if isinstance(o, ConsensusScore)]
    conflicts = [o for o in outcomes if isinstance(o, rating_services.ConsensusConflict)]
    assert (len(saved), len(conflicts)) == (1, 1), outcomes
    stored = ConsensusScore.objects.get(review=in_consensus, item=item)
    assert stored.rationale == saved[0].rationale
    assert conflicts[0].current.rationale == stored.rationale


@pytest.mark.parametrize("attempt", range(5))
def test_two_edits_of_the_same_version_at_once_never_lose_an_edit(
    in_consensus, reviewer_a, reviewer_b, scale, attempt
):
    item = scale.items.get(number=9)
    first = rating_services.consensus_save(
        actor=reviewer_a,
        review=in_consensus,
        item=item,
        score=4,
        rationale="start",
        recommendation="start",
        expected_version=None,
    )
    outcomes = save_at_once(
        [
            consensus_call(in_consensus, reviewer_a, item, 3, "edit A", first.version),
            consensus_call(in_consensus, reviewer_b, item, 2, "edit B", first.version),
        ]
    )
    saved = [o for o in outcomes if isinstance(o, ConsensusScore)]
    conflicts = [o for o in outcomes if isinstance(o, rating_services.ConsensusConflict)]
    assert (len(saved), len(conflicts)) == (1, 1), outcomes
    stored = ConsensusScore.objects.get(pk=first.pk)
    assert stored.version == 2
    assert stored.rationale == saved[0].rationale
    # The refused one was shown exactly what is stored now.
    assert conflicts[0].current.rationale == stored.rationale
