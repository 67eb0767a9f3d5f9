from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.history.services import ImportRefused, ImportResult, import_reviews
from sites.models import Site


class Command(BaseCommand):
    help = (
        "Bring in earlier reviews from a CSV or XLSX file (docs/import.md). One transaction: "
        "on any error nothing is written and the command exits 1 naming the rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )
        parser.add_argument(
            "--by", metavar="EMAIL", help="Record this person as the one who imported them."
        )

    def handle(self, *args, file: str, dry_run: bool, by: str | None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        actor = None
        if by:
            actor = get_user_model().objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"No user with the e-mail address {by}.")
        try:
            result = import_reviews(
                filename=path.name,
                content=path.read_bytes(),
                sites=Site.objects.all(),
                actor=actor,
                dry_run=dry_run,
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        self._report(result)
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} row(s) with errors: "
                + ", ".join(str(row.number) for row in result.errors)
                + ". Nothing was written."
            )

    def _report(self, result: ImportResult) -> None:
        for row in result.rows:
            what = {"create": "create", "skip": "skip", "error": "ERROR"}[row.action]
            if row.action == "create" and result.written:
                what = "created"
            detail = "; ".join(row.messages)
            self.stdout.write(
                f"row {row.number}: {what} {row.site_code} {row.visit_date}"
                + (f" – {detail}" if detail else "")
            )
        if result.dry_run:
            summary = (
                f"Dry run: {result.count('create')} to create, {result.count('skip')} "
                f"already recorded, {len(result.errors)} with errors. Nothing was written."
            )
        else:
            summary = (
                f"{result.created} created, {result.count('skip')} already recorded, "
                f"{len(result.errors)} with errors."
            )
        self.stdout.write(summary)
