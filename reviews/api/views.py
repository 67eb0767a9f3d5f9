"""The read-only API: lists and details of regions, sites, teams, reviews and reports.

Each view only picks a selector (scoped to the user), a filter and a
serializer; who sees what is decided in sites/permissions.py alone.
"""

import json

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api import filters, selectors
from reviews.api.schema import NOT_FOUND, NOT_LOGGED_IN, documented
from reviews.api.serializers import (
    RegionSerializer,
    ReportSerializer,
    ReviewSerializer,
    SiteSerializer,
    TeamSerializer,
)
from reviews.reports import selectors as report_selectors
from reviews.reports import services as report_services


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class KnownFiltersOnly(DjangoFilterBackend):
    """A list refuses a filter it does not have (400), rather than ignore it and answer
    with everything: ?year= on the sites would otherwise look like it worked."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "list":
            filterset_class = self.get_filterset_class(view, queryset)
            filters = set(filterset_class.base_filters) if filterset_class else set()
            paging = {ApiPagination.page_query_param, ApiPagination.page_size_query_param}
            unknown = sorted(set(request.query_params) - filters - paging)
            if unknown:
                message = _("This list has no such filter. It filters by: %(known)s.") % {
                    "known": ", ".join(sorted(filters)) or "–"
                }
                raise ValidationError({name: [message] for name in unknown})
        return super().filter_queryset(request, queryset, view)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = ApiPagination
    filter_backends = [KnownFiltersOnly]


@documented(RegionSerializer)
class RegionViewSet(ReadOnlyViewSet):
    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilter

    def get_queryset(self):
        return selectors.regions(user=self.request.user)


@documented(SiteSerializer)
class SiteViewSet(ReadOnlyViewSet):
    serializer_class = SiteSerializer
    filterset_class = filters.SiteFilter

    def get_queryset(self):
        return selectors.sites(user=self.request.user)


@documented(TeamSerializer)
class TeamViewSet(ReadOnlyViewSet):
    serializer_class = TeamSerializer
    filterset_class = filters.TeamFilter

    def get_queryset(self):
        return selectors.teams(user=self.request.user)


@documented(ReviewSerializer)
class ReviewViewSet(ReadOnlyViewSet):
    serializer_class = ReviewSerializer
    filterset_class = filters.ReviewFilter

    def get_queryset(self):
        return selectors.reviews(user=self.request.user)

    def _with_consensus(self, reviews: list) -> list:
        consensus = selectors.consensus_of(user=self.request.user, reviews=reviews)
        for review in reviews:
            review.api_consensus = consensus.get(review.pk)
        return reviews

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        reviews = self._with_consensus(list(page or []))
        return self.get_paginated_response(self.get_serializer(reviews, many=True).data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        review = self._with_consensus([self.get_object()])[0]
        return Response(self.get_serializer(review).data)


class PDFRenderer(BaseRenderer):
    """Lets a client ask for the PDF by its type; an error still comes as JSON."""

    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data).encode()


@documented(ReportSerializer)
class ReportViewSet(ReadOnlyViewSet):
    serializer_class = ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self):
        return selectors.reports(user=self.request.user)

    @extend_schema(
        summary=_("The signed PDF"),
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            401: NOT_LOGGED_IN,
            404: NOT_FOUND,
        },
        filters=False,
    )
    @action(detail=True, renderer_classes=[JSONRenderer, PDFRenderer], filter_backends=[])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """The signed report itself, for whoever may download it: recorded like a download
        from the site's page. Reports not signed, or not the user's to download, are 404."""
        report = report_selectors.report_downloadable(user=request.user, pk=pk)
        report_services.report_download_record(user=request.user, report=report)
        return FileResponse(
            report.pdf.open("rb"),
            as_attachment=True,
            filename=report.download_name,
            content_type="application/pdf",
        )


# The site's CSP holds here too (a browser test checks it): drf-spectacular's
# "split" view serves the page's start-up script as a file of its own, the
# template links a stylesheet instead of its inline <style>, and Swagger UI's
# files come from the sidecar package, not a CDN.
class DocsView(SpectacularSwaggerSplitView):
    template_name = "reviews/api_docs.html"
    title = "ipsfidelity API"
