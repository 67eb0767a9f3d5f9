"""System checks of the deployment's own settings.

Not a deploy-only check: Django runs these at `manage.py check` (with or
without --deploy), `migrate` (which production runs before the web app,
worker and beat start) and `runserver`, so a bad value stops the start-up
with this message instead of sending people links that do not work.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.http.request import split_domain_port, validate_host

HINT = (
    "Links in e-mails and reports start with SITE_URL: with HTTPS=true set it to the "
    "https:// address people open, with nothing after the host (e.g. "
    "https://ips.example.org), and put that host in ALLOWED_HOSTS."
)


@register(Tags.security)
def check_site_url(app_configs=None, **kwargs) -> list[CheckMessage]:
    """In production (HTTPS=true) the links in e-mails and reports must reach the site.

    SITE_URL has no default there: a default would point every invitation and
    report check at a machine nobody outside can reach.
    """
    if not settings.HTTPS:
        return []
    url = settings.SITE_URL
    if not url:
        return [
            Error(
                "SITE_URL is not set.",
                hint=HINT,
                id="ipsfidelity.E001",
            )
        ]
    parts = urlsplit(url)
    host, _port = split_domain_port(parts.netloc)
    problems = []
    if parts.scheme != "https":
        problems.append("does not start with https://")
    if not host:
        problems.append("has no valid host name")
    elif not validate_host(host, settings.ALLOWED_HOSTS):
        problems.append(f"names the host {host!r}, which is not in ALLOWED_HOSTS")
    if parts.path or parts.query or parts.fragment:
        problems.append("has a path, query or fragment after the host")
    if not problems:
        return []
    return [
        Error(
            f"SITE_URL {url!r} {'; '.join(problems)}.",
            hint=HINT,
            id="ipsfidelity.E002",
        )
    ]
