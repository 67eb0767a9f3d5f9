"""A national admin loads a scale version in the browser: the file is checked and shown
(components, bands, items and anchors in each language) before anything is loaded, and
a loaded version is made the one new reviews use. Reviews already started keep theirs."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.planning.planner import plan_reviews
from reviews.scale.models import FidelityScale
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
    response = admin_client.post(reverse("reviews:scale_make_current", args=[version_2.pk]))
    assert response.status_code == 302
    version_1.refresh_from_db()
    version_2.refresh_from_db()
    assert (version_1.is_current, version_2.is_current) == (False, True)

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
