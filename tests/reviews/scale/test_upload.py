"""A national admin loads a scale version in the browser: the file is checked and shown
(components, bands, items and anchors in each language) before anything is loaded, and
a loaded version is made the one new reviews use. Reviews already started keep theirs."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews.planning.planner import plan_reviews
from reviews.scale import services
from reviews.scale.models import FidelityScale
from reviews.scale.tasks import make_due_scale_versions_current
from tests import factories
from tests.reviews.test_youth_scale_end_to_end import TWO_COMPONENTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(english_client, scale):
    english_client.force_login(factories.national_admin())
    return english_client


def upload(client, content: bytes, name="ips-y.toml"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("reviews:scale_upload"), {"file": SimpleUploadedFile(name, content)})


def load(client, preview_response, make_current=True):
    form = preview_response.context["load_form"]
    data = {"content": form.initial["content"], "source": form.initial["source"]}
    if make_current:
        data["make_current"] = "on"
    return client.post(reverse("reviews:scale_load"), data)


def test_a_file_is_checked_and_shown_before_anything_is_loaded(admin_client):
    before = FidelityScale.objects.count()
    response = upload(admin_client, TWO_COMPONENTS.read_bytes())
    assert response.status_code == 200
    page = response.content.decode()
    for words in ("TEST-Y", "Employment", "Utdanning", "Eksemplarisk modelltro", "27–30"):
        assert words in page, words
    # Item 1's anchors, in English and Bokmål.
    first = response.context["preview"]["sections"][0]["items"][0]
    assert [lang for lang, text in first["anchors"][0][1] if text] == ["en", "nb"]
    assert FidelityScale.objects.count() == before

    loaded = load(admin_client, response)
    scale = FidelityScale.objects.get(code="TEST-Y")
    assert loaded.status_code == 302 and loaded.url == reverse(
        "reviews:scale_detail", args=[scale.pk]
    )
    assert (scale.is_current, scale.target_group, scale.source_file) == (
        True,
        "youth",
        "ips-y.toml",
    )
    detail = admin_client.get(loaded.url).content.decode()
    assert "Employment: Fidelity bands" in detail and "Education: Fidelity bands" in detail


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"code = ", "not valid TOML"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"#" * (1024 * 1024 + 1), "larger than"),
        (TWO_COMPONENTS.read_bytes().replace(b"min_total = 27", b"min_total = 28"), "Component"),
    ],
)
def test_a_wrong_file_is_refused_with_its_problems_and_nothing_is_loaded(
    admin_client, content, problem
):
    before = FidelityScale.objects.count()
    response = upload(admin_client, content)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert FidelityScale.objects.count() == before


def test_a_load_that_does_not_pass_the_check_again_loads_nothing(admin_client):
    before = FidelityScale.objects.count()
    response = admin_client.post(
        reverse("reviews:scale_load"),
        {"content": 'code = "X"', "source": "x.toml", "make_current": "on"},
    )
    assert response.status_code == 400 and "scale" in response.content.decode()
    assert FidelityScale.objects.count() == before


def test_a_version_already_loaded_is_not_loaded_twice(admin_client):
    response = upload(admin_client, TWO_COMPONENTS.read_bytes())
    assert load(admin_client, response).status_code == 302
    again = load(admin_client, response)
    assert again.status_code == 400 and "already loaded" in again.content.decode()
    assert FidelityScale.objects.filter(code="TEST-Y").count() == 1


def test_reviews_started_keep_their_version_and_sites_move_at_their_next(
    admin_client, region, reviewer_a, reviewer_b
):
    first = load(admin_client, upload(admin_client, TWO_COMPONENTS.read_bytes()))
    version_1 = FidelityScale.objects.get(code="TEST-Y", version="1")
    started_site = factories.SiteFactory(region=region, target_group="youth")
    started = factories.scheduled_review(started_site, reviewer_a, reviewer_b, scale=version_1)
    assert first.status_code == 302

    text = TWO_COMPONENTS.read_bytes().replace(b'version = "1"', b'version = "2"')
    second = load(admin_client, upload(admin_client, text, name="ips-y-2.toml"), make_current=False)
    version_2 = FidelityScale.objects.get(code="TEST-Y", version="2")
    assert second.status_code == 302 and not version_2.is_current
    response = admin_client.post(
        reverse("reviews:scale_make_current", args=[version_2.pk]),
        {"day": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    version_1.refresh_from_db()
    version_2.refresh_from_db()
    assert (version_1.is_current, version_2.is_current) == (False, True)
    # A second click changes nothing and says nothing new.
    again = admin_client.post(reverse("reviews:scale_make_current", args=[version_2.pk]))
    assert again.status_code == 302 and current_versions() == ["2"]

    new_site = factories.SiteFactory(
        region=region, target_group="youth", start_date=date(2026, 6, 1)
    )
    plan_reviews()
    started.refresh_from_db()
    assert started.scale == version_1
    assert new_site.reviews.get().scale == version_2


def test_only_a_national_admin_loads_a_scale(english_client, coordinator, scale):
    english_client.force_login(coordinator)
    assert english_client.get(reverse("reviews:scale_upload")).status_code == 404
    response = upload(english_client, TWO_COMPONENTS.read_bytes())
    assert response.status_code == 404
    assert (
        english_client.post(reverse("reviews:scale_make_current", args=[scale.pk])).status_code
        == 404
    )
    assert not FidelityScale.objects.filter(code="TEST-Y").exists()
    assert (
        "Load a scale version"
        not in english_client.get(reverse("reviews:scale_list")).content.decode()
    )


def two_versions(admin_client):
    """TEST-Y version 1 current, version 2 loaded beside it."""
    load(admin_client, upload(admin_client, TWO_COMPONENTS.read_bytes()))
    text = TWO_COMPONENTS.read_bytes().replace(b'version = "1"', b'version = "2"')
    load(admin_client, upload(admin_client, text, name="ips-y-2.toml"), make_current=False)
    return (
        FidelityScale.objects.get(code="TEST-Y", version="1"),
        FidelityScale.objects.get(code="TEST-Y", version="2"),
    )


def current_versions():
    return list(
        FidelityScale.objects.filter(code="TEST-Y", is_current=True).values_list(
            "version", flat=True
        )
    )


def test_a_version_made_current_from_a_day_ahead_becomes_current_that_night(admin_client):
    _version_1, version_2 = two_versions(admin_client)
    today = timezone.localdate()
    day = today + timedelta(days=10)
    url = reverse("reviews:scale_make_current", args=[version_2.pk])
    response = admin_client.post(url, {"day": day.isoformat()}, follow=True)
    assert "use TEST-Y" in response.content.decode() and current_versions() == ["1"]
    page = admin_client.get(reverse("reviews:scale_detail", args=[version_2.pk]))
    assert "New reviews use this version from" in page.content.decode()

    assert services.make_due_versions_current(day - timedelta(days=1)) == []
    assert current_versions() == ["1"]
    assert services.make_due_versions_current(day) == [version_2]
    assert current_versions() == ["2"]
    version_2.refresh_from_db()
    assert version_2.becomes_current_on is None
    assert services.make_due_versions_current(day) == []  # twice is harmless


def test_the_nightly_task_makes_the_due_version_current(admin_client):
    _version_1, version_2 = two_versions(admin_client)
    today = timezone.localdate()
    services.make_current_on(version_2, today + timedelta(days=1), today=today)
    FidelityScale.objects.filter(pk=version_2.pk).update(becomes_current_on=today)  # a day on
    assert make_due_scale_versions_current.delay().get() == "made 1 scale versions current"
    assert current_versions() == ["2"]
    assert "reviews.tasks.make_due_scale_versions_current" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_a_day_past_is_refused_and_changes_nothing(admin_client):
    _version_1, version_2 = two_versions(admin_client)
    url = reverse("reviews:scale_make_current", args=[version_2.pk])
    yesterday = timezone.localdate() - timedelta(days=1)
    for data in ({"day": yesterday.isoformat()}, {"day": "not a day"}, {}):
        response = admin_client.post(url, data)
        assert response.status_code == 400, data
        assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in (
            response.content.decode()
        )
    assert (
        "Choose today or a later day."
        in admin_client.post(url, {"day": yesterday.isoformat()}).content.decode()
    )
    version_2.refresh_from_db()
    assert current_versions() == ["1"] and version_2.becomes_current_on is None


def test_a_day_set_is_called_off_or_replaced_by_another_versions(admin_client):
    _version_1, version_2 = two_versions(admin_client)
    text = TWO_COMPONENTS.read_bytes().replace(b'version = "1"', b'version = "3"')
    load(admin_client, upload(admin_client, text, name="ips-y-3.toml"), make_current=False)
    version_3 = FidelityScale.objects.get(code="TEST-Y", version="3")
    today = timezone.localdate()
    services.make_current_on(version_2, today + timedelta(days=5), today=today)
    services.make_current_on(version_3, today + timedelta(days=9), today=today)
    version_2.refresh_from_db()
    assert version_2.becomes_current_on is None  # one switch waits per scale

    url = reverse("reviews:scale_make_current", args=[version_3.pk])
    assert admin_client.post(url, {"cancel": "1"}).status_code == 302
    version_3.refresh_from_db()
    assert version_3.becomes_current_on is None
    assert services.make_due_versions_current(today + timedelta(days=30)) == []
    assert current_versions() == ["1"]


def test_a_current_version_waits_for_no_day(admin_client):
    version_1, _version_2 = two_versions(admin_client)
    with pytest.raises(IntegrityError), transaction.atomic():
        FidelityScale.objects.filter(pk=version_1.pk).update(
            becomes_current_on=timezone.localdate()
        )
