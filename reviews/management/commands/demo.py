from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.demo import DEMO_PASSWORD, refresh_demo_invitation, seed_demo


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
