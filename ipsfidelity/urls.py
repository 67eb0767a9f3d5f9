from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ipsfidelity import views
from reviews import report_views

admin.site.site_header = _("ipsfidelity administration")
admin.site.site_title = _("ipsfidelity")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("verify/", report_views.verify, name="verify"),
    path("accounts/", include("ipsfidelity.accounts.urls")),
    path("sites/", include("sites.urls")),
    path("reviews/", include("reviews.urls")),
    path("admin/", admin.site.urls),
]
