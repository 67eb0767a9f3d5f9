import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from reviews.demo import DEMO_PASSWORD, PEOPLE, seed_demo
from reviews.rating.models import Review
from reviews.reports.models import Report
from sites.models import Invitation, Membership, Region, ReviewerLeave, Site, Team
from tests.reviews.reports.test_report_language import pdf_text
from tests.reviews.reports.test_reports import pdf_bytes

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


def counts():
    return [
        model.objects.count()
        for model in (Region, Site, Team, get_user_model(), Membership, Review, ReviewerLeave)
    ]


def test_the_demo_command_is_idempotent(capsys, client):
    call_command("demo", "--no-serve")
    first = counts()
    call_command("demo", "--no-serve")
    assert counts() == first
    assert first[0] == 5 and first[1] >= 10 and first[6] >= 1
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert Invitation.objects.filter(accepted_at=None, revoked_at=None).count() == 1
    link = re.findall(r"http://\S+/invitations/\S+/", out)[-1]
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 200
    for email, *_rest in PEOPLE:
        assert email in out


def test_on_another_port_the_printed_link_mails_and_reports_use_that_port(
    capsys, client, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.delenv("SITE_URL", raising=False)
    before = django_settings.SITE_URL
    # Mails go out once their transaction commits; the test's own never does.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--port", "8202", "--no-serve")
    link = re.findall(r"http://\S+/invitations/\S+/", capsys.readouterr().out)[-1]
    assert link.startswith("http://127.0.0.1:8202/invitations/")
    assert client.get(link.removeprefix("http://127.0.0.1:8202")).status_code == 200
    # The mails the seeding sent (reports published, to the sites' leaders).
    links = [url for message in mail.outbox for url in re.findall(r"http://\S+", message.body)]
    assert links and all(url.startswith("http://127.0.0.1:8202/") for url in links), links
    # Each signed report's pages name the address to check it at.
    report = Report.objects.filter(status=Report.Status.SIGNED).first()
    assert "http://127.0.0.1:8202/verify/" in pdf_text(pdf_bytes(report), tmp_path)
    # Nothing is left behind for whatever runs next in this process.
    assert before == django_settings.SITE_URL
    assert "SITE_URL" not in os.environ


def test_the_printed_link_opens_on_the_server_the_demo_started(tmp_path):
    """The command as a person runs it: its own process, SQLite, tasks in-process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "SITE_URL", "HTTPS", "ALLOWED_HOSTS")
    }
    env.update(DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    out = tmp_path / "demo.out"
    with out.open("w") as stdout:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "demo", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=subprocess.STDOUT,
        )
    try:
        # A hang guard, not a measure: a fresh database is migrated and seeded first,
        # which on a busy shared machine has taken three minutes.
        deadline = time.monotonic() + 420
        while "Serving on" not in out.read_text():
            assert server.poll() is None, out.read_text()
            assert time.monotonic() < deadline, out.read_text()
            time.sleep(0.5)
        link = re.findall(r"http://\S+/invitations/\S+/", out.read_text())[-1]
        assert link.startswith(f"http://127.0.0.1:{port}/")
        while True:  # the line comes just before the server listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, out.read_text()
                time.sleep(0.2)
        with urllib.request.urlopen(link, timeout=30) as response:
            assert response.status == 200
            assert "ny.evaluator@ipsfidelity.example" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_site_url_set_in_the_environment_wins_over_the_port(capsys, settings, monkeypatch):
    # As if started with SITE_URL=...: the settings were read from it.
    monkeypatch.setenv("SITE_URL", "https://demo.example.org")
    settings.SITE_URL = "https://demo.example.org"
    call_command("demo", "--port", "8202", "--no-serve")
    link = re.findall(r"https?://\S+/invitations/\S+/", capsys.readouterr().out)[-1]
    assert link.startswith("https://demo.example.org/invitations/")


def test_on_every_address_the_links_name_this_machine(capsys, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    call_command("demo", "--addr", "0.0.0.0", "--port", "8202", "--no-serve")
    assert "http://127.0.0.1:8202/invitations/" in capsys.readouterr().out


def test_the_demo_refuses_production(settings):
    settings.HTTPS = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo", "--no-serve")
    assert counts()[0] == 0


def test_the_demo_refuses_a_bad_port():
    with pytest.raises(CommandError, match="--port"):
        call_command("demo", "--port", "70000")


def test_once_a_youth_scale_is_loaded_the_demo_youth_services_are_reviewed_at_several_steps():
    from reviews.outcomes.models import EmploymentOutcome
    from reviews.rating.models import ReviewSummary
    from reviews.scale.files import read_scale_file
    from reviews.scale.services import install_scale

    # The made-up two-component scale stands in for the licensed IPS-Y text.
    youth_scale = install_scale(
        read_scale_file(Path(__file__).parent / "scale" / "two-components.toml")
    )
    seed_demo(today=date(2026, 11, 23))
    steps = {
        (review.site.name, review.status)
        for review in Review.objects.filter(site__target_group="youth").select_related("site")
    }
    assert steps == {
        ("IPS-ung Tromsø", "published"),
        ("IPS-ung Tromsø", "rating"),
        ("IPS-ung Bergen", "consensus"),
    }
    assert set(
        Review.objects.filter(site__target_group="youth").values_list("scale", flat=True)
    ) == {youth_scale.pk}
    published = Review.objects.get(site__name="IPS-ung Tromsø", status="published")
    assert published.reports.get().status == Report.Status.SIGNED
    codes = [c["code"] for c in ReviewSummary.objects.get(review=published).components]
    assert codes == ["employment", "education"]
    # Youth services count people in ordinary education beside paid work.
    assert EmploymentOutcome.objects.filter(
        site__target_group="youth", in_education__isnull=False
    ).exists()
    assert not EmploymentOutcome.objects.filter(
        site__target_group="adults", in_education__isnull=False
    ).exists()
    seed_demo(today=date(2026, 11, 23))  # again: nothing new
    assert Review.objects.filter(site__target_group="youth").count() == 3
