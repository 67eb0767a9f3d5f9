from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.scale.files import ScaleFileError, read_scale_file
from reviews.scale.services import ScaleInUse, ScaleMismatch, install_scale, set_nynorsk_texts


class Command(BaseCommand):
    help = (
        "Check a fidelity scale file (TOML) and load it as a new scale version. "
        "Reports every problem in the file at once; loads nothing unless the file is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The scale file, e.g. reviews/scales/ips-25.toml.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the file; load nothing.",
        )
        parser.add_argument(
            "--not-current",
            action="store_true",
            help="Load the version without making it the one new reviews use.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a version of the same code and version, if no review uses it.",
        )
        parser.add_argument(
            "--nynorsk",
            action="store_true",
            help=(
                "Only write the file's Nynorsk texts into the stored version of the same "
                "code and version (allowed for a version in use: no score depends on them)."
            ),
        )

    def handle(
        self,
        *args,
        path: str,
        check: bool,
        not_current: bool,
        replace: bool,
        nynorsk: bool,
        **options,
    ):
        try:
            definition = read_scale_file(path)
        except ScaleFileError as error:
            raise CommandError(str(error)) from None
        items = definition.data["item_count"]
        if check:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{definition.code} version {definition.version}: {items} items, file is valid."
                )
            )
            return
        if nynorsk:
            try:
                scale = set_nynorsk_texts(definition)
            except ScaleMismatch as error:
                raise CommandError(str(error)) from None
            self.stdout.write(self.style.SUCCESS(f"Nynorsk texts of {scale} written."))
            return
        try:
            scale = install_scale(definition, make_current=not not_current, replace=replace)
        except ScaleInUse as error:
            raise CommandError(str(error)) from None
        state = "current" if scale.is_current else "not current"
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {scale} ({items} items, {state}) from {definition.source}.")
        )
