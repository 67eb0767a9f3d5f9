"""Employment pages: a site's quarters (whoever sees the site; entered by its leaders and
coordinators), the import of figures, and fidelity against employment across sites."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.outcomes import selectors, services
from reviews.outcomes.forms import OutcomeForm, OverviewForm
from reviews.rating.services import WorkflowError
from reviews.scale.selectors import compared_scale
from reviews.spreadsheets import import_page, template_response
from sites.permissions import (
    can_enter_outcomes,
    get_visible_or_404,
    regions_visible_to,
    sites_visible_to,
    sites_with_outcomes_enterable_by,
)

# The last column, in education, is counted by youth services; others leave it empty.
EXAMPLE = ["ips-tromso", "2025", "3", "48", "41", "17", "6", ""]


@login_required
def site_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    """A site's quarters; on its own (with the entry form) or, for htmx, in the site page."""
    site = get_visible_or_404(sites_visible_to(request.user).select_related("region"), pk=pk)
    may_enter = can_enter_outcomes(request.user, site)
    form = None
    status = 200
    if may_enter:
        year, quarter = selectors.quarter_to_enter(site, timezone.localdate())
        form = OutcomeForm(request.POST or None, initial={"year": year, "quarter": quarter})
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.outcome_save(
                        actor=request.user,
                        site=site,
                        year=data["year"],
                        quarter=data["quarter"],
                        figures=form.figures(),
                    )
                except (services.OutcomeError, WorkflowError) as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("The figures for %(year)s Q%(quarter)s are saved.")
                        % {"year": data["year"], "quarter": data["quarter"]},
                    )
                    return redirect("reviews:site_outcomes", pk=site.pk)
            status = 400
    elif request.method == "POST":
        raise Http404
    context = {
        "site": site,
        "outcomes": selectors.site_outcomes(site),
        "form": form,
        "may_enter": may_enter,
    }
    if request.headers.get("HX-Request"):
        return render(request, "reviews/_site_outcomes.html", context)
    return render(request, "reviews/site_outcomes.html", context, status=status)


@login_required
def outcomes_overview(request: HttpRequest) -> HttpResponse:
    regions = regions_visible_to(request.user).order_by("name")
    # A link may name only the region: the year defaults to the last whole one.
    query = request.GET.copy()
    query.setdefault("year", str(OverviewForm.default_year() - 1))
    if "scale" not in query and (compared := compared_scale()) is not None:
        query["scale"] = compared.code
    form = OverviewForm(query, regions=regions)
    overview = None
    if form.is_valid():
        region = form.cleaned_data["region"]
        overview = selectors.outcomes_overview(
            user=request.user,
            year=form.cleaned_data["year"],
            region_id=region.pk if region else None,
            scale=form.cleaned_data["scale"],
        )
    context = {
        "form": form,
        "overview": overview,
        "may_import": sites_with_outcomes_enterable_by(request.user).exists(),
    }
    return render(
        request, "reviews/outcomes_overview.html", context, status=200 if overview else 400
    )


@login_required
def outcomes_import(request: HttpRequest) -> HttpResponse:
    sites = sites_with_outcomes_enterable_by(request.user)
    if not sites.exists():
        raise Http404
    return import_page(
        request,
        run=partial(services.import_outcomes, sites=sites, actor=request.user),
        template="reviews/outcomes_import.html",
        label=gettext_lazy("File of quarterly figures (.csv or .xlsx)"),
        help_text=gettext_lazy("One row per site and quarter; start from the template."),
    )


@login_required
def outcomes_import_template(request: HttpRequest) -> HttpResponse:
    """A CSV (or, with ?format=xlsx, an XLSX) with the columns and one example row."""
    if not sites_with_outcomes_enterable_by(request.user).exists():
        raise Http404
    return template_response(
        "employment-outcomes-template",
        [*services.COLUMNS, *services.OPTIONAL_FIGURES],
        [EXAMPLE],
        request.GET.get("format", "csv"),
    )
