import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_the_email_in_any_case(client):
    user = UserFactory(email="kari@example.no")
    response = client.post(reverse("login"), {"username": "KARI@Example.no", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="kari@example.no", language="en")
    response = client.post(reverse("login"), {"username": "kari@example.no", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_user_manager_stores_emails_in_lower_case():
    user = UserFactory(email="Per.Hansen@NAV.no")
    assert user.email == "per.hansen@nav.no"


def test_pages_are_in_norwegian_by_default(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="nb">' in page
    assert "Logg inn" in page


def test_the_language_switch_sets_a_cookie_for_visitors(client):
    response = client.post(
        reverse("switch_language"), {"language": "en", "next": "/accounts/login/"}
    )
    assert response.status_code == 302 and response.url == "/accounts/login/"
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page and "Log in" in page


def test_the_language_switch_remembers_the_choice_for_a_user(client, outsider):
    client.force_login(outsider)
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    outsider.refresh_from_db()
    assert outsider.language == "en"
    client.cookies.clear()
    client.force_login(outsider)
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_the_language_switch_refuses_an_unknown_language(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("switch_language"), {"language": "sv"})
    assert response.status_code == 400
    outsider.refresh_from_db()
    assert outsider.language == "nb"


def test_the_language_switch_does_not_redirect_off_site(client):
    response = client.post(
        reverse("switch_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_password_reset_mail_is_in_the_recipients_language(client):
    UserFactory(email="bjorn@example.no", language="en")
    UserFactory(email="kari@example.no", language="nb")
    client.post(reverse("password_reset"), {"email": "bjorn@example.no"})
    client.post(reverse("password_reset"), {"email": "kari@example.no"})
    assert [m.to for m in mail.outbox] == [["bjorn@example.no"], ["kari@example.no"]]
    assert "Password reset" in mail.outbox[0].subject
    assert "Tilbakestill" in mail.outbox[1].subject or "passord" in mail.outbox[1].subject.lower()


def test_password_change_needs_the_old_password(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-much-better-1",
            "new_password2": "a-much-better-1",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


def test_repeated_wrong_passwords_lock_the_address_for_a_while(client, settings):
    UserFactory(email="kari@example.no")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "kari@example.no", "password": "guess"})
    response = client.post(reverse("login"), {"username": "kari@example.no", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode() or "For mange" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_another_address(client):
    UserFactory(email="kari@example.no")
    UserFactory(email="per@example.no")
    for _ in range(10):
        client.post(reverse("login"), {"username": "kari@example.no", "password": "guess"})
    response = client.post(reverse("login"), {"username": "per@example.no", "password": PASSWORD})
    assert response.status_code == 302


def test_changing_the_case_of_the_address_does_not_reset_the_count(client, settings):
    UserFactory(email="kari@example.no")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        username = "kari@example.no" if attempt % 2 else "KARI@EXAMPLE.NO"
        client.post(reverse("login"), {"username": username, "password": "guess"})
    response = client.post(reverse("login"), {"username": "Kari@Example.no", "password": PASSWORD})
    assert response.status_code == 429


def test_behind_the_proxy_the_lockout_counts_the_client_not_the_proxy(client, settings):
    from ipsfidelity.accounts.lockout import client_address

    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    from django.test import RequestFactory

    # The proxy appended the real client; the left entry is what the client claimed.
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="10.0.0.2"
    )
    assert client_address(None, request) == "198.51.100.7"
