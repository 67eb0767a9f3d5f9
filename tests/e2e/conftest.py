"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser)."""

import copy
import os
import shutil
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from tests.conftest import skip_or_fail

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls from that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server runs one request at a time where the test database is SQLite in
    memory: Django hands every request thread the test's one connection, and two
    requests using it at once fail ("database table is locked", a 503). Connections
    stay threaded, so a browser's idle keep-alive connection holds up nobody."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(one_at_a_time)


# pytest-django's test database on SQLite is in memory (no TEST NAME is set).
if connection.vendor == "sqlite":
    LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        skip_or_fail(f"needs Debian's chromium at {CHROMIUM} (apt install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def page(page, live_server):
    page.set_default_timeout(15_000)
    return page


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Norwegian user's browser asks for Bokmål first.
    return {**browser_context_args, "locale": "nb-NO"}


@pytest.fixture
def provider(live_server, settings):
    """The local OpenID provider, sending people back to the live server, and the app
    configured for it (the CSP lets the sign-in button's form reach it)."""
    from ipsfidelity.settings import organisation_origin, organisation_signin
    from tests.oidc_provider import start_provider

    callback = f"{live_server.url}/accounts/oidc/org/login/callback/"
    with start_provider([callback]) as provider:
        settings.SOCIALACCOUNT_PROVIDERS = organisation_signin(
            issuer_url=provider.issuer,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            button_label="Test organisation",
        )
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] += organisation_origin(provider.issuer)
        settings.CONTENT_SECURITY_POLICY = policy
        yield provider
