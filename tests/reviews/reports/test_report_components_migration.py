"""Reports signed before components get their component results (migration 0047)."""

import importlib

import pytest
from django.apps import apps

from reviews.reports.models import Report
from tests import factories

fill = importlib.import_module("reviews.migrations.0047_report_components_filled").fill

pytestmark = pytest.mark.django_db


def test_a_report_signed_before_components_gets_its_one_component(
    site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    report = Report.objects.get(review=review)
    signed_with = report.components
    assert signed_with == [{"code": "total", "total": 100, "band_code": "good", "good": True}]
    Report.objects.filter(pk=report.pk).update(components=[])  # as before the field

    fill(apps, None)

    report.refresh_from_db()
    assert report.components == signed_with
