import sys
from urllib.parse import urlsplit

from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and container health checks: is the database reachable?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an outdated security token, most often from a page left open
    past the end of its session: say so in the reader's language, and offer to log in
    again and come back to the page (the one the form was on).

    A page's script gets a short answer it can act on (fetch a fresh token, or log
    in again), never a page to paste somewhere."""
    if is_script_request(request):
        message = _("The form's security token is out of date: nothing was saved.")
        if "application/json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse({"error": message, "csrf": True}, status=403)
        else:
            response = HttpResponse(
                format_html('<span class="text-danger" role="alert">{}</span>', message),
                status=403,
            )
        response["X-CSRF-Failure"] = "1"
        return response
    return render(request, "403_csrf.html", {"back_to": page_sent_from(request)}, status=403)


def is_script_request(request: HttpRequest) -> bool:
    """Sent by a page's script (htmx, or fetch asking for JSON), not by the browser
    navigating: the answer is read by code, so it must never be a page or a redirect."""
    return bool(request.headers.get("HX-Request")) or "application/json" in request.headers.get(
        "Accept", ""
    )


def page_sent_from(request: HttpRequest) -> str:
    """The path of the page a form was sent from (its Referer on this host), else "/"."""
    came_from = request.headers.get("referer", "")
    if came_from and url_has_allowed_host_and_scheme(
        came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(came_from)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def server_error(request: HttpRequest) -> HttpResponse:
    """An error no page handled: 503 with "try again in a few seconds" when the
    database is restarting or out of reach (it comes back, and the connection is
    checked again on the next request), else the 500 page. Neither page touches
    the database or the user."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
