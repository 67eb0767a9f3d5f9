"""The Django admin: every model for national admins, closed to everyone else; health."""

from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_manages_every_model_for_a_national_admin(client, national_admin, review):
    client.force_login(national_admin)
    for model in [
        "accounts/user",
        "sites/region",
        "sites/site",
        "sites/team",
        "sites/membership",
        "reviews/fidelityscale",
        "reviews/scaleitem",
        "reviews/review",
        "reviews/rating",
        "reviews/consensusscore",
        "reviews/report",
        "reviews/signoff",
        "reviews/actionplan",
        "reviews/personaldatadeletion",
    ]:
        assert client.get(f"/admin/{model}/").status_code == 200, model
        assert client.get(f"/admin/{model}/?q=Tromsø").status_code == 200, model
    assert client.get(f"/admin/reviews/review/{review.pk}/change/").status_code == 200


def test_the_admin_is_closed_to_coordinators(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/reviews/rating/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_health_answers_ok(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_logged_in_pages_are_never_cached(client, national_admin):
    client.force_login(national_admin)
    header = client.get(reverse("home"))["Cache-Control"]
    assert "private" in header and "no-store" in header


def test_the_data_folder_and_the_sqlite_file_are_private(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "data"
    env = {
        "DATA_DIR": str(data),
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "ipsfidelity.settings",
    }
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], check=True, env=env, cwd=Path.cwd()
    )
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "db.sqlite3").stat().st_mode & 0o777 == 0o600
    assert (data / "secret_key").stat().st_mode & 0o777 == 0o600
