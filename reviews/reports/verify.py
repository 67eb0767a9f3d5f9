"""Is this an authentic, unmodified report from this system, and is it current?

A file is authentic when it is byte for byte a report this system signed (its
SHA-256 is on record) and its embedded signature is intact and covers the
whole file. A verification code only finds the report it was printed on.
"""

from dataclasses import dataclass

from asn1crypto import pem, x509
from django.db.models import QuerySet

from reviews.reports import certificates
from reviews.reports.generate import normalise_code
from reviews.reports.models import Report
from reviews.reports.signing import SignatureCheck, check_signature, sha256_hex

# A signed report is a few hundred kilobytes; nothing of ours comes near this.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Verdict:
    authentic: bool
    report: Report | None = None
    signature: SignatureCheck | None = None
    problem: str = ""  # a short machine-readable reason when not authentic

    @property
    def superseded(self) -> bool:
        return bool(self.report and self.report.is_superseded)

    @property
    def certificate_replaced(self) -> bool:
        """Signed with a certificate the organisation has since replaced."""
        recorded = self.report.certificate_sha256 if self.report else ""
        return bool(recorded) and recorded != certificates.load_identity().fingerprint


def trust_roots_for(report: Report) -> list[x509.Certificate]:
    roots = list(certificates.load_identity().trust_roots)
    if report.certificate_pem:
        _type, _headers, der = pem.unarmor(report.certificate_pem.encode())
        recorded = x509.Certificate.load(der)
        if certificates.is_self_signed(recorded):
            roots.append(recorded)
    return roots


def _signed_reports() -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.SIGNED).select_related(
        "review__site__region", "review__scale", "superseded_by"
    )


def verify_code(code: str) -> Verdict:
    report = _signed_reports().filter(verification_code=normalise_code(code)).first()
    if report is None:
        return Verdict(authentic=False, problem="unknown_code")
    return Verdict(authentic=True, report=report)


def verify_file(data: bytes) -> Verdict:
    if not data.startswith(b"%PDF-"):
        return Verdict(authentic=False, problem="not_pdf")
    # The hash first: a file we never signed is answered at once, without the
    # costly signature check an anonymous visitor could otherwise make us run
    # over and over.
    report = _signed_reports().filter(sha256=sha256_hex(data)).first()
    if report is None:
        return Verdict(authentic=False, problem="unknown_file")
    # The certificate that signed this report stays trusted for it after the
    # organisation's certificate has been replaced.
    signature = check_signature(data, trust_roots=trust_roots_for(report))
    if not (signature.present and signature.intact and signature.whole_file):
        return Verdict(authentic=False, report=report, signature=signature, problem="signature")
    return Verdict(authentic=True, report=report, signature=signature)
