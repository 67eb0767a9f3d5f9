"""Evidence with a national identity number is refused, in the form and in autosave,
with a clear message, and nothing changes."""

import pytest
from django.urls import reverse
from django.utils import translation

from reviews.rating import services
from reviews.rating.models import Rating
from tests import factories

pytestmark = pytest.mark.django_db

VALID = "15076500565"
WRONG_CHECK_DIGIT = "15076500566"


@pytest.fixture
def review(site, reviewer_a, reviewer_b):
    reviewer_a.language = "en"  # the messages are checked in English
    reviewer_a.save()
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


def test_autosave_refuses_an_identity_number_and_keeps_the_note(client, review, reviewer_a):
    client.force_login(reviewer_a)
    url = reverse("reviews:rating_save", args=[review.pk, 1])
    client.post(url, {"score": "3", "evidence": "ES ved K.O."}, HTTP_ACCEPT="application/json")
    response = client.post(
        url, {"score": "4", "evidence": f"Klient {VALID}"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 422
    assert "national identity number" in response.json()["error"]
    rating = Rating.objects.get(review=review, item__number=1)
    assert (rating.score, rating.evidence) == (3, "ES ved K.O.")


def test_a_number_with_a_wrong_check_digit_is_saved(client, review, reviewer_a):
    client.force_login(reviewer_a)
    url = reverse("reviews:rating_save", args=[review.pk, 1])
    response = client.post(
        url, {"score": "4", "evidence": f"Sak {WRONG_CHECK_DIGIT}"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert Rating.objects.get(review=review, item__number=1).evidence.endswith(WRONG_CHECK_DIGIT)


def test_the_step_itself_refuses_too(review, reviewer_a):
    item = review.scale.items.get(number=2)
    with translation.override("en"), pytest.raises(services.WorkflowError, match="identity number"):
        services.rating_save(
            actor=reviewer_a, review=review, item=item, score=3, evidence=f"nr {VALID}"
        )
    assert not Rating.objects.filter(review=review).exists()


def test_the_form_says_no_client_names(client, review, reviewer_a):
    client.force_login(reviewer_a)
    page = client.get(reverse("reviews:rating", args=[review.pk])).content.decode()
    assert "No client names: use initials or case numbers. No identity numbers either." in page
