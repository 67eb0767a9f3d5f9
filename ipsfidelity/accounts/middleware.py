from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from ipsfidelity.accounts.second_factor import must_set_up_second_factor
from ipsfidelity.accounts.views import logged_out_answer
from ipsfidelity.views import is_script_request, page_sent_from


class UserLanguageMiddleware:
    """Serve a logged-in user in their preferred language.

    LocaleMiddleware has already picked a language from the cookie or the
    browser; a logged-in person's own choice wins over both.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Send a national admin or coordinator without an authenticator app to set one up.

    Until it is done, the only pages they reach are the set-up itself (with the
    password confirmation allauth asks for first), the language switch and
    log-out; anything else redirects back to the set-up.
    """

    ALLOWED_URL_NAMES = (
        "mfa_activate_totp",
        "account_reauthenticate",
        "account_logout",
        "logout",
        "switch_language",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and must_set_up_second_factor(request):
            request.second_factor_required = True  # type: ignore[attr-defined]
            allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
            if request.path not in allowed:
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class BackToThePageAfterLogIn:
    """A form sent after the session has ended is answered with the log-in page; after
    logging in, the person lands on the page the form was on, not on the address the
    form was sent to (which only takes POST).

    A request made by a page's script (htmx, or the rating page's queue) is never
    answered with a redirect: followed, it would bring the log-in page back as if it
    were the answer, and a save would look done. It gets 401 with the log-in address
    instead; the page keeps what was typed and says to log in again (static/js/session.js).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        login = resolve_url(settings.LOGIN_URL)
        if (
            user is not None
            and not user.is_authenticated
            and response.status_code == 302
            and response["Location"].startswith(login + "?")
        ):
            if is_script_request(request):
                return logged_out_answer(request)
            if request.method == "POST":
                messages.warning(
                    request,
                    _("Your session had ended, so nothing was saved. Log in again to go on."),
                )
                response["Location"] = f"{login}?{urlencode({'next': page_sent_from(request)})}"
        return response


class EndSessionOnLockout:
    """A password guessed wrong too often, while logged in (sign-off, password
    change), ends the session as well as locking: django-axes, just after this,
    answers with its lockout page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            getattr(request, "axes_locked_out", False)
            and user is not None
            and user.is_authenticated
        ):
            logout(request)
        return response


class PrivatePages:
    """What a logged-in person sees (pages, PDFs, exports) is never kept by a
    browser or proxy cache: `Cache-Control: private, no-store`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
