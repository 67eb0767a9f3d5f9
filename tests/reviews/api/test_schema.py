"""The schema is what the API does: schemathesis calls every operation as a national admin."""

from datetime import date

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import negative_data_rejection

from ipsfidelity.wsgi import application
from reviews.rating.models import Review
from reviews.reports.models import Report
from sites.models import Region, Site, Team
from tests import factories
from tests.reviews.api.conftest import earlier_review, report_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_token(api, national_admin):
    return api.token_for(national_admin, name="schemathesis")


@pytest.fixture
def wsgi_app_in_the_test_transaction():
    """Django's own WSGI app, as schemathesis calls it, on the test's database connection.

    At the end of a request Django closes a connection whose autocommit is
    off, as it is inside the test's transaction; Django's test client skips
    that, and so must calls that go straight to the WSGI app.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(
    wsgi_app_in_the_test_transaction, db, site, other_site, other_review, reviewer_a, in_consensus
):
    """Something to find behind every operation: a review at each kind of step, two reports."""
    factories.TeamFactory(site=site)
    factories.TeamFactory(site=other_site, active=False)
    earlier = earlier_review(site, visit=date(2024, 5, 6), scores=3)
    report_of(earlier, total=75, band_code="fair")
    report_of(
        earlier_review(other_site, visit=date(2025, 5, 6)), status=Report.Status.FAILED, version=1
    )
    factories.agree_all(in_consensus, reviewer_a, 4)
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app_in_the_test_transaction)


ENDPOINTS = ("regions", "sites", "teams", "reviews", "reports")
OPERATIONS = [f"/api/{name}/{suffix}" for name in ENDPOINTS for suffix in ("", "{id}/")] + [
    "/api/reports/{id}/download/"
]


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_answer_keeps_to_the_schema_and_none_is_a_server_error(api_schema, admin_token, path):
    """Filters, pages and ids as schemathesis makes them: no 5xx, nothing the schema does not say.

    Ids are drawn from every id that exists as well as at random, so details are
    checked found and not found. Bounded and seeded, so every run tries the same cases.
    """
    operation = api_schema[path]["GET"]
    # Values the schema allows, and values it refuses (which must get a 4xx, never a 5xx).
    strategy = operation.as_strategy() | operation.as_strategy(
        generation_mode=schemathesis.GenerationMode.NEGATIVE
    )
    if "{id}" in path:
        model = {
            "regions": Region,
            "sites": Site,
            "teams": Team,
            "reviews": Review,
            "reports": Report,
        }[path.split("/")[2]]
        strategy = st.one_of(
            strategy,
            *(
                operation.as_strategy(path_parameters={"id": pk})
                for pk in model.objects.values_list("pk", flat=True)
            ),
        )

    @given(case=strategy)
    @settings(
        max_examples=25,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        case.call_and_validate(
            headers={"Authorization": f"Token {admin_token}"},
            # Like every DRF list, an empty filter or page size is ignored rather
            # than refused; whatever else comes in must still get a documented
            # 4xx and never a 5xx.
            excluded_checks=[negative_data_rejection],
        )

    call()


def test_the_schema_is_openapi_3_and_lists_every_endpoint(client, db):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == set(OPERATIONS)
    assert "apiToken" in schema["components"]["securitySchemes"]


def test_the_schema_is_generated_without_a_warning_and_validates(db, tmp_path):
    # A warning means drf-spectacular guessed (a type, an enum's name, an
    # authentication scheme): the schema would say less than the API does.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "schema.yml")


def test_reviews_and_reports_each_have_their_own_named_status_enum(client, db):
    # drf-spectacular names an enum after its serializer when two serializers have a
    # `status` with different choices; the settings name no model of the apps.
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    schemas = response.json()["components"]["schemas"]
    assert schemas["ReviewStatusEnum"]["enum"] == list(Review.Status.values)
    assert schemas["ReportStatusEnum"]["enum"] == list(Report.Status.values)
