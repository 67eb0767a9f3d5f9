from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from reviews.api import views

# Under /api/, in the "api" namespace (ipsfidelity/urls.py).
router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_format_suffixes = False
router.register("regions", views.RegionViewSet, basename="region")
router.register("sites", views.SiteViewSet, basename="site")
router.register("teams", views.TeamViewSet, basename="team")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
