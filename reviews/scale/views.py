"""The scale pages: every loaded version, and one version with its items and anchors."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reviews.scale import selectors


@login_required
def scale_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reviews/scale_list.html", {"scales": selectors.scale_list()})


@login_required
def scale_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scale = selectors.scale_get(pk)
    context = {
        "scale": scale,
        "sections": selectors.scale_sections(scale),
        "bands": scale.bands.all(),
    }
    return render(request, "reviews/scale_detail.html", context)
