from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ipsfidelity.accounts.forms import LanguageForm


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a logged-in user keeps the choice."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown language."))
    language = form.cleaned_data["language"]
    next_url = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@never_cache
def session_state(request: HttpRequest) -> HttpResponse:
    """Who is logged in here, and the form token that goes with their session.

    A page left open past its session (the rating page keeps unsent changes)
    asks this until its person has logged in again, in another tab, and then
    sends what it kept with the fresh token, without reloading. The answer says
    who is logged in, so a page never sends one person's changes as another's.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"login_url": login_again_url()}, status=401)
    return JsonResponse({"user": request.user.pk, "csrf_token": get_token(request)})


def login_again_url() -> str:
    """The log-in page, landing on a page that says to go back to the first tab."""
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': reverse('logged_in_again')})}"


@login_required
def logged_in_again(request: HttpRequest) -> HttpResponse:
    return render(request, "account/logged_in_again.html")


def logged_out_answer(request: HttpRequest) -> HttpResponse:
    """401 for a page's script whose session has ended: JSON, or a line for htmx to show.

    Either way it carries the log-in address; nothing on the page is replaced by
    the log-in form, and nothing looks saved.
    """
    login_url = login_again_url()
    if request.method == "GET":
        message = _("You are logged out.")
    else:
        message = _("Not saved: you are logged out.")
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse(
            {"error": message, "logged_out": True, "login_url": login_url}, status=401
        )
    else:
        response = HttpResponse(
            format_html(
                '<span class="text-danger" role="alert">{} '
                '<a href="{}" target="_blank">{}</a></span>',
                message,
                login_url,
                _("Log in again (opens in a new tab)"),
            ),
            status=401,
        )
    response["X-Login-Url"] = login_url
    return response
