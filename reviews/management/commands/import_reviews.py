from reviews.history.services import ImportResult, import_reviews
from reviews.management.table_import import TableImportCommand


class Command(TableImportCommand):
    help = (
        "Bring in earlier reviews from a CSV or XLSX file (docs/import.md). One transaction: "
        "on any error nothing is written and the command exits 1 naming the rows."
    )
    entered_by_help = "Record this person as the one who imported them."

    def run(self, **kwargs) -> ImportResult:
        return import_reviews(**kwargs)

    def report(self, result: ImportResult) -> None:
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
