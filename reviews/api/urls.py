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

urlpatterns = [*router.urls]
