import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.demo import DEMO_PASSWORD, refresh_demo_invitation, seed_demo

# Serving on every address: the links name this machine instead.
WILDCARD_ADDRESSES = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]"}


class Command(BaseCommand):
    help = (
        "Migrate the database, load the IPS-25 scale and demo data, print the demo "
        "logins and serve the app. Safe to run again: the demo data is refreshed, not doubled."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (8000).")
        parser.add_argument("--addr", default="127.0.0.1", help="Address to serve on (127.0.0.1).")
        parser.add_argument(
            "--no-serve", action="store_true", help="Only migrate and seed, then exit."
        )

    def handle(self, *args, port: int, addr: str, no_serve: bool, **options) -> None:
        if settings.HTTPS:
            # Demo accounts share a published password: never in production.
            raise CommandError("Refusing to load demo accounts with HTTPS=true (production).")
        if not 0 < port < 65536:
            raise CommandError(f"--port must be from 1 to 65535, not {port}.")
        # Links printed here, mailed and put in the PDFs must reach this server,
        # unless SITE_URL was set on purpose (a proxy in front, say). The settings
        # serve this process: the server's threads and Celery tasks run eagerly
        # here. The environment serves any process that reads the settings afresh
        # (runserver's autoreloader, were it on). Both are put back on return.
        site_url = os.environ.get("SITE_URL") or (
            f"http://{WILDCARD_ADDRESSES.get(addr, addr)}:{port}"
        )
        environ_before, settings_before = os.environ.get("SITE_URL"), settings.SITE_URL
        os.environ["SITE_URL"] = site_url
        settings.SITE_URL = site_url.rstrip("/")
        try:
            self.seed_and_serve(port=port, addr=addr, no_serve=no_serve)
        finally:
            settings.SITE_URL = settings_before
            if environ_before is None:
                del os.environ["SITE_URL"]
            else:
                os.environ["SITE_URL"] = environ_before

    def seed_and_serve(self, *, port: int, addr: str, no_serve: bool) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in as:"))
        width = max(len(login.email) for login in logins)
        for login in logins:
            where = f" ({login.where})" if login.where else ""
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role}{where}")
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
        link = refresh_demo_invitation()
        self.stdout.write(f"A pending invitation (a new reviewer) opens at: {link}")
        if no_serve:
            return
        self.stdout.write(f"Serving on http://{addr}:{port}/ (Ctrl+C stops)")
        call_command("runserver", f"{addr}:{port}", use_reloader=False, skip_checks=True)
