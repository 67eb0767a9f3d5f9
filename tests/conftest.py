"""Shared fixtures: the fixed cast of users, and the rule for real services.

Tests that need PostgreSQL, Redis or Chromium use the real thing. Without it
they skip with a reason on a developer's machine; under CI=true a skip is a
failure, so CI cannot go green without having run them.
"""

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key
from rest_framework.test import APIClient

from ipsfidelity.accounts import tokens
from ipsfidelity.celery import app as celery_app
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run this test, but: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_sessionfinish(session, exitstatus):
    # A skip inside a test body or fixture that bypassed skip_or_fail still
    # must not pass CI.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped and exitstatus == 0:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"CI=true: {len(skipped)} test(s) were skipped; failing.", red=True)


def _empties_the_database(item: pytest.Item) -> bool:
    """A transactional test (pytest-django's own rule) flushes every table when it ends."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, the IPS-25 scale that the migrations load is
    loaded again: the suite runs in several processes, each taking files as they come,
    so a test that reads the migrated scale may come after a flush."""
    try:
        return (yield)
    finally:
        # After the last test the test database itself is gone.
        if nextitem is not None and _empties_the_database(item):
            with item.config.stash[blocking_manager_key].unblock():
                factories.ips25()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The slow tests first (after pytest-django's own order, which is kept otherwise):
    the processes take files as they come, and a long one taken last would leave one
    process working alone while the others are done."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def set_eager(value: bool) -> None:
    # Celery reads Django's CELERY_-prefixed key before the plain one, so
    # setting conf.task_always_eager alone has no effect.
    celery_app.conf["CELERY_TASK_ALWAYS_EAGER"] = value


@pytest.fixture(scope="session")
def development_signing_files(tmp_path_factory):
    """One development certificate for the session: making an RSA key takes a while."""
    from reviews.reports.certificates import make_self_signed_pkcs12

    folder = tmp_path_factory.mktemp("signing")
    (folder / "development-signing.p12").write_bytes(
        make_self_signed_pkcs12("ipsfidelity test", b"test-passphrase")
    )
    (folder / "development-signing.passphrase").write_bytes(b"test-passphrase")
    return folder


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path, development_signing_files):
    """Each test writes reports and keys under its own folder, never under var/."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_PKCS12_PATH = ""
    shutil.copytree(development_signing_files, settings.DATA_DIR / "signing")


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request activates its reader's language in the thread and leaves it there;
    the next test starts in the default language again."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _generous_verify_rate(settings):
    """Tests check many reports from one address; the rate limit has its own test."""
    settings.VERIFY_RATE = "10000/m"


@pytest.fixture(autouse=True)
def _generous_mail_throttle(settings):
    """Tests mail the same addresses often; the throttle has its own test."""
    settings.MAILS_PER_ADDRESS_PER_HOUR = 10000


@pytest.fixture(autouse=True)
def _generous_failures_per_address(settings):
    """Every test logs in from 127.0.0.1; the per-address limit has its own test."""
    settings.LOGIN_FAILURES_PER_ADDRESS = "100000/h"


@pytest.fixture(autouse=True)
def _no_allauth_rate_limits(settings):
    """allauth keeps its rate limits in the cache, which outlives a test (with
    Redis, even the run): tests would slow each other down. A test of a limit
    turns it on itself."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test starts a real worker."""
    previous = celery_app.conf.task_always_eager
    set_eager(not request.node.get_closest_marker("celery_worker"))
    yield
    set_eager(previous)


@pytest.fixture
def require_postgres(django_db_blocker):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def redis_url():
    from django.conf import settings

    if not settings.REDIS_URL:
        skip_or_fail("needs Redis: set REDIS_URL=redis://...")
    return settings.REDIS_URL


@pytest.fixture
def english_client(client):
    """A client whose logged-in person reads English, so the messages can be checked."""
    force_login = client.force_login

    def english_login(user, backend=None):
        user.language = "en"
        user.save(update_fields=["language"])
        force_login(user, backend)

    client.force_login = english_login
    return client


@pytest.fixture
def api():
    """An API client that calls as a given user, with a fresh personal token."""

    class Api:
        def __init__(self):
            self.client = APIClient()

        def token_for(self, user, name="test") -> str:
            _token, secret = tokens.api_token_create(user=user, name=name, lifetime_days=30)
            return secret

        def get(self, path, user=None, token=None, **params):
            headers = {}
            if user is not None:
                token = self.token_for(user)
            if token is not None:
                headers["Authorization"] = f"Token {token}"
            return self.client.get(path, params, headers=headers)

    return Api()


# The organisation's OpenID provider ------------------------------------------
CALLBACK = "http://testserver/accounts/oidc/org/login/callback/"


@pytest.fixture(scope="session")
def oidc_provider():
    """The local OpenID provider, once for the session, sending people back to the test client."""
    from tests.oidc_provider import start_provider  # it uses skip_or_fail from here

    with start_provider([CALLBACK]) as provider:
        yield provider


@pytest.fixture
def organisation_signin(settings, oidc_provider):
    """The app configured for the local provider, as OIDC_* in the environment would."""
    from ipsfidelity.settings import organisation_signin as provider_settings

    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(
        issuer_url=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        button_label="Test organisation",
    )
    return oidc_provider


# The cast ------------------------------------------------------------------


@pytest.fixture
def scale(db):
    return factories.ips25()


@pytest.fixture
def region(db):
    return factories.RegionFactory(name="Nord", code="nord")


@pytest.fixture
def other_region(db):
    return factories.RegionFactory(name="Vest", code="vest")


@pytest.fixture
def site(region):
    return factories.SiteFactory(region=region, name="IPS Tromsø")


@pytest.fixture
def other_site(other_region):
    return factories.SiteFactory(region=other_region, name="IPS Bergen")


@pytest.fixture
def national_admin(db):
    return factories.national_admin()


@pytest.fixture
def coordinator(region):
    return factories.coordinator(region)


@pytest.fixture
def reviewer_a(region):
    return factories.reviewer(region, full_name="Anne Evaluator")


@pytest.fixture
def reviewer_b(region):
    return factories.reviewer(region, full_name="Bjørn Evaluator")


@pytest.fixture
def site_leader(site):
    return factories.site_leader(site)


@pytest.fixture
def outsider(db):
    return factories.UserFactory(full_name="Olav Outsider")


@pytest.fixture
def review(site, scale, reviewer_a, reviewer_b):
    return factories.ReviewFactory(
        site=site, scale=scale, reviewer_a=reviewer_a, reviewer_b=reviewer_b
    )


@pytest.fixture
def other_review(other_site, scale):
    return factories.ReviewFactory(site=other_site, scale=scale)
