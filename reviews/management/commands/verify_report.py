from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.reports.verify import MAX_UPLOAD_BYTES, verify_file


class Command(BaseCommand):
    help = (
        "Check whether a PDF is an authentic, unmodified fidelity report from this system. "
        "Exits with status 1 when it is not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The PDF file to check.")

    def handle(self, *args, path: str, **options) -> None:
        file = Path(path)
        try:
            if file.stat().st_size > MAX_UPLOAD_BYTES:
                raise CommandError(f"{file} is larger than any report this system makes.")
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        verdict = verify_file(data)
        if not verdict.authentic:
            reasons = {
                "not_pdf": "it is not a PDF file",
                "unknown_file": "no report with exactly this content was signed here "
                "(it was changed, or it comes from elsewhere)",
                "signature": "its signature is broken or does not cover the whole file",
            }
            self.stderr.write(
                self.style.ERROR(f"NOT AUTHENTIC: {reasons.get(verdict.problem, verdict.problem)}.")
            )
            raise SystemExit(1)
        report, signature = verdict.report, verdict.signature
        assert report is not None and signature is not None  # an authentic verdict has both
        review = report.review
        self.stdout.write(self.style.SUCCESS("AUTHENTIC: an unmodified signed report."))
        self.stdout.write(f"  Site:          {review.site.name} ({review.site.region.name})")
        self.stdout.write(f"  Review:        #{review.pk}, visit {review.visit_start}")
        self.stdout.write(
            f"  Version:       {report.version}, signed {report.signed_at:%Y-%m-%d %H:%M}"
        )
        self.stdout.write(f"  Verification:  {report.verification_code}")
        self.stdout.write(f"  Signed by:     {signature.signer}")
        if signature.timestamped_at:
            self.stdout.write(f"  Time-stamped:  {signature.timestamped_at:%Y-%m-%d %H:%M} UTC")
        if report.certificate_sha256:
            self.stdout.write(f"  Certificate:   SHA-256 {report.certificate_sha256}")
        if verdict.certificate_replaced:
            self.stdout.write("  The organisation has since replaced this certificate;")
            self.stdout.write("  it stays valid for the reports it signed.")
        if report.development_certificate:
            self.stdout.write(self.style.WARNING("  Signed with a DEVELOPMENT certificate."))
        if report.superseded_by:
            self.stdout.write(
                self.style.WARNING(
                    f"  SUPERSEDED by version {report.superseded_by.version} "
                    f"({report.superseded_by.verification_code})."
                )
            )
