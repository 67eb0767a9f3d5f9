"""The project's URLs and two that fail, for the tests of the error pages."""

from django.db.utils import OperationalError
from django.urls import path

from ipsfidelity.urls import handler500  # noqa: F401  (the project's, used here too)
from ipsfidelity.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a failure for the error page's test")


def database_away(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


urlpatterns = [*project_urlpatterns, path("fails/", fails), path("database-away/", database_away)]
