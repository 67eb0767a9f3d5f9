import time
from datetime import date

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.seeding.national import SEED_PASSWORD, SeedRefused, seed_national


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with a made-up national data set (regions, "
        "sites, people, 20 years of reviews) to measure the app at scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sites", type=int, default=2000, help="Number of sites (2000).")
        parser.add_argument("--years", type=int, default=20, help="Years of reviews (20).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the data set is made for (YYYY-MM-DD; default today).",
        )

    def handle(self, *args, sites: int, years: int, seed: int, today, **options) -> None:
        if settings.HTTPS:
            # Made-up people share a published password: never in production.
            raise CommandError("Refusing to seed made-up people with HTTPS=true (production).")
        call_command("migrate", interactive=False, verbosity=0)
        start = time.perf_counter()
        try:
            result = seed_national(sites=sites, years=years, seed=seed, today=today or date.today())
        except SeedRefused as refusal:
            raise CommandError(str(refusal)) from None
        seconds = time.perf_counter() - start
        open_reviews = ", ".join(f"{n} {state}" for state, n in result.open_by_state.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"National data set made in {seconds:.1f} s: {result.regions} regions, "
                f"{result.sites} sites, {result.teams} teams, {result.people} people, "
                f"{result.reviews} reviews ({result.published} published; open: {open_reviews}), "
                f"{result.score_rows} scores, {result.reports} reports."
            )
        )
        self.stdout.write(
            f"Every person's password: {SEED_PASSWORD} (e.g. admin@national.example, "
            "coordinator.nord.1@national.example, reviewer0000@national.example)."
        )
