from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from reviews.history import research
from reviews.management.options import person_from_by
from reviews.states import ReviewKind


class Command(BaseCommand):
    help = (
        "Write every published review as numbers for research (docs/research-export.md): "
        "XLSX with a codebook sheet, or CSV with a codebook file beside it, by --out's extension."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
        parser.add_argument(
            "--region", action="append", default=[], help="A region code (repeat for more)."
        )
        parser.add_argument("--year-from", type=int)
        parser.add_argument("--year-to", type=int)
        parser.add_argument("--kind", choices=ReviewKind.values, default="")
        parser.add_argument("--by", metavar="EMAIL", help="Record this person as the exporter.")

    def handle(self, *args, out: str, region, year_from, year_to, kind, by, **options) -> None:
        path = Path(out)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("csv", "xlsx"):
            raise CommandError("--out must end in .csv or .xlsx")
        filters = research.ResearchFilters(
            regions=tuple(region), year_from=year_from, year_to=year_to, kind=kind
        )
        actor = person_from_by(by)
        try:
            with translation.override("en"):
                tables = research.research_export(filters=filters, fmt=fmt, actor=actor)
        except research.ExportRefused as error:
            raise CommandError(str(error)) from None
        if fmt == "xlsx":
            path.write_bytes(research.xlsx_bytes(tables))
            written = [path]
        else:
            data, book = research.csv_texts(tables)
            codebook = path.with_name(f"{path.stem}-codebook.csv")
            path.write_text(data, encoding="utf-8")
            codebook.write_text(book, encoding="utf-8")
            written = [path, codebook]
        stable = "stable across exports" if tables.stable else "stable within this export only"
        self.stdout.write(
            f"{len(tables.rows)} reviews written to {', '.join(map(str, written))} "
            f"(site ids {stable})."
        )
