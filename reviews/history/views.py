"""The import page (coordinators: their regions' earlier reviews; national admins: all),
the research export (national admins) and a site's fidelity over time (whoever sees the
site)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.history import research, selectors, trend
from reviews.history.forms import ResearchForm
from reviews.history.services import import_reviews
from reviews.scale.selectors import compared_scale, current_scales
from reviews.spreadsheets import import_page, template_response
from reviews.states import ReviewKind
from sites.permissions import (
    can_import_earlier_reviews,
    get_visible_or_404,
    is_national_admin,
    sites_plannable_by,
    sites_visible_to,
)

EXAMPLE = {
    "site_code": "ips-tromso",
    "kind": ReviewKind.EXTERNAL.value,
    "visit_date": "2019-05-14",
    "scale": "",  # the chosen scale's code
    "scale_version": "",
    "reviewer_1": "Kari Nordmann",
    "reviewer_2": "ola.nordmann@example.no",
    "summary": "Fair fidelity; job development needs more time.",
}


@login_required
def import_earlier_reviews(request: HttpRequest) -> HttpResponse:
    if not can_import_earlier_reviews(request.user):
        raise Http404
    sites = sites_plannable_by(request.user)
    return import_page(
        request,
        run=partial(import_reviews, sites=sites, actor=request.user),
        template="reviews/import.html",
        label=gettext_lazy("File of earlier reviews (.csv or .xlsx)"),
        help_text=gettext_lazy("One row per review; start from the template."),
        extra={"scales": current_scales()},
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV (or, with ?format=xlsx, an XLSX) with the columns and one example row, for
    the current version of the scale named by ?scale= (by default the adults' scale):
    one column per item of that scale."""
    if not can_import_earlier_reviews(request.user):
        raise Http404
    scales = current_scales()
    code = request.GET.get("scale")
    if code:
        scale = next((s for s in scales if s.code == code), None)
        if scale is None:
            return HttpResponseBadRequest(_("No scale with this code is in use."))
    else:
        scale = compared_scale() or next(iter(scales), None)
        if scale is None:
            return HttpResponseBadRequest(_("No fidelity scale is loaded."))
    items = [f"item_{n:02d}" for n in range(1, scale.item_count + 1)]
    example_scores = [str(3 + n % 3) for n in range(scale.item_count)]
    return template_response(
        f"earlier-reviews-template-{scale.code.lower()}",
        [*EXAMPLE, *items],
        [[*{**EXAMPLE, "scale": scale.code}.values(), *example_scores]],
        request.GET.get("format", "csv"),
    )


@login_required
def research_export(request: HttpRequest) -> HttpResponse:
    """National admins take the published reviews out as numbers, for research."""
    if not is_national_admin(request.user):
        raise Http404
    form = ResearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filters = research.ResearchFilters(
            regions=tuple(region.code for region in data["regions"]),
            year_from=data["year_from"],
            year_to=data["year_to"],
            kind=data["kind"],
        )
        try:
            tables = research.research_export(
                filters=filters, fmt=data["format"], actor=request.user
            )
        except research.ExportRefused as error:
            form.add_error(None, str(error))
            return _research_page(request, form, status=400)
        if data["format"] == "xlsx":
            content = research.xlsx_bytes(tables)
            response = HttpResponse(content, content_type=XLSX)
            filename = "ipsfidelity-research.xlsx"
        else:
            response = HttpResponse(research.csv_zip(tables), content_type="application/zip")
            filename = "ipsfidelity-research.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return _research_page(request, form, status=400 if request.method == "POST" else 200)


def _research_page(request: HttpRequest, form: ResearchForm, status: int) -> HttpResponse:
    context = {
        "form": form,
        "exports": selectors.recent_research_exports(),
    }
    return render(request, "reviews/research_export.html", context, status=status)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def site_trend(request: HttpRequest, pk: int) -> HttpResponse:
    """A site's fidelity over time; on its own or, for htmx, as a section of the site page."""
    site = get_visible_or_404(sites_visible_to(request.user), pk=pk)
    context = {"trend": trend.site_trend(site), "site": site}
    if request.headers.get("HX-Request"):
        return render(request, "reviews/_site_trend.html", context)
    return render(request, "reviews/site_trend.html", context)
