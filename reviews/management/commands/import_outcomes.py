from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.outcomes.services import ImportRefused, ImportResult, import_outcomes
from sites.models import Site


class Command(BaseCommand):
    help = (
        "Bring in sites' quarterly employment figures from a CSV or XLSX file (docs/import.md). "
        "One transaction: on any error nothing is written and the command exits 1 naming the rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )
        parser.add_argument(
            "--by", metavar="EMAIL", help="Record this person as the one who entered them."
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
            result = import_outcomes(
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
        words = {"create": "new", "update": "replace", "skip": "unchanged", "error": "ERROR"}
        for row in result.rows:
            detail = "; ".join(row.messages)
            self.stdout.write(
                f"row {row.number}: {words[row.action]} {row.site_code} {row.quarter}"
                + (f" – {detail}" if detail else "")
            )
        counts = (
            f"{result.to_create} new, {result.to_update} replaced, {result.unchanged} unchanged, "
            f"{len(result.errors)} with errors."
        )
        if result.dry_run:
            self.stdout.write(f"Dry run: {counts} Nothing was written.")
        elif result.written:
            self.stdout.write(f"Written: {counts}")
        else:
            self.stdout.write(f"{counts} Nothing was written.")
