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


def test_a_script_whose_session_ended_gets_401_with_the_log_in_address_never_a_redirect(client):
    # Followed, a redirect brings the log-in page back as the answer and a save
    # looks done; the page needs to know it was not, and where to log in again.
    url = reverse("reviews:rating_save", args=[1, 1])
    answer = client.post(url, {"score": "3"}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 401
    assert answer.json()["logged_out"] is True
    assert answer.json()["login_url"] == "/accounts/login/?next=%2Faccounts%2Flogged-in%2F"
    htmx = client.post(url, {"score": "3"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 401 and "HX-Redirect" not in htmx
    assert 'target="_blank"' in htmx.content.decode()
    assert htmx["X-Login-Url"] == answer.json()["login_url"]
    # A page, not a script, is still sent to log in and back.
    assert client.get(reverse("reviews:rating", args=[1])).status_code == 302


def test_a_script_with_an_old_form_token_gets_a_short_403_it_can_act_on(client, reviewer_a):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer_a)
    url = reverse("reviews:rating_save", args=[1, 1])
    answer = strict.post(url, {"score": "3"}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 403 and answer.json()["csrf"] is True
    assert answer["X-CSRF-Failure"] == "1"
    page = strict.post(url, {"score": "3"})
    assert page.status_code == 403 and "app-navbar" in page.content.decode()


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


def test_the_database_out_of_reach_is_a_styled_503_that_says_try_again(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.DEBUG = False
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/database-away/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    text = response.content.decode()
    assert "try again in a few seconds" in text and "app.css" in text


def test_not_found_and_not_allowed_pages_are_styled(client, site_leader):
    client.force_login(site_leader)
    response = client.get("/sites/999999/")
    assert response.status_code == 404 and "app-navbar" in response.content.decode()
