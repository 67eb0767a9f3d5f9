from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ipsfidelity import views
from reviews import calendar_views, report_views

admin.site.site_header = _("ipsfidelity administration")
admin.site.site_title = _("ipsfidelity")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("verify/", report_views.verify, name="verify"),
    path("calendar/", calendar_views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("accounts/", include("ipsfidelity.accounts.urls")),
    path("sites/", include("sites.urls")),
    path("reviews/", include("reviews.urls")),
    path("admin/", admin.site.urls),
]
