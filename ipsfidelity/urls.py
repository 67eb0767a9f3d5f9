"""The project's URLs: each part's patterns, put together under their namespaces.

The "sites" and "reviews" namespaces each gather the patterns of several
parts (a region's planning pages live in reviews/planning but keep their
/sites/ addresses), so the parts never import each other's URLs.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ipsfidelity import views
from ipsfidelity.accounts import token_views
from reviews.api import urls as api
from reviews.followup import urls as followup
from reviews.history import urls as history
from reviews.outcomes import urls as outcomes
from reviews.planning import urls as planning
from reviews.rating import urls as rating
from reviews.reports import urls as reports
from reviews.scale import urls as scale
from reviews.self_assessment import urls as self_assessment
from sites import urls as sites

admin.site.site_header = _("ipsfidelity administration")
admin.site.site_title = _("ipsfidelity")
# The admin's own log-in form would skip the lockout's wording and the second
# factor: send it to the one log-in page instead.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

sites_pages = [*sites.urlpatterns, *planning.sites_urlpatterns]
review_pages = [
    *scale.urlpatterns,
    *rating.urlpatterns,
    *reports.urlpatterns,
    *planning.urlpatterns,
    *history.urlpatterns,
    *followup.urlpatterns,
    *self_assessment.urlpatterns,
    *outcomes.urlpatterns,
]

urlpatterns = [
    *planning.root_urlpatterns,
    *reports.root_urlpatterns,
    *sites.root_urlpatterns,
    path("health/", views.health, name="health"),
    # A person's API tokens (accounts/token_views.py), beside the log-in and password pages.
    path("accounts/api-tokens/", token_views.api_tokens, name="api_tokens"),
    path(
        "accounts/api-tokens/<int:pk>/revoke/",
        token_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("accounts/", include("ipsfidelity.accounts.urls")),
    path("api/", include((api.urlpatterns, "api"))),
    path("sites/", include((sites_pages, "sites"))),
    path("reviews/", include((review_pages, "reviews"))),
    path("admin/", admin.site.urls),
]

# Pages for errors nothing else handled: 503 while the database is away, else 500.
handler500 = "ipsfidelity.views.server_error"
