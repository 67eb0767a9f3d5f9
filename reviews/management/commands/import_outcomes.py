from reviews.management.table_import import TableImportCommand
from reviews.outcomes.services import ImportResult, import_outcomes


class Command(TableImportCommand):
    help = (
        "Bring in sites' quarterly employment figures from a CSV or XLSX file (docs/import.md). "
        "One transaction: on any error nothing is written and the command exits 1 naming the rows."
    )
    entered_by_help = "Record this person as the one who entered them."

    def run(self, **kwargs) -> ImportResult:
        return import_outcomes(**kwargs)

    def report(self, result: ImportResult) -> None:
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
