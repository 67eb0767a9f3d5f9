"""PAdES signing of a finished PDF, and checking a signed one (pyHanko).

Signing appends an incremental revision: nothing may touch the file after it.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reviews.reports.certificates import SigningIdentity

FIELD_NAME = "ReportSignature"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sign_pdf(pdf: bytes, *, identity: SigningIdentity, reason: str, location: str) -> bytes:
    """Sign the whole document as a PAdES baseline signature with the signing time."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    output = signers.sign_pdf(writer, metadata, signer=identity.signer)
    return output.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What the embedded signature says about a file."""

    present: bool
    intact: bool = False  # the signed bytes are unchanged
    whole_file: bool = False  # nothing was added after the signature
    trusted: bool = False  # made by a certificate we trust
    signer: str = ""
    signed_at: datetime | None = None
    reason: str = ""


def check_signature(pdf: bytes, *, trust_roots) -> SignatureCheck:
    try:
        reader = PdfFileReader(BytesIO(pdf))
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError):
        return SignatureCheck(present=False)
    if len(signatures) != 1:
        return SignatureCheck(present=False)
    signature = signatures[0]
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except (SignatureValidationError, PdfReadError, ValueError):
        return SignatureCheck(present=True)
    reason = signature.sig_object.get("/Reason")
    return SignatureCheck(
        present=True,
        intact=bool(status.intact),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
        reason=str(reason) if reason else "",
    )
