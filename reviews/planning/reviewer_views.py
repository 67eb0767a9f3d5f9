"""A region's reviewers: capacity, experience, leave and conflicts of interest (coordinators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipsfidelity.accounts.people import LoggedInRequest
from reviews.planning.forms import ConflictForm, ProfileForm, RegionLeaveForm
from sites import permissions, selectors, services
from sites.models import Region


def _planned_region(request: HttpRequest, pk: int) -> Region:
    return selectors.region_detail(user=request.user, pk=pk, require=permissions.can_plan_region)


@login_required
def region_reviewers(request: LoggedInRequest, pk: int) -> HttpResponse:
    return _reviewers_page(request, _planned_region(request, pk))


def _reviewers_page(
    request: HttpRequest,
    region: Region,
    *,
    leave_form: RegionLeaveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    reviewers = list(selectors.reviewers_of(region))
    profiles = selectors.reviewer_profiles(reviewers)
    rows = [
        (
            reviewer,
            ProfileForm(
                initial={
                    "reviews_per_year": getattr(profiles.get(reviewer.pk), "reviews_per_year", 6),
                    "experienced": getattr(profiles.get(reviewer.pk), "experienced", False),
                },
                prefix=f"r{reviewer.pk}",
            ),
        )
        for reviewer in reviewers
    ]
    conflicts = selectors.conflicts_of(reviewers)
    context = {
        "region": region,
        "rows": rows,
        "conflicts": conflicts,
        "conflict_form": ConflictForm(region=region),
        "today": today,
        "leave_periods": selectors.leave_list(user=request.user, reviewers=reviewers, today=today),
        "leave_form": leave_form or RegionLeaveForm(reviewers=selectors.reviewers_of(region)),
    }
    return render(request, "sites/region_reviewers.html", context, status=status)


@login_required
@require_POST
def reviewer_profile(request: LoggedInRequest, pk: int, user_id: int) -> HttpResponse:
    region = _planned_region(request, pk)
    reviewer = permissions.get_visible_or_404(selectors.reviewers_of(region), pk=user_id)
    form = ProfileForm(request.POST, prefix=f"r{reviewer.pk}")
    if not form.is_valid():
        messages.error(request, _("Reviews a year is a whole number from 0 to 40."))
    else:
        services.reviewer_profile_update(
            actor=request.user, region=region, reviewer=reviewer, **form.cleaned_data
        )
        messages.success(request, _("Saved for %(name)s.") % {"name": reviewer})
    return redirect("sites:region_reviewers", pk=region.pk)


@login_required
@require_POST
def conflict_add(request: LoggedInRequest, pk: int) -> HttpResponse:
    region = _planned_region(request, pk)
    form = ConflictForm(request.POST, region=region)
    if not form.is_valid():
        messages.error(request, _("Choose a reviewer and a site, and say why."))
    else:
        try:
            services.conflict_add(actor=request.user, region=region, **form.cleaned_data)
        except services.Invalid as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The conflict of interest is recorded."))
    return redirect("sites:region_reviewers", pk=region.pk)


@login_required
@require_POST
def conflict_remove(request: LoggedInRequest, pk: int, conflict_id: int) -> HttpResponse:
    region = _planned_region(request, pk)
    conflict = permissions.get_visible_or_404(
        selectors.conflicts_of(selectors.reviewers_of(region)), pk=conflict_id
    )
    services.conflict_remove(actor=request.user, region=region, conflict=conflict)
    messages.success(request, _("The conflict of interest is removed."))
    return redirect("sites:region_reviewers", pk=region.pk)


@login_required
@require_POST
def leave_add(request: LoggedInRequest, pk: int) -> HttpResponse:
    region = _planned_region(request, pk)
    form = RegionLeaveForm(request.POST, reviewers=selectors.reviewers_of(region))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.leave_add(
                actor=request.user,
                reviewer=data["reviewer"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                note=data["note"],
            )
        except services.Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Leave recorded for %(name)s.") % {"name": data["reviewer"]}
            )
            return redirect("sites:region_reviewers", pk=region.pk)
    return _reviewers_page(request, region, leave_form=form, status=400)


@login_required
@require_POST
def leave_remove(request: LoggedInRequest, pk: int, leave_id: int) -> HttpResponse:
    region = _planned_region(request, pk)
    leave = selectors.leave_detail(
        user=request.user, pk=leave_id, reviewers=selectors.reviewers_of(region)
    )
    services.leave_remove(actor=request.user, leave=leave)
    messages.success(request, _("Leave removed for %(name)s.") % {"name": leave.reviewer})
    return redirect("sites:region_reviewers", pk=region.pk)
