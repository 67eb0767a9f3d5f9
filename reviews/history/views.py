"""The import page (coordinators: their regions' earlier reviews; national admins: all),
the research export (national admins) and a site's fidelity over time (whoever sees the
site)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from reviews.history import research, selectors, trend
from reviews.history.forms import ImportForm, ResearchForm
from reviews.history.services import import_reviews
from reviews.spreadsheets import ImportRefused, template_response
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
    "scale": "IPS-25",
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
    form = ImportForm(request.POST or None, request.FILES or None)
    result, refused = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_reviews(
                filename=upload.name,
                content=upload.read(),
                sites=sites,
                actor=request.user,
                dry_run="check" in request.POST,
            )
        except ImportRefused as error:
            refused = str(error)
    status = 400 if request.method == "POST" and (refused or not form.is_valid()) else 200
    if result is not None and result.errors and not result.dry_run:
        status = 400
    context = {"form": form, "result": result, "refused": refused}
    return render(request, "reviews/import.html", context, status=status)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV (or, with ?format=xlsx, an XLSX) with the columns and one example row, for
    the current IPS-25."""
    if not can_import_earlier_reviews(request.user):
        raise Http404
    scale = selectors.current_scale("IPS-25")
    item_count = scale.item_count if scale else 25
    items = [f"item_{n:02d}" for n in range(1, item_count + 1)]
    example_scores = [str(3 + n % 3) for n in range(item_count)]
    return template_response(
        "earlier-reviews-template",
        [*EXAMPLE, *items],
        [[*EXAMPLE.values(), *example_scores]],
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
