from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("ipsfidelity.accounts.urls")),
    path("admin/", admin.site.urls),
]
