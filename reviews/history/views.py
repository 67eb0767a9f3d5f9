"""The import page: coordinators bring in their regions' earlier reviews, national admins all."""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from reviews.history.forms import ImportForm
from reviews.history.services import ImportRefused, import_reviews
from reviews.scale.models import FidelityScale
from reviews.spreadsheets import write_csv
from sites.permissions import regions_coordinated_by, sites_plannable_by

EXAMPLE = {
    "site_code": "ips-tromso",
    "kind": "external",
    "visit_date": "2019-05-14",
    "scale": "IPS-25",
    "scale_version": "",
    "reviewer_1": "Kari Nordmann",
    "reviewer_2": "ola.nordmann@example.no",
    "summary": "Fair fidelity; job development needs more time.",
}


@login_required
def import_earlier_reviews(request: HttpRequest) -> HttpResponse:
    if not regions_coordinated_by(request.user).exists():
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
    """A CSV with the columns and one example row, for the current IPS-25."""
    if not regions_coordinated_by(request.user).exists():
        raise Http404
    scale = FidelityScale.objects.filter(code="IPS-25", is_current=True).first()
    item_count = scale.item_count if scale else 25
    items = [f"item_{n:02d}" for n in range(1, item_count + 1)]
    example_scores = [str(3 + n % 3) for n in range(item_count)]
    out = io.StringIO()
    write_csv(out, [*EXAMPLE, *items], [[*EXAMPLE.values(), *example_scores]])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="earlier-reviews-template.csv"'
    return response
