"""Pages where coordinators and national admins add, edit and deactivate sites and teams.

Thin: load through the user's scope (404 outside it), validate with a form,
call a service, say what happened.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ipsfidelity.accounts.models import User
from sites import selectors, site_services
from sites.forms import SiteForm, TeamForm
from sites.services import Invalid, NotAllowed

SERVICE_ERRORS = (NotAllowed, Invalid)


def _site_fields(form: SiteForm) -> dict[str, object]:
    return {name: form.cleaned_data[name] for name in site_services.SITE_FIELDS}


@login_required
def site_create(request: HttpRequest) -> HttpResponse:
    regions = selectors.managed_regions(user=request.user)
    if not regions.exists():
        raise Http404
    initial = {"region": request.GET.get("region")} if request.method == "GET" else None
    form = SiteForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            site = site_services.site_create(
                actor=cast(User, request.user),
                region=form.cleaned_data["region"],
                **_site_fields(form),
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The site is added. Add its teams and invite its leader."))
            return redirect("sites:site_detail", pk=site.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "sites/site_form.html", {"form": form, "site": None}, status=status)


@login_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.managed_site(user=request.user, pk=pk)
    form = SiteForm(request.POST or None, user=request.user, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            site_services.site_update(
                actor=cast(User, request.user),
                site=site,
                region=form.cleaned_data["region"],
                **_site_fields(form),
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The site is saved."))
            return redirect("sites:site_detail", pk=site.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "sites/site_form.html", {"form": form, "site": site}, status=status)


@login_required
@require_POST
def site_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.managed_site(user=request.user, pk=pk)
    try:
        result = site_services.site_deactivate(actor=cast(User, request.user), site=site)
    except SERVICE_ERRORS as error:
        messages.error(request, str(error))
        return redirect("sites:site_detail", pk=site.pk)
    said = [_("The site is inactive: it keeps its history and is no longer planned.")]
    if result.cancelled_reviews:
        said.append(
            ngettext(
                "%(count)d planned review was cancelled.",
                "%(count)d planned reviews were cancelled.",
                result.cancelled_reviews,
            )
            % {"count": result.cancelled_reviews}
        )
    if result.open_reviews:
        said.append(
            ngettext(
                "%(count)d review under way goes on until you decide otherwise.",
                "%(count)d reviews under way go on until you decide otherwise.",
                result.open_reviews,
            )
            % {"count": result.open_reviews}
        )
    messages.success(request, " ".join(said))
    return redirect("sites:site_detail", pk=site.pk)


@login_required
@require_POST
def site_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.managed_site(user=request.user, pk=pk)
    try:
        site_services.site_reactivate(actor=cast(User, request.user), site=site)
    except SERVICE_ERRORS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The site is active again and will be planned."))
    return redirect("sites:site_detail", pk=site.pk)


@login_required
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.managed_site(user=request.user, pk=pk)
    form = TeamForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            site_services.team_create(
                actor=cast(User, request.user), site=site, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The team is added."))
            return redirect("sites:site_detail", pk=site.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "site": site, "team": None}
    return render(request, "sites/team_form.html", context, status=status)


@login_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.managed_team(user=request.user, pk=pk)
    form = TeamForm(request.POST or None, site=team.site, instance=team)
    if request.method == "POST" and form.is_valid():
        try:
            site_services.team_update(
                actor=cast(User, request.user), team=team, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The team is saved."))
            return redirect("sites:site_detail", pk=team.site_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "site": team.site, "team": team}
    return render(request, "sites/team_form.html", context, status=status)


@login_required
@require_POST
def team_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    team = selectors.managed_team(user=request.user, pk=pk)
    site_services.team_set_active(actor=cast(User, request.user), team=team, active=active)
    if active:
        messages.success(request, _("The team is active again."))
    else:
        messages.success(request, _("The team is inactive; its history stays."))
    return redirect("sites:site_detail", pk=team.site_id)
