"""What the import commands share: read the file, name the person, run the import in
one transaction (or a dry run), report each row and fail naming the rows in error."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from reviews.management.options import person_from_by
from reviews.spreadsheets import ImportRefused
from sites.models import Site


class TableImportCommand(BaseCommand):
    """A command around an import service `run(filename, content, sites, actor, dry_run)`.

    Subclasses write `report(result)`.
    """

    entered_by_help = "Record this person as the one who imported them."

    def run(self, **kwargs):
        raise NotImplementedError

    def report(self, result) -> None:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )
        parser.add_argument("--by", metavar="EMAIL", help=self.entered_by_help)

    def handle(self, *args, file: str, dry_run: bool, by: str | None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        actor = person_from_by(by)
        try:
            # One language for the whole output: the rows' messages are the service's.
            with translation.override("en"):
                result = self.run(
                    filename=path.name,
                    content=path.read_bytes(),
                    sites=Site.objects.all(),
                    actor=actor,
                    dry_run=dry_run,
                )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        self.report(result)
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} row(s) with errors: "
                + ", ".join(str(row.number) for row in result.errors)
                + ". Nothing was written."
            )
