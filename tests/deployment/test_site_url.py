"""Production refuses to start without a SITE_URL people can open: links in
invitations, other e-mails and on every PDF page start with it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

ROOT = Path(__file__).resolve().parents[2]


def site_url_errors() -> list[str]:
    return [
        f"{message.id} {message.msg}"
        for message in run_checks()
        if message.id in ("ipsfidelity.E001", "ipsfidelity.E002")
    ]


@pytest.fixture
def production(settings):
    settings.HTTPS = True
    settings.ALLOWED_HOSTS = ["ips.example.org"]
    return settings


@pytest.mark.parametrize(
    ("site_url", "complaint"),
    [
        ("", "SITE_URL is not set"),
        ("http://ips.example.org", "does not start with https://"),
        ("https://other.example.org", "'other.example.org', which is not in ALLOWED_HOSTS"),
        ("https://ips.example.org/app", "has a path, query or fragment"),
        ("https://ips.example.org?from=mail", "has a path, query or fragment"),
        ("https://ips.example.org#top", "has a path, query or fragment"),
        ("https://someone@ips.example.org", "has no valid host name"),
        ("ips.example.org", "does not start with https://"),
    ],
)
def test_a_missing_or_wrong_site_url_is_an_error_in_production(production, site_url, complaint):
    production.SITE_URL = site_url
    errors = site_url_errors()
    assert len(errors) == 1 and complaint in errors[0], errors


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts"),
    [
        ("https://ips.example.org", ["ips.example.org"]),
        ("https://IPS.example.org:8443", ["ips.example.org"]),
        ("https://ips.example.org", [".example.org"]),
        ("https://[2001:db8::1]", ["[2001:db8::1]"]),
    ],
)
def test_an_https_address_on_an_allowed_host_passes(production, site_url, allowed_hosts):
    production.SITE_URL = site_url
    production.ALLOWED_HOSTS = allowed_hosts
    assert site_url_errors() == []


def test_without_https_any_address_will_do(settings):
    settings.HTTPS = False
    settings.SITE_URL = "http://127.0.0.1:8202"
    assert site_url_errors() == []


def manage(tmp_path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py in a process of its own, configured as production is: from the environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is a deploy-check error of its own.
        if key
        not in (
            "DATABASE_URL",
            "REDIS_URL",
            "SITE_URL",
            "HTTPS",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env.update(
        DATA_DIR=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(50),
        HTTPS="true",
        ALLOWED_HOSTS="ips.example.org",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_passes_with_a_good_site_url_as_ci_runs_it(tmp_path):
    done = manage(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", SITE_URL="https://ips.example.org"
    )
    assert done.returncode == 0, done.stderr


def test_the_deploy_check_fails_without_a_site_url(tmp_path):
    done = manage(tmp_path, "check", "--deploy")
    assert done.returncode != 0
    assert "(ipsfidelity.E001) SITE_URL is not set." in done.stderr


def test_migrating_at_start_up_stops_at_a_wrong_site_url(tmp_path):
    """Production migrates before the web app, worker and beat start (docker-compose.yml)."""
    done = manage(tmp_path, "migrate", "--noinput", SITE_URL="http://ips.example.org:8000")
    assert done.returncode != 0
    assert "(ipsfidelity.E002) SITE_URL 'http://ips.example.org:8000'" in done.stderr
    assert "does not start with https://" in done.stderr
