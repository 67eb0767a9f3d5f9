from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sites import selectors

if TYPE_CHECKING:
    # What a Paginator takes (a queryset, a list): a protocol of django-stubs only.
    from django.core.paginator import _SupportsPagination

_T = TypeVar("_T")

# Rows on a page of a list: a national list stays a page, not every site in the country.
PAGE_SIZE = 50


def paged(
    request: HttpRequest,
    rows: "_SupportsPagination[_T]",
    *,
    size: int = PAGE_SIZE,
    param: str = "page",
) -> Page[_T]:
    """The page of `rows` the request asks for (the last one if past the end, the first if
    not a number)."""
    return Paginator(rows, size).get_page(request.GET.get(param))


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    context = {
        "page": paged(request, selectors.site_list(user=request.user, search=search)),
        "search": search,
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
    search = request.GET.get("q", "").strip()
    sites = selectors.site_list(user=request.user, region=region, search=search)
    context = {
        "region": region,
        "page": paged(request, sites),
        "search": search,
        "staff": selectors.region_staff(region=region),
    }
    return render(request, "sites/region_detail.html", context)
