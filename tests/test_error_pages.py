"""Error pages: styled, in the reader's language, and a way back."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    """A browser whose forms are checked for the CSRF token, as in production."""
    return Client(enforce_csrf_checks=True)


def test_a_stale_form_gets_a_styled_page_that_leads_back_after_logging_in(strict_client):
    page = "/reviews/import/?step=1"
    response = strict_client.post(
        reverse("account_login"), {"login": "x@example.no"}, HTTP_REFERER=f"http://testserver{page}"
    )
    assert response.status_code == 403
    text = response.content.decode()
    assert "Skjemaet kunne ikke sendes" in text and "app-navbar" in text
    assert "/accounts/login/?next=/reviews/import/%3Fstep%3D1" in text


def test_a_logged_in_person_is_offered_the_page_again_in_their_language(strict_client, coordinator):
    coordinator.language = "en"
    coordinator.save()
    strict_client.force_login(coordinator)
    response = strict_client.post(
        reverse("sites:site_create"), {}, HTTP_REFERER="http://testserver/sites/new/"
    )
    assert response.status_code == 403
    text = response.content.decode()
    assert "The form could not be sent" in text and 'href="/sites/new/"' in text


def test_a_referer_on_another_host_is_not_followed(strict_client):
    response = strict_client.post(
        reverse("account_login"), {}, HTTP_REFERER="https://evil.example/phish"
    )
    assert "evil.example" not in response.content.decode()


def test_a_form_sent_after_the_session_ended_leads_back_to_its_page(client, region):
    response = client.post(
        reverse("sites:region_policy", args=[region.pk]),
        {},
        HTTP_REFERER=f"http://testserver/sites/regions/{region.pk}/policy/",
    )
    assert response.status_code == 302
    assert response.url == (f"/accounts/login/?next=%2Fsites%2Fregions%2F{region.pk}%2Fpolicy%2F")
    # htmx (autosave) sends the whole page to log in, not the log-in form into a row.
    response = client.post(
        reverse("reviews:rating_save", args=[1, 1]),
        {"score": "3"},
        HTTP_REFERER="http://testserver/reviews/1/rating/",
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Freviews%2F1%2Frating%2F"


def test_a_server_error_is_a_styled_page_in_the_readers_language(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.DEBUG = False
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/fails/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong" in text and "app.css" in text and 'lang="en"' in text
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="nb").get("/fails/")
    assert "Noe gikk galt" in response.content.decode()


def test_not_found_and_not_allowed_pages_are_styled(client, site_leader):
    client.force_login(site_leader)
    response = client.get("/sites/999999/")
    assert response.status_code == 404 and "app-navbar" in response.content.decode()
