"""The scale pages are open to everyone who logs in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_scale_page_shows_every_item_with_its_anchors(client, outsider, scale):
    client.force_login(outsider)
    response = client.get(reverse("reviews:scale_detail", args=[scale.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card mb-3"') == 25
    assert "Ansatte" in page and "Tjenester" in page
