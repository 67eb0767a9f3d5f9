"""The test suite's own OpenID Connect provider: node's oidc-provider, a real one.

`start_provider(redirect_uris)` runs tests/oidc_provider/server.mjs as a second
process on a free port of 127.0.0.1 and yields where it is; `sign_in` plays
the person at the provider's login page with plain HTTP requests, as a
browser would, and returns the address the provider sends them back to.
Nothing in between is mocked: discovery, the keys, the login page, the
authorization code flow with PKCE and the token endpoint are the provider's.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.conftest import skip_or_fail

FOLDER = Path(__file__).resolve().parent
PASSWORD = "provider-password"
CLIENT_ID = "ipsfidelity"
# The e-mail address a tampered id_token claims (see server.mjs).
EVIL_EMAIL = "admin@example.no"


@dataclass(frozen=True)
class LocalProvider:
    issuer: str
    client_id: str
    client_secret: str

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}/token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def start_provider(redirect_uris: list[str]) -> Iterator[LocalProvider]:
    node = shutil.which("node")
    if node is None:
        skip_or_fail("needs Node.js for the test OpenID provider (apt install nodejs npm)")
    if not (FOLDER / "node_modules" / "oidc-provider").is_dir():
        skip_or_fail("needs the test OpenID provider's packages: cd tests/oidc_provider && npm ci")
    port = _free_port()
    provider = LocalProvider(
        issuer=f"http://127.0.0.1:{port}",
        client_id=CLIENT_ID,
        client_secret=secrets.token_urlsafe(24),
    )
    environment = {
        **os.environ,
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_CLIENT_ID": provider.client_id,
        "OIDC_TEST_CLIENT_SECRET": provider.client_secret,
        "OIDC_TEST_REDIRECT_URIS": ",".join(redirect_uris),
        "OIDC_TEST_PASSWORD": PASSWORD,
    }
    process = subprocess.Popen(
        [node, "server.mjs"],
        cwd=FOLDER,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ready "):
            process.kill()
            _out, errors = process.communicate(timeout=10)
            raise RuntimeError(f"the test OpenID provider did not start: {line}{errors}")
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def sign_in(authorize_url: str, login: str, password: str = PASSWORD) -> str:
    """Log in at the provider's own page; the address it redirects the browser back to."""
    with requests.Session() as browser:
        page = browser.get(authorize_url, timeout=10)
        assert page.status_code == 200, page.text
        action = re.search(r'<form method="post" action="([^"]+)"', page.text)
        assert action, page.text
        response = browser.post(
            urljoin(page.url, action.group(1)),
            data={"login": login, "password": password},
            allow_redirects=False,
            timeout=10,
        )
        for _ in range(10):
            location = response.headers.get("Location", "")
            assert response.status_code in (302, 303), response.text
            target = urljoin(response.url, location)
            if not target.startswith(authorize_url.split("/auth")[0]):
                return target
            response = browser.get(target, allow_redirects=False, timeout=10)
    raise AssertionError("the provider did not send the browser back")
