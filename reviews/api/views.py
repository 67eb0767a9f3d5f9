"""The read-only API: lists and details of regions, sites, teams, reviews and reports.

Each view only picks a selector (scoped to the user), a filter and a
serializer; who sees what is decided in sites/permissions.py alone.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api import filters, selectors
from reviews.api.schema import documented
from reviews.api.serializers import (
    RegionSerializer,
    ReportSerializer,
    ReviewSerializer,
    SiteSerializer,
    TeamSerializer,
)


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]


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


@documented(ReportSerializer)
class ReportViewSet(ReadOnlyViewSet):
    serializer_class = ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self):
        return selectors.reports(user=self.request.user)


# The site's CSP holds here too (a browser test checks it): drf-spectacular's
# "split" view serves the page's start-up script as a file of its own, the
# template links a stylesheet instead of its inline <style>, and Swagger UI's
# files come from the sidecar package, not a CDN.
class DocsView(SpectacularSwaggerSplitView):
    template_name = "reviews/api_docs.html"
    title = "ipsfidelity API"
