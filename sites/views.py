from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sites import selectors


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    context = {
        "sites": selectors.site_list(user=request.user),
        "can_add_sites": selectors.managed_regions(user=request.user).exists(),
    }
    return render(request, "sites/site_list.html", context)


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_detail(user=request.user, pk=pk)
    context = {
        "site": site,
        "reviews": selectors.site_reviews(user=request.user, site=site),
        "reports": selectors.site_reports(user=request.user, site=site),
    }
    return render(request, "sites/site_detail.html", context)


@login_required
def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = selectors.region_detail(user=request.user, pk=pk)
    context = {
        "region": region,
        "sites": selectors.site_list(user=request.user, region=region),
        "staff": selectors.region_staff(region=region),
    }
    return render(request, "sites/region_detail.html", context)
