"""Personal API tokens: made on the user's own page and shown once, stored hashed, revoked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsfidelity.accounts import tokens
from ipsfidelity.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def make_token(client, name="Rapportpanel", lifetime_days=90):
    return client.post(reverse("api_tokens"), {"name": name, "lifetime_days": lifetime_days})


def test_the_user_menu_leads_to_the_token_page(english_client, reviewer_a):
    english_client.force_login(reviewer_a)
    home = english_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("api_tokens")}"' in home
    page = english_client.get(reverse("api_tokens"))
    assert page.status_code == 200
    assert "You have no API tokens." in page.content.decode()


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(english_client, reviewer_a):
    english_client.force_login(reviewer_a)
    response = make_token(english_client)
    assert response.status_code == 201
    token = ApiToken.objects.get(user=reviewer_a)
    page = response.content.decode()
    secret = page.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("ipsf_") and len(secret) > 60
    assert token.name == "Rapportpanel"
    assert secret not in {token.digest, token.token_key} and token.token_key != secret
    assert not any(secret in str(value) for value in vars(token).values())
    assert timedelta(days=89) < token.expiry - timezone.now() <= timedelta(days=90)
    assert response["Cache-Control"].startswith("max-age=0")
    # Listed by name afterwards, the secret never again.
    again = english_client.get(reverse("api_tokens")).content.decode()
    assert "Rapportpanel" in again and secret not in again


def test_a_token_needs_a_name_and_an_offered_lifetime(english_client, reviewer_a):
    english_client.force_login(reviewer_a)
    assert make_token(english_client, name="").status_code == 400
    assert make_token(english_client, lifetime_days=10000).status_code == 400
    assert not ApiToken.objects.exists()


def test_a_person_holds_a_limited_number_of_tokens(english_client, reviewer_a):
    for number in range(tokens.TOKENS_PER_PERSON):
        tokens.api_token_create(user=reviewer_a, name=f"t{number}", lifetime_days=30)
    english_client.force_login(reviewer_a)
    response = make_token(english_client)
    assert response.status_code == 400
    assert "revoke one you no longer use" in response.content.decode()


def test_the_page_lists_only_the_users_own_tokens(english_client, reviewer_a, reviewer_b):
    tokens.api_token_create(user=reviewer_b, name="Bjørns skript", lifetime_days=30)
    english_client.force_login(reviewer_a)
    assert "Bjørns skript" not in english_client.get(reverse("api_tokens")).content.decode()


def test_a_revoked_token_gets_401(api, client, reviewer_a, review):
    secret = api.token_for(reviewer_a, name="Skript")
    assert api.get("/api/reviews/", token=secret).status_code == 200
    token = ApiToken.objects.get(user=reviewer_a)
    client.force_login(reviewer_a)
    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    refused = api.get("/api/reviews/", token=secret)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"


def test_nobody_revokes_another_persons_token(client, reviewer_a, reviewer_b):
    token, _secret = tokens.api_token_create(user=reviewer_b, name="B", lifetime_days=30)
    client.force_login(reviewer_a)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_token_page_needs_a_log_in(client, db):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and "/login/" in response.url


def test_an_expired_token_gets_401(api, reviewer_a):
    secret = api.token_for(reviewer_a)
    ApiToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    assert api.get("/api/reviews/", token=secret).status_code == 401


def test_the_token_of_a_deactivated_person_gets_401(api, reviewer_a):
    secret = api.token_for(reviewer_a)
    reviewer_a.is_active = False
    reviewer_a.save()
    assert api.get("/api/reviews/", token=secret).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token nonsense", "Token ipsf_" + "0" * 64, "Token \xe6\xf8\xe5"],
)
def test_a_malformed_or_unknown_token_gets_401_never_a_server_error(api, header, db):
    response = api.client.get("/api/reviews/", headers={"Authorization": header})
    assert response.status_code == 401


def test_no_credentials_get_401(api, db):
    assert api.get("/api/reviews/").status_code == 401


def test_a_logged_in_browser_reads_the_api_with_its_session(client, reviewer_a, review):
    client.force_login(reviewer_a)
    response = client.get("/api/reviews/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [review.pk]


def test_a_use_of_the_token_is_noted_for_its_owner(api, reviewer_a):
    secret = api.token_for(reviewer_a)
    assert ApiToken.objects.get().last_used_at is None
    api.get("/api/sites/", token=secret)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    # Not written again on every call.
    api.get("/api/sites/", token=secret)
    assert ApiToken.objects.get().last_used_at == first


def test_a_national_admin_sees_and_deletes_tokens_in_the_admin(client, national_admin, reviewer_a):
    token, _secret = tokens.api_token_create(user=reviewer_a, name="Lekket", lifetime_days=30)
    client.force_login(national_admin)
    listing = client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200 and "Lekket" in listing.content.decode()
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert not ApiToken.objects.exists()
