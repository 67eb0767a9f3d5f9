"""What the server does for the rating page's offline queue: versions that keep a
change made on an older copy from writing over a newer one unseen, a change sent
twice taken once, changes never saved as another person's, and rating that opens
on the first visit day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.rating import services
from reviews.rating.models import Rating
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AS_SCRIPT = {"HTTP_ACCEPT": "application/json"}


def save(client, review, number, **data):
    url = reverse("reviews:rating_save", args=[review.pk, number])
    return client.post(url, data, **AS_SCRIPT)


def test_each_save_counts_the_version_up(scheduled, reviewer_a, item):
    first = services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=2)
    assert first.version == 1
    second = services.rating_save(
        actor=reviewer_a, review=scheduled, item=item, score=3, expected_version=1
    )
    assert second.version == 2


def test_a_change_made_on_an_older_version_is_refused_and_carries_the_saved_one(
    scheduled, reviewer_a, item
):
    services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=2, evidence="tab 1")
    services.rating_save(
        actor=reviewer_a, review=scheduled, item=item, score=4, evidence="tab 2", expected_version=1
    )
    with pytest.raises(services.RatingConflict) as conflict:
        services.rating_save(
            actor=reviewer_a,
            review=scheduled,
            item=item,
            score=1,
            evidence="offline, on version 1",
            expected_version=1,
        )
    assert (conflict.value.current.score, conflict.value.current.evidence) == (4, "tab 2")
    assert Rating.objects.get().version == 2


def test_the_same_change_sent_twice_is_taken_once_whatever_version_it_names(
    scheduled, reviewer_a, item
):
    # The answer to the first was lost on the way back; the page sends it again.
    services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=3, evidence="a")
    again = services.rating_save(
        actor=reviewer_a, review=scheduled, item=item, score=3, evidence="a", expected_version=0
    )
    assert again.version == 1


def test_a_change_to_an_item_not_yet_rated_names_version_0(scheduled, reviewer_a, item):
    services.rating_save(actor=reviewer_a, review=scheduled, item=item, score=3, expected_version=0)
    with pytest.raises(services.RatingConflict):
        services.rating_save(
            actor=reviewer_a, review=scheduled, item=item, score=5, expected_version=0
        )


def test_the_page_gets_409_with_both_versions_and_nothing_changes(
    english_client, scheduled, reviewer_a
):
    client = english_client
    client.force_login(reviewer_a)
    assert save(client, scheduled, 4, score="2", evidence="first", version="0").status_code == 200
    assert (
        save(client, scheduled, 4, score="3", evidence="other tab", version="1").json()["version"]
        == 2
    )
    answer = save(client, scheduled, 4, score="5", evidence="stale", version="1")
    assert answer.status_code == 409
    saved = answer.json()["saved"]
    assert (saved["score"], saved["evidence"], saved["version"]) == (3, "other tab", 2)
    assert "another tab" in answer.json()["error"]
    # Keeping one's own: the change is sent again on the saved version.
    kept = save(client, scheduled, 4, score="5", evidence="stale", version="2")
    assert kept.status_code == 200 and kept.json()["version"] == 3
    assert Rating.objects.get().evidence == "stale"


def test_a_change_is_never_saved_as_someone_elses(client, scheduled, reviewer_a, reviewer_b):
    # Reviewer A's change kept on a shared tablet, sent while B is logged in.
    client.force_login(reviewer_b)
    answer = save(client, scheduled, 1, score="2", reviewer=str(reviewer_a.pk), version="0")
    assert answer.status_code == 403 and answer.json()["other_user"] is True
    assert not Rating.objects.exists()


def test_rating_opens_on_the_first_visit_day(english_client, site, reviewer_a, reviewer_b):
    client = english_client
    soon = timezone.localdate() + timedelta(days=3)
    review = factories.scheduled_review(
        site, reviewer_a, reviewer_b, visit_start=soon, visit_end=soon + timedelta(days=1)
    )
    client.force_login(reviewer_a)
    answer = save(client, review, 1, score="3")
    assert answer.status_code == 403
    assert "Rating opens on the first visit day" in answer.json()["error"]
    assert not Rating.objects.exists()
    page = client.get(reverse("reviews:rating", args=[review.pk])).content.decode()
    assert 'id="rating-closed"' in page and "Rating opens on the first visit day" in page
    assert "<fieldset disabled>" in page
    detail = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "Rating opens on the first visit day" in detail
    # The coordinator moves the visit to today: rating opens.
    review.visit_start = timezone.localdate()
    review.save()
    assert save(client, review, 1, score="3").status_code == 200


def test_a_report_is_marked_ready_from_the_last_visit_day(site, reviewer_a, reviewer_b):
    from reviews.reports import services as report_services
    from reviews.reports.models import ReportText

    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, 5, submit=True)
    factories.rate_all(review, reviewer_b, 5, submit=True)
    services.consensus_accept_agreed(actor=reviewer_a, review=review)
    services.consensus_complete(actor=reviewer_a, review=review)
    review = services.consensus_complete(actor=reviewer_b, review=review)
    ReportText.objects.create(review=review, summary="Sum")
    # The coordinator lengthened the visit: it ends tomorrow.
    review.visit_end = timezone.localdate() + timedelta(days=1)
    review.save()
    with pytest.raises(services.WorkflowError, match="from the last visit day"):
        report_services.report_mark_ready(actor=reviewer_a, review=review)
    review.refresh_from_db()
    assert review.ready_for_signoff_at is None
    review.visit_end = timezone.localdate()
    review.save()
    report_services.report_mark_ready(actor=reviewer_a, review=review)
    review.refresh_from_db()
    assert review.ready_for_signoff_at is not None


def test_who_is_logged_in_answers_401_for_nobody_and_the_person_with_a_token(client, reviewer_a):
    url = reverse("session_state")
    answer = client.get(url)
    assert answer.status_code == 401 and "/accounts/login/" in answer.json()["login_url"]
    client.force_login(reviewer_a)
    answer = client.get(url).json()
    assert answer["user"] == reviewer_a.pk and len(answer["csrf_token"]) == 64


def test_a_missing_tick_is_said_at_the_top_and_next_to_the_box(client, scheduled, reviewer_a):
    factories.rate_all(scheduled, reviewer_a, 3)
    client.force_login(reviewer_a)
    response = client.post(reverse("reviews:rating_submit", args=[scheduled.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    top = page.index('<a href="#confirm-submit">')
    assert top < page.index('id="rating-items"')  # at the top of the page
    assert "autofocus" in page.split('id="confirm-submit"')[1].split(">")[0]


def test_the_worker_script_is_served_from_the_rating_pages_folder(client):
    response = client.get(reverse("reviews:offline_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert reverse("reviews:offline_worker").startswith("/reviews/")
    assert "ipsfidelity-pages-" in response.content.decode()


def test_the_rating_page_says_whose_copy_it_is(client, scheduled, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(reverse("reviews:rating", args=[scheduled.pk]))
    assert response["X-Offline-Owner"] == str(reviewer_a.pk)
    assert 'data-kept-copy="0"' in response.content.decode()


def test_the_log_out_button_carries_its_warning_with_the_count_to_fill_in(client, reviewer_a):
    client.force_login(reviewer_a)
    page = client.get(reverse("home")).content.decode()
    assert 'data-unsent-other="Du har %(count)s endringer' in page
    assert f'data-user="{reviewer_a.pk}"' in page
