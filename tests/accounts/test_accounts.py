import uuid

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_logs_in_with_the_email_in_any_case(client):
    user = UserFactory(email="kari@example.no")
    response = log_in(client, "KARI@Example.no", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="kari@example.no", language="en")
    response = log_in(client, "kari@example.no", "nope")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, outsider):
    client.force_login(outsider)
    # A GET only asks to confirm: a link or an image cannot log anyone out.
    assert client.get(reverse("account_logout")).status_code == 200
    assert "_auth_user_id" in client.session
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_user_manager_stores_emails_in_lower_case():
    user = UserFactory(email="Per.Hansen@NAV.no")
    assert user.email == "per.hansen@nav.no"


def test_pages_are_in_norwegian_by_default(client):
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="nb">' in page
    assert "Logg inn" in page


def test_the_language_switch_sets_a_cookie_for_visitors(client):
    response = client.post(
        reverse("switch_language"), {"language": "en", "next": "/accounts/login/"}
    )
    assert response.status_code == 302 and response.url == "/accounts/login/"
    page = client.get(reverse("account_login")).content.decode()
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


def test_password_reset_mail_is_in_the_recipients_language(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="bjorn@example.no", language="en")
    UserFactory(email="kari@example.no", language="nb")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "bjorn@example.no"})
        client.post(reverse("account_reset_password"), {"email": "kari@example.no"})
    assert [m.to for m in mail.outbox] == [["bjorn@example.no"], ["kari@example.no"]]
    assert "password reset" in mail.outbox[0].subject.lower()
    assert "passord" in mail.outbox[1].subject.lower()
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_change_needs_the_old_password(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "a-much-better-1",
            "password2": "a-much-better-1",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


def test_repeated_wrong_passwords_lock_the_address_for_a_while(client, settings):
    UserFactory(email="kari@example.no")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "kari@example.no", "guess")
    response = log_in(client, "kari@example.no", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode() or "For mange" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_another_address(client):
    UserFactory(email="kari@example.no")
    UserFactory(email="per@example.no")
    for _ in range(10):
        log_in(client, "kari@example.no", "guess")
    response = log_in(client, "per@example.no", PASSWORD)
    assert response.status_code == 302


def test_changing_the_case_of_the_address_does_not_reset_the_count(client, settings):
    UserFactory(email="kari@example.no")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        username = "kari@example.no" if attempt % 2 else "KARI@EXAMPLE.NO"
        log_in(client, username, "guess")
    response = log_in(client, "Kari@Example.no", PASSWORD)
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


def test_a_reset_link_from_the_mail_sets_a_new_password(client, django_capture_on_commit_callbacks):
    import re

    user = UserFactory(email="kari@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "KARI@example.no"})
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link.group(1),
        {"password1": "a-much-better-1", "password2": "a-much-better-1"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-better-1")


def test_a_reset_for_an_unknown_address_sends_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.no"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_nobody_can_sign_up(client):
    from django.contrib.auth import get_user_model

    client.post(
        "/accounts/signup/",
        {"email": "new@example.no", "password1": "a-much-better-1", "password2": "a-much-better-1"},
    )
    assert not get_user_model().objects.filter(email="new@example.no").exists()


def test_there_is_no_page_to_change_the_login_address(client, outsider):
    client.force_login(outsider)
    assert client.get("/accounts/email/").status_code == 404
    assert client.get("/accounts/3rdparty/").status_code == 404


def test_the_admin_logs_in_through_the_one_login_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "name", ["account_login", "account_reset_password", "account_reset_password_done"]
)
def test_the_login_pages_use_the_sites_layout(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "app-navbar" in page and "<script>" not in page


@pytest.mark.parametrize("name", ["account_change_password", "mfa_index"])
def test_the_account_pages_use_the_sites_layout(client, outsider, name):
    client.force_login(outsider)
    page = client.get(reverse(name)).content.decode()
    assert "app-navbar" in page and "<script>" not in page


def test_password_reset_mails_to_one_address_are_throttled(
    client, settings, django_capture_on_commit_callbacks
):
    settings.MAILS_PER_ADDRESS_PER_HOUR = 2
    address = f"reset-{uuid.uuid4().hex}@example.no"
    UserFactory(email=address)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            response = client.post(reverse("account_reset_password"), {"email": address})
            assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 2


def test_guessing_the_current_password_on_the_change_page_locks_and_logs_out(
    client, settings, outsider
):
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(outsider)
    url = reverse("account_change_password")
    data = {
        "oldpassword": "guess",
        "password1": "a new long phrase 1",
        "password2": "a new long phrase 1",
    }
    for _ in range(2):
        assert client.post(url, data).status_code == 200  # the form says so
    assert client.post(url, data).status_code == 429
    assert "_auth_user_id" not in client.session
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


def test_one_address_trying_many_accounts_is_stopped(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = "6/h"
    # An address of its own, so no other test's failures count.
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    people = [UserFactory(email=f"person{n}@example.no") for n in range(4)]
    for person in people[:3]:
        for _ in range(2):  # under the per-account lockout
            client.post(
                "/accounts/login/",
                {"login": person.email, "password": "guess"},
                REMOTE_ADDR=address,
            )
    response = client.post(
        "/accounts/login/", {"login": people[3].email, "password": PASSWORD}, REMOTE_ADDR=address
    )
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Another address is not affected.
    ok = client.post("/accounts/login/", {"login": people[3].email, "password": PASSWORD})
    assert ok.status_code == 302


def test_one_guesser_in_an_office_does_not_lock_out_colleagues_on_their_own_browsers(
    client, settings
):
    settings.LOGIN_FAILURES_PER_ADDRESS = "6/h"
    office = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    colleague = UserFactory(email="kollega@example.no")
    # She has logged in from this browser before (at the office or anywhere).
    from django.test import Client

    her_browser = Client()
    assert (
        her_browser.post(
            "/accounts/login/", {"login": colleague.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    her_browser.post("/accounts/logout/")
    # Someone in the same office guesses at other people's accounts.
    for n in range(6):
        client.post(
            "/accounts/login/",
            {"login": f"person{n}@example.no", "password": "guess"},
            REMOTE_ADDR=office,
        )
    stranger = client.post(
        "/accounts/login/", {"login": colleague.email, "password": PASSWORD}, REMOTE_ADDR=office
    )
    assert stranger.status_code == 429  # a browser that never logged in to her account
    back = her_browser.post(
        "/accounts/login/", {"login": colleague.email, "password": PASSWORD}, REMOTE_ADDR=office
    )
    assert back.status_code == 302 and "_auth_user_id" in her_browser.session
    # The cookie is no pass for another account, or for a forged note.
    her_browser.post("/accounts/logout/")
    other = UserFactory(email="annen@example.no")
    refused = her_browser.post(
        "/accounts/login/", {"login": other.email, "password": PASSWORD}, REMOTE_ADDR=office
    )
    assert refused.status_code == 429
    forged = Client()
    forged.cookies["ipsfidelity_device"] = f"[{other.pk}]"
    assert (
        forged.post(
            "/accounts/login/", {"login": other.email, "password": PASSWORD}, REMOTE_ADDR=office
        ).status_code
        == 429
    )


def test_a_short_password_is_refused_in_the_users_language():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    for language, words in [("nb", "for kort"), ("en", "too short")]:
        with translation.override(language), pytest.raises(ValidationError) as refused:
            validate_password("kort")
        assert any(words in message for message in refused.value.messages), language
