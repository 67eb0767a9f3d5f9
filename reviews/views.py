from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from reviews import selectors
from reviews.models import FidelityScale


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(user=request.user, pk=pk)
    return render(request, "reviews/review_detail.html", {"review": review})


@login_required
def scale_list(request: HttpRequest) -> HttpResponse:
    scales = FidelityScale.objects.order_by("code", "-is_current", "-loaded_at")
    return render(request, "reviews/scale_list.html", {"scales": scales})


@login_required
def scale_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The scale is public knowledge for everyone who logs in; no scope applies.
    scale = get_object_or_404(FidelityScale, pk=pk)
    sections = scale.sections.prefetch_related("items__anchors").order_by("position")
    context = {"scale": scale, "sections": sections, "bands": scale.bands.all()}
    return render(request, "reviews/scale_detail.html", context)
