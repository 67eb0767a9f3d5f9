"""Every CSV the app writes, read as Excel reads it with either separator (Norwegian
settings split on semicolons, English on commas): no cell starts a formula, wherever
in a value the hostile text was typed."""

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse

from reviews.rating import services as rating_services
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = "ok;=1+1,@SUM(A1);+cmd|' /C calc'!A0,-2+3"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cells(text: str):
    for separator in (",", ";"):
        for row in csv.reader(io.StringIO(text), delimiter=separator):
            yield from row


@pytest.fixture
def hostile_world(region, site, scale, reviewer_a, reviewer_b):
    site.name = f"IPS {HOSTILE}"
    site.save()
    reviewer_a.full_name = f"Anne {HOSTILE}"
    reviewer_a.save()
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    rating_services.rating_save(
        actor=reviewer_a,
        review=review,
        item=scale.items.get(number=1),
        score=3,
        evidence=f"ES 1 {HOSTILE}",
    )
    late = factories.ReviewFactory(site=factories.SiteFactory(region=region, name=HOSTILE))
    late.due_from, late.due_by = date(2020, 1, 1), date(2020, 2, 1)
    late.save()
    soon = factories.ReviewFactory(site=factories.SiteFactory(region=region), scale=scale)
    soon.due_from, soon.due_by = date.today(), date.today() + timedelta(days=60)
    soon.save()
    return review


def exports(client, review, region, coordinator, reviewer_a, national_admin):
    client.force_login(reviewer_a)
    yield "ratings", client.get(reverse("reviews:ratings_csv", args=[review.pk])).content
    client.force_login(coordinator)
    planning = reverse("sites:region_planning", args=[region.pk])
    for table in ("attention", "loads", "forecast"):
        yield table, client.get(planning, {"export": table}).content
    client.force_login(national_admin)
    research = client.post(reverse("reviews:research_export"), {"format": "csv"}).content
    with zipfile.ZipFile(io.BytesIO(research)) as archive:
        for name in archive.namelist():
            yield name, archive.read(name)


def test_no_cell_of_any_export_starts_a_formula_with_either_separator(
    client, hostile_world, region, coordinator, reviewer_a, national_admin
):
    seen = 0
    for name, content in exports(
        client, hostile_world, region, coordinator, reviewer_a, national_admin
    ):
        text = content.decode("utf-8-sig")
        seen += "'@SUM(A1)" in text  # the hostile text is there, neutralised
        starting = [cell for cell in cells(text) if cell.startswith(FORMULA)]
        assert starting == [], name
    assert seen >= 3  # the ratings, the attention list and the loads name them
