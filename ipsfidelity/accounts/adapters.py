"""How django-allauth fits this project: closed sign-up, our lockout, mail in the
recipient's language through the task queue."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from ipsfidelity.accounts.second_factor import second_factor_required
from ipsfidelity.accounts.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are made by an administrator (later by invitation), never by the person.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        # Wrong passwords are counted by django-axes, per e-mail address and
        # client address (settings). allauth's own count would also pause a
        # whole office behind one address after ten wrong passwords, which the
        # lockout is designed not to do.
        return None

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the mail in the recipient's language, then queue it after commit.

        The web request answers at once even when the mail server is slow, and
        the task retries if it is down (same path as ipsfidelity.accounts.mail).
        """
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
            lambda: send_email.delay(to=to, subject=subject, body=body, html_body=html_body)
        )


class SecondFactorAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Someone who must have an authenticator app cannot remove the only one.
        if authenticator.type == Authenticator.Type.TOTP and second_factor_required(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
