"""The reviewer's own settings page (capacity, leave, calendar link) and the calendar feed."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipsfidelity.accounts.models import User
from reviews.planning import calendar_feed as calendar_feed_module
from reviews.planning import selectors as planning_selectors
from reviews.planning.forms import CapacityForm, LeaveForm
from sites import permissions, selectors, services
from sites.models import ReviewerProfile


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A reviewer's visits as iCalendar, found by the secret token in the URL."""
    profile = planning_selectors.calendar_feed_profile(token)
    if profile is None or not permissions.can_use_calendar_feed(profile.user):
        raise Http404
    response = HttpResponse(
        calendar_feed_module.reviewer_calendar(profile.user), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'inline; filename="ips-visits.ics"'
    return response


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """A reviewer's own settings: capacity and leave for planning, and the calendar feed link."""
    user = _reviewer(request)
    profile = services.own_reviewer_profile(actor=user)
    action = request.POST.get("action")
    form = CapacityForm(
        request.POST if action == "capacity" else None,
        initial={"reviews_per_year": profile.reviews_per_year},
    )
    leave_form = LeaveForm(request.POST if action == "leave" else None)
    if form.is_bound:
        if form.is_valid():
            services.own_capacity_set(
                actor=user, reviews_per_year=form.cleaned_data["reviews_per_year"]
            )
            messages.success(request, _("Saved. The next planning run uses it."))
            return redirect("calendar_settings")
        return _settings_page(request, profile, form, leave_form, status=400)
    if leave_form.is_bound:
        if leave_form.is_valid():
            try:
                services.leave_add(actor=user, reviewer=user, **leave_form.cleaned_data)
            except services.Invalid as error:
                leave_form.add_error(None, str(error))
            else:
                messages.success(request, _("Your leave is recorded."))
                return redirect("calendar_settings")
        return _settings_page(request, profile, form, leave_form, status=400)
    if request.method == "POST":
        if action == "revoke":
            calendar_feed_module.revoke(request.user)
            messages.success(request, _("The calendar link is revoked."))
        else:
            calendar_feed_module.new_token(request.user)
            messages.success(
                request, _("You have a new calendar link; the old one no longer works.")
            )
        return redirect("calendar_settings")
    return _settings_page(request, profile, form, leave_form)


@login_required
@require_POST
def my_leave_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reviewer(request)
    leave = selectors.leave_detail(user=user, pk=pk, reviewers=[user])
    services.leave_remove(actor=user, leave=leave)
    messages.success(request, _("Your leave is removed."))
    return redirect("calendar_settings")


def _reviewer(request: HttpRequest) -> User:
    """The user, who must hold a reviewer role: the page is nobody else's."""
    if not permissions.is_reviewer(request.user):
        raise Http404
    return cast(User, request.user)


def _settings_page(
    request: HttpRequest,
    profile: ReviewerProfile,
    form: CapacityForm,
    leave_form: LeaveForm,
    *,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "form": form,
        "leave_form": leave_form,
        "leave_periods": selectors.leave_list(
            user=request.user, reviewers=[profile.user], today=today
        ),
        "today": today,
        "feed_url": _feed_url(profile),
    }
    return render(request, "reviews/calendar_settings.html", context, status=status)


def _feed_url(profile: ReviewerProfile) -> str | None:
    token = profile.calendar_token
    return calendar_feed_module.feed_url(token) if token else None
