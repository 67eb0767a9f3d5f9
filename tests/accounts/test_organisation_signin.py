"""Sign-in through the organisation's OpenID Connect provider.

Every test runs the authorization code flow with PKCE against the real
provider in tests/oidc_provider (its discovery, keys, login page and token
endpoint); the test client is the browser.
"""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory, coordinator
from tests.oidc_provider import EVIL_EMAIL, sign_in

pytestmark = pytest.mark.django_db

START = "/accounts/oidc/org/login/"


def start(client, **params) -> str:
    """Press the organisation button; the provider's authorization address."""
    response = client.post(START + (f"?{urlencode(params)}" if params else ""))
    assert response.status_code == 302, response.content.decode()[:1000]
    return response.url


def come_back(client, callback_url: str, **headers):
    parts = urlsplit(callback_url)
    assert parts.netloc == "testserver", callback_url
    return client.get(f"{parts.path}?{parts.query}", **headers)


def sign_in_through_organisation(client, login: str, **headers):
    return come_back(client, sign_in(start(client), login), **headers)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_without_configuration_there_is_no_organisation_button(client):
    page = client.get(reverse("account_login")).content.decode()
    assert START not in page
    assert client.post(START).status_code == 404


def test_the_login_page_offers_the_organisation_button(client, organisation_signin):
    page = client.get(reverse("account_login")).content.decode()
    assert f'action="{START}"' in page and "Test organisation" in page


def test_the_request_uses_pkce_a_nonce_and_state(client, organisation_signin):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert len(query["nonce"][0]) >= 32 and query["state"][0]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}


def test_a_verified_address_of_an_active_user_logs_in_as_that_user(client, organisation_signin):
    kari = UserFactory(email="kari@example.no")
    response = sign_in_through_organisation(client, "Kari@Example.no")
    assert response.status_code == 302 and response.url == reverse("home")
    assert logged_in_user_id(client) == str(kari.pk)
    account = SocialAccount.objects.get(user=kari)
    assert account.uid == "Kari@Example.no"
    # The next sign-in finds the same person by the provider's subject.
    client.post(reverse("account_logout"))
    sign_in_through_organisation(client, "Kari@Example.no")
    assert logged_in_user_id(client) == str(kari.pk)
    assert SocialAccount.objects.count() == 1


def test_an_identity_without_an_account_gets_no_account_and_is_told_whom_to_ask(
    client, organisation_signin, region
):
    coordinator(region)
    users_before = get_user_model().objects.count()
    response = sign_in_through_organisation(client, "nina@example.no")
    assert response.status_code == 403
    page = response.content.decode()
    assert "nina@example.no" in page and "invitasjon" in page
    assert region.resource_centre in page
    assert logged_in_user_id(client) is None
    assert get_user_model().objects.count() == users_before
    assert not SocialAccount.objects.exists()


def test_the_no_account_page_is_in_the_browsers_language(client, organisation_signin):
    response = sign_in_through_organisation(client, "nina@example.no", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Access is by invitation" in response.content.decode()


def invited(request, email, user):
    """An invitation system's answer, for the test of the hook."""
    return get_user_model().objects.get(email="invited.later@example.no")


def test_the_invitation_hook_can_let_a_new_identity_in(client, organisation_signin, settings):
    person = UserFactory(email="invited.later@example.no")
    settings.ACCOUNT_FOR_IDENTITY = f"{__name__}.invited"
    response = sign_in_through_organisation(client, "nina@example.no")
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(person.pk)


def test_an_inactive_user_is_not_let_in(client, organisation_signin):
    UserFactory(email="kari@example.no", is_active=False)
    response = sign_in_through_organisation(client, "kari@example.no")
    assert response.status_code == 403
    assert logged_in_user_id(client) is None


@pytest.mark.parametrize("login", ["unverified:kari@example.no", "noverified:kari@example.no"])
def test_an_address_the_provider_does_not_call_verified_is_refused(
    client, organisation_signin, login
):
    UserFactory(email="kari@example.no")
    response = sign_in_through_organisation(client, login)
    assert response.status_code == 403
    assert "bekreftet" in response.content.decode()
    assert logged_in_user_id(client) is None
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    "login",
    [
        # The payload was changed after signing: it claims the admin's address.
        "tampered:kari@example.no",
        # Signed by the provider, but for another client.
        "wrong-audience:kari@example.no",
        # Signed by the provider for us, but for another sign-in.
        "wrong-nonce:kari@example.no",
    ],
)
def test_an_id_token_that_fails_a_check_is_refused(client, organisation_signin, login):
    UserFactory(email="kari@example.no")
    UserFactory(email=EVIL_EMAIL)
    response = sign_in_through_organisation(client, login)
    assert response.status_code == 401
    assert logged_in_user_id(client) is None
    assert not SocialAccount.objects.exists()


def test_the_same_person_without_the_alteration_gets_in(client, organisation_signin):
    # The control for the test above: the provider, the flow and the account are fine.
    UserFactory(email="kari@example.no")
    assert sign_in_through_organisation(client, "kari@example.no").status_code == 302


def test_a_callback_with_another_state_is_refused(client, organisation_signin):
    UserFactory(email="kari@example.no")
    callback = urlsplit(sign_in(start(client), "kari@example.no"))
    query = parse_qs(callback.query)
    query["state"] = ["not-the-state-this-browser-got"]
    forged = urlunsplit(callback._replace(query=urlencode(query, doseq=True)))
    response = come_back(client, forged)
    assert response.status_code == 401
    assert logged_in_user_id(client) is None


def test_a_callback_in_another_browser_is_refused(client, organisation_signin):
    # Login CSRF: someone else's code and state, opened in this browser.
    from django.test import Client

    UserFactory(email="kari@example.no")
    callback = sign_in(start(Client()), "kari@example.no")
    response = come_back(client, callback)
    assert response.status_code == 401
    assert logged_in_user_id(client) is None


def test_a_callback_is_used_once(client, organisation_signin):
    UserFactory(email="kari@example.no")
    callback = sign_in(start(client), "kari@example.no")
    assert come_back(client, callback).status_code == 302
    client.post(reverse("account_logout"))
    assert come_back(client, callback).status_code == 401
    assert logged_in_user_id(client) is None


def test_the_provider_will_not_give_tokens_for_a_code_without_its_pkce_verifier(
    client, organisation_signin
):
    # A code that leaked (from a log, a referrer) is worthless without the
    # verifier that only this browser's session holds.
    callback = sign_in(start(client), "kari@example.no")
    code = parse_qs(urlsplit(callback).query)["code"][0]
    answer = requests.post(
        organisation_signin.token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": callback.split("?")[0],
            "client_id": organisation_signin.client_id,
            "client_secret": organisation_signin.client_secret,
        },
        timeout=10,
    )
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"


def test_organisation_sign_in_skips_our_second_factor(client, organisation_signin, settings):
    settings.MFA_REQUIRED_FOR_STAFF_ROLES = True
    from tests.factories import RegionFactory

    person = coordinator(RegionFactory(), email="kari@example.no")
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    response = sign_in_through_organisation(client, "kari@example.no")
    assert response.status_code == 302 and response.url == reverse("home")
    assert logged_in_user_id(client) == str(person.pk)
    assert client.get(reverse("home")).status_code == 200


def test_a_coordinator_without_an_app_who_signed_in_through_the_organisation_is_not_held(
    client, organisation_signin, settings, region
):
    settings.MFA_REQUIRED_FOR_STAFF_ROLES = True
    coordinator(region, email="kari@example.no")
    sign_in_through_organisation(client, "kari@example.no")
    assert client.get(reverse("home")).status_code == 200


def test_a_provider_added_in_the_database_is_ignored(client):
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="rogue",
        name="Rogue provider",
        client_id="x",
        secret="y",
        settings={"server_url": "https://rogue.example"},
    )
    page = client.get(reverse("account_login")).content.decode()
    assert "Rogue provider" not in page
    assert client.post("/accounts/oidc/rogue/login/").status_code == 404


@pytest.mark.parametrize(
    ("value", "verified"),
    [
        (True, True),
        ("true", True),
        ("1", True),
        (1, True),
        (False, False),
        ("false", False),
        ("0", False),
        (0, False),
        (None, False),
        ("yes please", False),
    ],
)
def test_what_counts_as_a_verified_address(value, verified):
    from ipsfidelity.accounts.adapters import verified_email

    claims = {"email": "Kari@Example.no", "xms_edov": value}
    assert verified_email(claims, "xms_edov") == ("kari@example.no" if verified else None)


def test_the_claim_that_says_verified_is_the_configured_one(client, oidc_provider, settings):
    # As for Entra ID (xms_edov): a provider that sends only email_verified is then refused.
    from ipsfidelity.settings import organisation_signin as provider_settings

    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(
        issuer_url=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        button_label="Test organisation",
        email_verified_claim="xms_edov",
    )
    UserFactory(email="kari@example.no")
    assert sign_in_through_organisation(client, "kari@example.no").status_code == 403
    assert logged_in_user_id(client) is None
