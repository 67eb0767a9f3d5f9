"""PAdES signing of a finished PDF, and checking a signed one (pyHanko).

Signing appends an incremental revision: nothing may touch the file after it
but the validation data and the document timestamp that make it last
(PAdES B-LT and B-LTA).
"""

import asyncio
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from typing import TypeVar

from asn1crypto.x509 import Certificate
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reviews.reports.certificates import SigningIdentity

FIELD_NAME = "ReportSignature"
T = TypeVar("T")

TSA_TIMEOUT_SECONDS = 20


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sign_pdf(
    pdf: bytes, *, identity: SigningIdentity, reason: str, location: str, tsa_url: str = ""
) -> bytes:
    """Sign the whole document as a PAdES signature.

    With a time-stamping authority (tsa_url) the signature gets a trusted
    time, the certificate chain and its revocation data (OCSP responses or
    CRLs, fetched now) are embedded, and a document timestamp over them
    closes the file (PAdES B-LTA): it can be validated long after the
    certificate has expired or its CA is gone. Without one (a test
    installation) it is a plain B-B signature over the whole file, and its
    time is the signer's own claim.
    """
    context = (
        ValidationContext(
            trust_roots=identity.trust_roots,
            other_certs=list(identity.chain),
            allow_fetching=True,
            revocation_mode="soft-fail",
            # Answers fetched now may carry a time a few seconds past the moment
            # validation started (a busy signer, the responder's own clock):
            # with the default 1 s such a fresh answer counted as "too recent".
            time_tolerance=timedelta(seconds=60),
        )
        if tsa_url
        else None
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=bool(tsa_url),
        use_pades_lta=bool(tsa_url),
        validation_context=context,
    )
    timestamper = (
        timestamps.HTTPTimeStamper(tsa_url, timeout=TSA_TIMEOUT_SECONDS) if tsa_url else None
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))

    def sign() -> BytesIO:
        signed: BytesIO = signers.sign_pdf(
            writer, metadata, signer=identity.signer, timestamper=timestamper
        )
        return signed

    return bytes(_outside_any_event_loop(sign).getvalue())


def _outside_any_event_loop(work: Callable[[], T]) -> T:
    """pyHanko's synchronous API (signing, validating) runs an event loop of its own,
    which Python refuses in a thread that already runs one (an async server, a browser
    driver in the same process): there the work is done in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@dataclass(frozen=True)
class SignatureCheck:
    """What the embedded signature says about a file."""

    present: bool
    intact: bool = False  # the signed bytes are unchanged
    whole_file: bool = False  # nothing but validation data and timestamps was added after it
    trusted: bool = False  # made by a certificate we trust
    signer: str = ""
    signer_fingerprint: str = ""
    signed_at: datetime | None = None
    timestamped_at: datetime | None = None  # from a time-stamping authority
    reason: str = ""


def check_signature(pdf: bytes, *, trust_roots: list[Certificate]) -> SignatureCheck:
    try:
        reader = PdfFileReader(BytesIO(pdf))
        signatures = [s for s in reader.embedded_signatures if s.field_name == FIELD_NAME] or list(
            reader.embedded_signatures
        )
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError):
        return SignatureCheck(present=False)
    if len(signatures) != 1:
        return SignatureCheck(present=False)
    signature = signatures[0]
    context = ValidationContext(
        trust_roots=list(trust_roots), allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = _outside_any_event_loop(lambda: validate_pdf_signature(signature, context))
    except (SignatureValidationError, PdfReadError, ValueError):
        return SignatureCheck(present=True)
    reason = signature.sig_object.get("/Reason")
    only_lta_additions = (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
    )
    timestamp = status.timestamp_validity
    return SignatureCheck(
        present=True,
        intact=bool(status.intact),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE or only_lta_additions,
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signer_fingerprint=(
            hashlib.sha256(status.signing_cert.dump()).hexdigest() if status.signing_cert else ""
        ),
        signed_at=status.signer_reported_dt,
        timestamped_at=timestamp.timestamp if timestamp else None,
        reason=str(reason) if reason else "",
    )
