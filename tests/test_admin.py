"""The Django admin: every model for national admins, closed to everyone else; health."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_manages_every_model_for_a_national_admin(client, national_admin, review):
    client.force_login(national_admin)
    for model in [
        "accounts/user",
        "sites/region",
        "sites/site",
        "sites/team",
        "sites/membership",
        "reviews/fidelityscale",
        "reviews/scaleitem",
        "reviews/review",
        "reviews/rating",
        "reviews/consensusscore",
        "reviews/report",
        "reviews/signoff",
    ]:
        assert client.get(f"/admin/{model}/").status_code == 200, model
        assert client.get(f"/admin/{model}/?q=Tromsø").status_code == 200, model
    assert client.get(f"/admin/reviews/review/{review.pk}/change/").status_code == 200


def test_the_admin_is_closed_to_coordinators(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/reviews/rating/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_health_answers_ok(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
