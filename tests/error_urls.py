"""The project's URLs and one that fails, for the 500 page's test."""

from django.urls import path

from ipsfidelity.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a failure for the error page's test")


urlpatterns = [*project_urlpatterns, path("fails/", fails)]
