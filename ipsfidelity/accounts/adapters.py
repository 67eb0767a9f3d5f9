"""How django-allauth fits this project: closed sign-up, our lockout, mail in the
recipient's language through the task queue, and who may sign in through the
organisation's OpenID Connect provider.

Signing in never creates an account or a role by itself. An organisation
identity whose verified e-mail address belongs to an active user logs in as
that user; any other identity is refused with a page that says access is by
invitation. The one place where that may change is `account_for_identity`
below, which the invitation system provides.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.module_loading import import_string

from ipsfidelity.accounts.lockout import address_blocked, known_device, remember_device
from ipsfidelity.accounts.mail import mail_allowed
from ipsfidelity.accounts.second_factor import second_factor_required
from ipsfidelity.accounts.tasks import queue_email

logger = logging.getLogger(__name__)

# Mails that someone other than the address's owner can set off.
ASKED_FOR_BY_ANYONE = ("account/email/password_reset",)


def account_for_identity(request: HttpRequest, email: str, user):
    """The hook for an organisation identity signing in for the first time.

    Called with the verified e-mail address and the active user who has it
    (None: nobody). Return the active user this person logs in as (the
    identity is then linked to that user), or None to refuse with the "access
    is by invitation" page.

    This default lets in the user with the address, and nobody else. The
    invitation system lives above this package (in sites), so it does not
    edit this function: it provides one with the same signature, which also
    accepts an open invitation to the address, and names it in the setting
    ACCOUNT_FOR_IDENTITY (a dotted path, as AXES_USERNAME_CALLABLE is).
    """
    return user


def _account_of(email: str | None) -> int | None:
    if not email:
        return None
    return (
        get_user_model()
        .objects.filter(email__iexact=email.strip())
        .values_list("pk", flat=True)
        .first()
    )


def _identity_hook():
    return import_string(settings.ACCOUNT_FOR_IDENTITY)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are made by an administrator (later by invitation), never by the person.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        # Wrong passwords are counted by django-axes, per e-mail address and
        # client address (settings). allauth's own count would also pause a
        # whole office behind one address after ten wrong passwords, which the
        # lockout is designed not to do. One address trying many accounts meets
        # a generous limit of its own.
        if address_blocked(request) and not known_device(
            request, _account_of(credentials.get("email"))
        ):
            raise ImmediateHttpResponse(render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429))
        return None

    def post_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        remember_device(request, response, user)
        return response

    def get_login_stages(self) -> list[str]:
        return [
            "ipsfidelity.accounts.adapters.LocalSecondFactorStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the mail in the recipient's language, then queue it after commit.

        The web request answers at once even when the mail server is slow, and
        the task retries if it is down (same path as ipsfidelity.accounts.mail).
        """
        if template_prefix.startswith(ASKED_FOR_BY_ANYONE) and not mail_allowed(email):
            # Anyone can ask for these for any address: past the hourly share,
            # the request is answered as usual but no mail goes out.
            logger.info("mail to an address throttled: %s", template_prefix)
            return
        request = allauth_context.request
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, full_context)
        html_body = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        subject, body, to = str(message.subject), str(message.body), list(message.to)
        transaction.on_commit(
            lambda: queue_email(to=to, subject=subject, body=body, html_body=html_body)
        )


class SecondFactorAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Someone who must have an authenticator app cannot remove the only one.
        if authenticator.type == Authenticator.Type.TOTP and second_factor_required(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)


class LocalSecondFactorStage(AuthenticateStage):
    """allauth's code step at log-in, skipped when the organisation's provider signed
    the person in: its sign-in carries the organisation's own second factor."""

    def _should_handle(self, request: HttpRequest) -> bool:
        if (self.login.signal_kwargs or {}).get("sociallogin"):
            return False
        return super()._should_handle(request)


def verified_email(claims: dict, verified_claim: str) -> str | None:
    """The id_token's e-mail address if the provider says it is verified, else None."""
    email = claims.get("email")
    # A JSON true, or what some providers send for it: "true", "1" or 1.
    verified = claims.get(verified_claim)
    if isinstance(verified, str):
        verified = verified.strip().lower() in ("true", "1")
    elif isinstance(verified, int) and not isinstance(verified, bool):
        verified = verified == 1
    if not email or verified is not True:
        return None
    return str(email).strip().lower()


def whom_to_ask() -> list[dict]:
    """The regional resource centres whose coordinators invite people, as dicts
    with "region", "resource_centre" and "email".

    Regions and coordinators belong to sites, above this package: sites
    provides the function and names it in the setting WHOM_TO_ASK_FOR_ACCESS,
    as it does for ACCOUNT_FOR_IDENTITY.
    """
    return import_string(settings.WHOM_TO_ASK_FOR_ACCESS)()


class OrganisationAccountAdapter(DefaultSocialAccountAdapter):
    """Who may sign in through the organisation's provider (see the module's docstring)."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def list_apps(self, request: HttpRequest, provider=None, client_id=None) -> list:
        # The provider is configured from the environment only (OIDC_*): a
        # provider added as a row in the database would be trusted to vouch for
        # anyone's e-mail address, so such rows are ignored.
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if app.pk is None]

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            # Identities are linked at sign-in by verified address, never by hand.
            raise ImmediateHttpResponse(redirect("account_login"))
        app_settings = sociallogin.account.get_provider(request).app.settings
        claims = sociallogin.account.extra_data.get("id_token", {})
        email = verified_email(claims, app_settings.get("email_verified_claim", "email_verified"))
        if email is None:
            logger.info("organisation sign-in refused: e-mail address not verified")
            raise ImmediateHttpResponse(
                self._refusal(request, "socialaccount/unverified_email.html", claims)
            )
        if sociallogin.is_existing:
            return  # linked before; allauth refuses an inactive user itself
        existing = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        user = _identity_hook()(request, email, existing)
        if user is None or not user.is_active:
            logger.info("organisation sign-in refused: no account for the identity")
            raise ImmediateHttpResponse(
                self._refusal(request, "socialaccount/no_account.html", claims)
            )
        sociallogin.connect(request, user)

    def _refusal(self, request: HttpRequest, template: str, claims: dict) -> HttpResponse:
        context = {"email": claims.get("email", ""), "resource_centres": whom_to_ask()}
        return render(request, template, context, status=403)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        # The page says only that it failed; the log says why, for whoever runs the app.
        reason = (exception and (exception.__cause__ or exception)) or (
            "no sign-in started in this browser matches the answer's state"
        )
        logger.warning("organisation sign-in failed: %s: %s", error, reason)
