"""Personal API tokens: made, listed and revoked by their owner, and checked on each API call.

A token is the owner's key to the read-only API: it sees exactly what its
owner sees in the app, because the API reads through the same scopes. Only a
hash is stored (django-rest-knox); the token is shown once, when it is made.
"""

from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from ipsfidelity.accounts.models import ApiToken, User
from ipsfidelity.accounts.second_factor import has_authenticator_app, second_factor_required

# Tokens expire: a forgotten token in an old script stops working on its own.
LIFETIMES_DAYS = (30, 90, 365)
# Each API call compares against the owner's tokens (knox also sweeps the
# expired ones then), so the number a person may hold is kept small.
TOKENS_PER_PERSON = 10
# Recording every use would write on every read; once in a while tells the
# owner well enough whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=5)


class TokenError(Exception):
    """A token that cannot be made as asked; the message can be shown as it is."""


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    now = timezone.now()
    return ApiToken.objects.filter(user=user).exclude(expiry__lt=now).order_by("-created", "-id")


def api_token_create(
    *, user: User, name: str, lifetime_days: int, through_organisation: bool = False
) -> tuple[ApiToken, str]:
    """Make a token for the user; returns it and the secret, which is never readable again.

    through_organisation: the session it is made in signed in through the
    organisation's provider (which asks for its own second factor)."""
    if lifetime_days not in LIFETIMES_DAYS:
        raise TokenError(_("Choose one of the offered lifetimes."))
    if api_tokens_of(user).count() >= TOKENS_PER_PERSON:
        raise TokenError(
            _("You have %(count)s tokens already: revoke one you no longer use first.")
            % {"count": TOKENS_PER_PERSON}
        )
    token, secret = ApiToken.objects.create(
        user=user,
        expiry=timedelta(days=lifetime_days),
        name=name.strip(),
        made_after_organisation_signin=through_organisation,
    )
    return token, secret


def api_token_revoke(*, user: User, pk: int) -> ApiToken:
    """Delete one of the user's own tokens; another person's token is not found (404)."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    token.delete()
    return token


class ApiTokenAuthentication(TokenAuthentication):
    """knox's check of `Authorization: Token ...`, hardened and noting when a token was used."""

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            # knox would let this surface as a server error.
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        user, auth_token = super().authenticate_credentials(token)
        if (
            second_factor_required(user)
            and not auth_token.made_after_organisation_signin
            and not has_authenticator_app(user)
        ):
            # Held at the set-up page in the browser: not let in by the side door.
            raise exceptions.AuthenticationFailed(
                _(
                    "Your role needs a second factor: set up an authenticator app in the app "
                    "before you use an API token."
                )
            )
        now = timezone.now()
        if auth_token.last_used_at is None or auth_token.last_used_at < now - LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=auth_token.pk).update(last_used_at=now)
        return user, auth_token
