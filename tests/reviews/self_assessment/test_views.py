"""The self-assessment pages: start, score item by item, publish; bad input changes nothing."""

import pytest
from django.urls import reverse

from reviews.rating.models import ConsensusScore, Review
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_site_leader_starts_scores_and_publishes_it(english_client, site, site_leader, scale):
    colleague = factories.site_leader(site, full_name="Kari Kollega")
    english_client.force_login(site_leader)
    page = english_client.get(reverse("reviews:self_assessment_start", args=[site.pk]))
    assert "Kari Kollega" in page.content.decode()
    response = english_client.post(
        reverse("reviews:self_assessment_start", args=[site.pk]), {"scorers": [colleague.pk]}
    )
    review = Review.objects.get(site=site, kind="self_assessment")
    assert response.url == reverse("reviews:self_assessment", args=[review.pk])
    for item in scale.items.all():
        answer = english_client.post(
            reverse("reviews:self_assessment_save", args=[review.pk, item.number]),
            {"score": "4", "note": "seen in the records", "version": ""},
            headers={"HX-Request": "true"},
        )
        assert answer.status_code == 200
    assert "Saved" in answer.content.decode()
    english_client.post(
        reverse("reviews:self_assessment_publish", args=[review.pk]), {"confirm": "on"}
    )
    review.refresh_from_db()
    assert review.status == "published"
    assert ConsensusScore.objects.filter(review=review, score=4).count() == scale.item_count
    trend = english_client.get(reverse("reviews:site_trend", args=[site.pk]))
    assert trend.status_code == 200 and "100" in trend.content.decode()


def test_a_score_out_of_range_is_refused_and_nothing_is_saved(
    english_client, site, site_leader, scale
):
    review = factories.self_assessment(site, site_leader, publish=False)
    ConsensusScore.objects.filter(review=review, item__number=3).delete()
    english_client.force_login(site_leader)
    answer = english_client.post(
        reverse("reviews:self_assessment_save", args=[review.pk, 3]),
        {"score": "7", "note": ""},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 400
    assert not ConsensusScore.objects.filter(review=review, item__number=3).exists()


def test_publishing_without_every_item_says_which_are_missing(
    english_client, site, site_leader, scale
):
    review = factories.self_assessment(site, site_leader, publish=False)
    ConsensusScore.objects.filter(review=review, item__number__in=[7, 9]).delete()
    english_client.force_login(site_leader)
    response = english_client.post(
        reverse("reviews:self_assessment_publish", args=[review.pk]),
        {"confirm": "on"},
        follow=True,
    )
    assert "7, 9" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "rating"


def test_the_review_page_offers_scoring_to_the_chosen_leader(
    english_client, site, site_leader, scale
):
    review = factories.self_assessment(site, site_leader, publish=False)
    english_client.force_login(site_leader)
    page = english_client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert reverse("reviews:self_assessment", args=[review.pk]) in page
