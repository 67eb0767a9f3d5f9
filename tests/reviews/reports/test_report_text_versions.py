"""The report text is versioned like consensus scores: a save against an older
version is refused with the saved text shown, never silently overwritten."""

import pytest
from django.urls import reverse

from reviews.reports import services as report_services
from tests import factories
from tests.reviews.rating.test_consensus_concurrency import save_at_once


@pytest.fixture
def ready(site, reviewer_a, reviewer_b):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    return factories.ready_report(review, reviewer_a, reviewer_b)


def text(summary, version):
    return {
        "summary": summary,
        "strengths": "Strong team meetings.",
        "priority_1": "2",
        "version": version,
    }


@pytest.mark.django_db
def test_a_save_on_an_older_text_is_refused_and_both_texts_are_shown(
    english_client, ready, reviewer_a, reviewer_b
):
    loaded = ready.report_text.version
    report_services.report_save(
        actor=reviewer_a,
        review=ready,
        summary="A's summary",
        strengths="",
        priorities=[1],
        expected_version=loaded,
    )
    english_client.force_login(reviewer_b)
    response = english_client.post(
        reverse("reviews:report", args=[ready.pk]), text("B's summary", loaded)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "was changed while you were editing" in page
    assert "A&#x27;s summary" in page and "B&#x27;s summary" in page
    ready.refresh_from_db()
    assert ready.report_text.summary == "A's summary"
    # Saving again from the page now shown (the new version) works.
    again = english_client.post(
        reverse("reviews:report", args=[ready.pk]),
        text("Merged summary", ready.report_text.version),
    )
    assert again.status_code == 302
    ready.refresh_from_db()
    assert ready.report_text.summary == "Merged summary"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_saves_of_the_same_version_at_once_keep_one_and_tell_the_other(
    require_postgres, ready, reviewer_a, reviewer_b, attempt
):
    version = ready.report_text.version

    def save(actor, summary):
        return lambda: report_services.report_save(
            actor=actor,
            review=ready,
            summary=summary,
            strengths="",
            priorities=[],
            expected_version=version,
        )

    outcomes = save_at_once([save(reviewer_a, "from A"), save(reviewer_b, "from B")])
    conflicts = [o for o in outcomes if isinstance(o, report_services.ReportTextConflict)]
    saved = [o for o in outcomes if not isinstance(o, Exception)]
    assert (len(saved), len(conflicts)) == (1, 1), outcomes
    ready.refresh_from_db()
    assert ready.report_text.summary == saved[0].report_text.summary
