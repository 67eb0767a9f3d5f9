"""Attacks with control characters: a NUL in a search or a form is a clear 400 and
changes nothing, on PostgreSQL too (which cannot store one), on every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["?q=%00", "?q=ab%00c", "?q=%1b[31m", "?show=%00"])
@pytest.mark.parametrize("url_name", ["sites:site_list", "reviews:review_list"])
def test_a_control_character_in_a_query_is_refused_with_400(
    english_client, national_admin, url_name, query
):
    english_client.force_login(national_admin)
    response = english_client.get(reverse(url_name) + query)
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_a_nul_in_a_form_changes_nothing(english_client, coordinator, site):
    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("sites:site_edit", args=[site.pk]), {"name": "IPS\x00 Tromsø"}
    )
    assert response.status_code == 400
    site.refresh_from_db()
    assert site.name == "IPS Tromsø"


def test_a_script_gets_the_reason_as_json(client, reviewer_a):
    client.force_login(reviewer_a)
    response = client.post(
        reverse("reviews:rating_save", args=[1, 1]),
        {"evidence": "a\x07b"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and "error" in response.json()


def test_tabs_and_line_breaks_in_a_form_are_text(client, site, reviewer_a, reviewer_b):
    from reviews.rating.models import Rating
    from tests import factories

    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    client.force_login(reviewer_a)
    response = client.post(
        reverse("reviews:rating_save", args=[review.pk, 1]),
        {"evidence": "ES 1:\t18\r\nES 2:\t20"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert Rating.objects.get().evidence == "ES 1:\t18\r\nES 2:\t20"


def test_the_api_answers_in_its_own_shape(api, reviewer_a):
    response = api.get("/api/sites/", user=reviewer_a, site="ips\x00")
    assert response.status_code == 400 and response.json()["non_field_errors"]
