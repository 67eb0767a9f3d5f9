"""Reports that verify in ten years: a trusted timestamp, the validation data in the
file (PAdES B-LTA), and old certificates trusted for what they signed.

A real local PKI (tests/pki.py) serves the time-stamping authority, the OCSP
responder and the CRLs over HTTP; the results are checked with pyHanko's own
AdES validator and with poppler's pdfsig, never with mocked answers.
"""

import asyncio
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pytest
from asn1crypto import ocsp, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore

from reviews.reports.signing import check_signature
from reviews.reports.verify import verify_file
from tests import factories
from tests.conftest import skip_or_fail
from tests.pki import running_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    with running_pki(tmp_path_factory.mktemp("pki")) as pki:
        yield pki


@pytest.fixture
def organisation(pki, settings, tmp_path):
    """The app configured as production would be: the organisation's certificate, its
    CA's root, and the time-stamping authority."""
    settings.SIGNING_PKCS12_PATH = str(pki.pkcs12("signer", tmp_path / "org.p12", b"secret"))
    settings.SIGNING_PKCS12_PASSPHRASE = "secret"
    settings.SIGNING_TRUST_ROOTS = str(pki.root_pem)
    settings.SIGNING_TSA_URL = pki.tsa_url
    return pki


def publish(site, reviewer_a, reviewer_b, capture):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.ready_report(review, reviewer_a, reviewer_b)
    with capture(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    report = review.reports.get()
    assert report.status == "signed", report.failure_reason
    with report.pdf.open("rb") as handle:
        return report, handle.read()


@pytest.fixture
def signed(organisation, site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks):
    return publish(site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks)


def test_a_report_gets_a_trusted_timestamp_and_a_document_timestamp(signed):
    report, pdf = signed
    signatures = PdfFileReader(BytesIO(pdf)).embedded_signatures
    assert signatures[0].field_name == "ReportSignature"
    assert len(signatures) == 2  # the signature, then the document timestamp (B-LTA)
    unsigned = signatures[0].signer_info["unsigned_attrs"].native
    assert any(attr["type"] == "signature_time_stamp_token" for attr in unsigned)
    assert report.timestamped and report.certificate_sha256


def test_the_file_carries_its_validation_data_and_pyhanko_validates_it_offline(
    organisation, signed
):
    """The chain and fresh OCSP answers for the signer and its CA are in the file, the
    document timestamp covers them, and pyHanko validates both signatures with
    network fetching off (from the file alone)."""
    _report, pdf = signed
    reader = PdfFileReader(BytesIO(pdf))
    dss = reader.root["/DSS"]
    answered = set()
    for ref in dss["/OCSPs"]:
        response = ocsp.OCSPResponse.load(ref.get_object().data)
        for single in response.basic_ocsp_response["tbs_response_data"]["responses"]:
            answered.add(single["cert_id"]["serial_number"].native)
    signer, interm = (organisation.arch.get_cert(label) for label in ("signer", "interm"))
    assert {signer.serial_number, interm.serial_number} <= answered
    embedded = {x509.Certificate.load(ref.get_object().data).sha256 for ref in dss["/Certs"]}
    assert {signer.sha256, interm.sha256} <= embedded

    # Everything the validator may use comes from the file's own DSS.
    context = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {
            "trust_roots": [organisation.root],
            "allow_fetching": False,
            "revocation_mode": "hard-fail",
        }
    )
    signature, document_timestamp = reader.embedded_signatures
    status = off_any_event_loop(lambda: validate_pdf_signature(signature, context))
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert status.modification_level == ModificationLevel.LTA_UPDATES
    stamp = off_any_event_loop(
        lambda: validate_pdf_timestamp(document_timestamp, validation_context=context)
    )
    assert stamp.valid and stamp.intact


def off_any_event_loop(work):
    """pyHanko's synchronous calls start an event loop, which Python refuses where one
    runs (the browser tests' driver leaves one in the process); the app's own calls see
    to that themselves, the test's direct ones run in a thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def test_pdfsig_finds_the_signature_valid_and_the_document_timestamp(signed, tmp_path):
    """poppler checks the report's signature; it lists the document timestamp but
    does not verify RFC 3161 timestamps itself (pyHanko does, above)."""
    if shutil.which("pdfsig") is None:
        skip_or_fail("needs poppler's pdfsig (Debian package poppler-utils)")
    _report, pdf = signed
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    first, timestamp = out.split("Signature #2:")
    assert "ETSI.CAdES.detached" in first and "Signature is Valid." in first, out
    assert "Test Time Stamping Authority" in timestamp, out


def test_the_verify_page_says_authentic_and_time_stamped(signed):
    _report, pdf = signed
    verdict = verify_file(pdf)
    assert verdict.authentic and verdict.signature.timestamped_at is not None
    assert not verdict.certificate_replaced


def test_a_signature_is_checked_where_an_event_loop_runs(organisation, signed):
    """In an async server, or a process a browser driver runs in, the thread has a
    loop running, where pyHanko's own would be refused; the check still works there."""
    _report, pdf = signed

    async def check():
        return check_signature(pdf, trust_roots=[organisation.root])

    # In a thread of its own: the browser tests' driver may already run a loop here.
    checked = off_any_event_loop(lambda: asyncio.run(check()))
    assert checked.intact and checked.trusted and checked.timestamped_at is not None


def test_after_the_certificate_is_replaced_old_reports_still_verify_and_say_so(
    organisation,
    settings,
    tmp_path,
    site,
    reviewer_a,
    reviewer_b,
    django_capture_on_commit_callbacks,
):
    old, old_pdf = publish(site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks)
    settings.SIGNING_PKCS12_PATH = str(
        organisation.pkcs12("signer2", tmp_path / "new.p12", b"secret")
    )
    verdict = verify_file(old_pdf)
    assert verdict.authentic and verdict.signature.trusted
    assert verdict.certificate_replaced
    assert verdict.report.certificate_subject == old.certificate_subject
