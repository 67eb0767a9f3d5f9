"""The reviewer's calendar feed (by secret token) and the page to renew or revoke it."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ipsfidelity import permissions
from ipsfidelity.accounts.models import User
from reviews import calendar_feed as calendar_feed_module
from sites.models import ReviewerProfile


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A reviewer's visits as iCalendar, found by the secret token in the URL."""
    profile = (
        ReviewerProfile.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )
    if not token or profile is None:
        raise Http404
    response = HttpResponse(
        calendar_feed_module.reviewer_calendar(profile.user), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'inline; filename="ips-visits.ics"'
    return response


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Show, renew or revoke the user's calendar feed link."""
    if not permissions.scope_of(request.user).reviewer_regions:
        raise Http404
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_module.revoke(request.user)
            messages.success(request, _("The calendar link is revoked."))
        else:
            calendar_feed_module.new_token(request.user)
            messages.success(
                request, _("You have a new calendar link; the old one no longer works.")
            )
        return redirect("calendar_settings")
    profile = ReviewerProfile.objects.filter(user=cast(User, request.user)).first()
    token = profile.calendar_token if profile else None
    context = {"feed_url": calendar_feed_module.feed_url(token) if token else None}
    return render(request, "reviews/calendar_settings.html", context)
