"""Signed PDF reports: rendering, PAdES signature, verification, downloads, corrections."""

import os
import shutil
import subprocess
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reviews.rating import services as rating_services
from reviews.rating.models import Review
from reviews.reports import certificates
from reviews.reports import services as report_services
from reviews.reports.models import Report, ReportDownload
from reviews.reports.signing import check_signature
from reviews.reports.verify import verify_code, verify_file
from tests import factories
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(site, reviewer_a, reviewer_b):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    return factories.ready_report(review, reviewer_a, reviewer_b)


@pytest.fixture
def published(ready, reviewer_a, reviewer_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(ready, reviewer_a, reviewer_b)
    ready.refresh_from_db()
    return ready


def the_report(review) -> Report:
    return review.reports.get()


def pdf_bytes(report: Report) -> bytes:
    with report.pdf.open("rb") as handle:
        return handle.read()


def test_the_second_sign_off_renders_signs_and_publishes(site_leader, coordinator, request):
    published = request.getfixturevalue("published")  # after the leader and coordinator exist
    report = the_report(published)
    assert published.status == Review.Status.PUBLISHED
    assert report.status == Report.Status.SIGNED
    data = pdf_bytes(report)
    assert data.startswith(b"%PDF-")
    assert len(report.sha256) == 64 and report.development_certificate
    assert report.total == 100 and report.band_code == "good"
    assert sorted(m.to[0] for m in mail.outbox if "publisert" in m.subject) == sorted(
        [
            site_leader.email,
            coordinator.email,
            published.reviewer_a.email,
            published.reviewer_b.email,
        ]
    )


def test_marking_the_report_ready_asks_the_co_reviewer_to_sign_off_by_mail(
    site, reviewer_a, reviewer_b, django_capture_on_commit_callbacks, client
):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    reviewer_a.language = "en"  # the one who is asked reads English
    reviewer_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        review = factories.ready_report(review, reviewer_a, reviewer_b)  # b marks it ready
    (asked,) = [m for m in mail.outbox if "ready for your sign-off" in m.subject]
    assert asked.to == [reviewer_a.email]  # the co-reviewer of the one who marked it
    assert "Bjørn Evaluator has marked the report text" in asked.body
    link = reverse("reviews:report_signoff", args=[review.pk])
    assert link in asked.body
    # The link opens the sign-off page, where the password signs.
    client.force_login(reviewer_a)
    assert client.get(link).status_code == 200
    client.post(link, {"password": factories.PASSWORD})
    assert review.signoffs.filter(reviewer=reviewer_a).exists()


def test_the_sites_leader_is_told_in_the_sites_language_the_coordinator_in_their_own(
    site,
    site_leader,
    coordinator,
    ready,
    reviewer_a,
    reviewer_b,
    django_capture_on_commit_callbacks,
):
    # The municipality writes Nynorsk; both people chose English for themselves.
    site.report_language = "nn"
    site.save()
    site_leader.language = coordinator.language = "en"
    site_leader.save()
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(ready, reviewer_a, reviewer_b)
    bodies = {m.to[0]: m.body for m in mail.outbox if site.name in m.subject}
    assert "Du kan laste den ned frå sida til tiltaket" in bodies[site_leader.email]
    assert "You can download it from the site's page" in bodies[coordinator.email]


def test_one_sign_off_is_not_enough(ready, reviewer_a):
    report_services.report_sign_off(actor=reviewer_a, review=ready)
    ready.refresh_from_db()
    assert ready.status == Review.Status.REPORT and not ready.reports.exists()
    with pytest.raises(rating_services.WorkflowError):
        report_services.report_sign_off(actor=reviewer_a, review=ready)


def test_the_signature_is_valid_and_covers_the_whole_file(published):
    data = pdf_bytes(the_report(published))
    root = certificates.load_identity().trust_root
    check = check_signature(data, trust_roots=[root])
    assert (check.present, check.intact, check.whole_file, check.trusted) == (True,) * 4
    assert "Anne Evaluator" in check.reason and "Bjørn Evaluator" in check.reason
    assert check.signed_at is not None


def test_pdfsig_agrees_that_the_signature_is_valid(published, tmp_path):
    if shutil.which("pdfsig") is None:
        skip_or_fail("needs poppler's pdfsig (Debian package poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(the_report(published)))
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    out = result.stdout
    assert "Signature is Valid." in out, out
    assert "Total document signed" in out, out
    assert "ETSI.CAdES.detached" in out, out


def test_flipping_one_byte_makes_the_file_not_authentic(published, tmp_path):
    data = bytearray(pdf_bytes(the_report(published)))
    assert verify_file(bytes(data)).authentic
    middle = len(data) // 3
    data[middle] ^= 0x01
    verdict = verify_file(bytes(data))
    assert not verdict.authentic and verdict.problem == "unknown_file"
    check = check_signature(bytes(data), trust_roots=[certificates.load_identity().trust_root])
    assert not (check.intact and check.whole_file)


def test_the_pdf_text_names_the_site_the_total_and_the_band(published, tmp_path):
    if shutil.which("pdftotext") is None:
        skip_or_fail("needs poppler's pdftotext (Debian package poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(the_report(published)))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert published.site.name in text
    assert "Totalskår 100 av 125: God modelltro" in text
    assert the_report(published).verification_code in text
    assert "Side 1/" in text


def test_the_pdf_is_tagged_with_embedded_fonts(published, tmp_path):
    if shutil.which("pdfinfo") is None:
        skip_or_fail("needs poppler's pdfinfo (Debian package poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(the_report(published)))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Page size:       595" in info  # A4
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(" yes " in row.split("Identity-H")[-1] or "yes" in row for row in rows)
    metadata = subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert 'pdfuaid:part="1"' in metadata or "<pdfuaid:part>1<" in metadata


def test_verification_by_code_finds_the_report(published):
    report = the_report(published)
    verdict = verify_code(report.verification_code.lower().replace("-", " "))
    assert verdict.authentic and verdict.report == report
    assert not verify_code("AAAAA-BBBBB").authentic


def test_the_command_line_check(published, tmp_path, capsys):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes(the_report(published)))
    call_command("verify_report", str(path))
    out = capsys.readouterr().out
    assert "AUTHENTIC" in out and published.site.name in out
    data = bytearray(path.read_bytes())
    data[-200] ^= 0x20
    path.write_bytes(bytes(data))
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_report", str(path))
    assert exit_code.value.code == 1
    assert "NOT AUTHENTIC" in capsys.readouterr().err


def test_the_report_task_is_idempotent(published):
    from reviews.reports.tasks import generate_report

    report = the_report(published)
    first_hash, first_name = report.sha256, report.pdf.name
    assert generate_report.apply(args=[report.pk]).get() == "already handled"
    report.refresh_from_db()
    assert (report.sha256, report.pdf.name) == (first_hash, first_name)
    assert Report.objects.filter(review=published).count() == 1


def test_a_failed_report_records_why_and_can_be_retried(
    ready, reviewer_a, reviewer_b, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.SIGNING_PKCS12_PATH = str(tmp_path / "missing.p12")
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(ready, reviewer_a, reviewer_b)
    report = the_report(ready)
    assert report.status == Report.Status.FAILED
    assert "missing.p12" in report.failure_reason
    ready.refresh_from_db()
    assert ready.status == Review.Status.SIGNED

    settings.SIGNING_PKCS12_PATH = ""
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_retry(actor=reviewer_a, report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED and report.attempts == 2


def test_a_correction_is_a_new_version_and_supersedes_the_old(
    published, reviewer_a, reviewer_b, django_capture_on_commit_callbacks
):
    old = the_report(published)
    with pytest.raises(rating_services.WorkflowError, match="hvorfor"):
        report_services.report_correct(actor=reviewer_a, review=published, reason="  ")
    report_services.report_correct(actor=reviewer_a, review=published, reason="Item 7 was misread.")
    published.refresh_from_db()
    factories.complete_consensus(published, reviewer_a, reviewer_b)
    report_services.report_mark_ready(actor=reviewer_a, review=published)
    published.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(published, reviewer_a, reviewer_b)
    new = published.reports.get(version=2)
    old.refresh_from_db()
    assert new.status == Report.Status.SIGNED
    assert new.correction_reason == "Item 7 was misread."
    assert old.superseded_by == new
    verdict = verify_file(pdf_bytes(old))
    assert verdict.authentic and verdict.superseded
    assert not verify_file(pdf_bytes(new)).superseded


def test_a_signed_review_cannot_be_changed(published, reviewer_a, scale):
    item = scale.items.get(number=1)
    with pytest.raises(rating_services.NotAllowed):
        rating_services.consensus_save(
            actor=reviewer_a,
            review=published,
            item=item,
            score=5,
            rationale="",
            recommendation="",
            expected_version=1,
        )
    with pytest.raises(rating_services.NotAllowed):
        report_services.report_save(
            actor=reviewer_a, review=published, summary="x", strengths="", priorities=[]
        )


def test_the_site_leader_downloads_and_the_download_is_recorded(client, published, site_leader):
    report = the_report(published)
    client.force_login(site_leader)
    page = client.get(reverse("sites:site_detail", args=[published.site.pk])).content.decode()
    url = reverse("reviews:report_download", args=[report.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes(report)
    assert ReportDownload.objects.get().user == site_leader
    # Named for the site, the visit and the version: each year's report its own name.
    visit = published.visit_start.isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{published.site.code}-{visit}-v1.pdf"'
    )


@pytest.mark.parametrize("who", ["other_leader", "outsider", "other_coordinator"])
def test_others_get_404_on_the_download(client, published, other_site, who):
    user = {
        "other_leader": lambda: factories.site_leader(other_site),
        "outsider": lambda: factories.UserFactory(),
        "other_coordinator": lambda: factories.coordinator(other_site.region),
    }[who]()
    client.force_login(user)
    url = reverse("reviews:report_download", args=[the_report(published).pk])
    assert client.get(url).status_code == 404
    assert not ReportDownload.objects.exists()


def test_the_verification_page_is_public(client, published):
    report = the_report(published)
    response = client.get(reverse("verify"), {"code": report.verification_code})
    page = response.content.decode()
    assert response.status_code == 200 and published.site.name in page
    response = client.post(reverse("verify"), {"file": _upload(pdf_bytes(report))})
    assert "ekte" in response.content.decode().lower()


def test_the_verification_page_says_a_changed_file_is_not_authentic(client, published):
    data = bytearray(pdf_bytes(the_report(published)))
    data[100] ^= 0x01
    response = client.post(reverse("verify"), {"file": _upload(bytes(data))})
    assert response.status_code == 200
    assert response.context["verdict"].authentic is False


def test_the_verification_page_refuses_a_non_pdf_upload_with_a_message(client, db):
    response = client.post(reverse("verify"), {"file": _upload(b"hello")})
    assert response.context["verdict"].problem == "not_pdf"


def test_the_draft_preview_is_marked_and_unsigned(client, ready, reviewer_a, tmp_path):
    client.force_login(reviewer_a)
    response = client.get(reverse("reviews:report_preview", args=[ready.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert b"/ByteRange" not in data  # no signature
    if shutil.which("pdftotext"):
        path = tmp_path / "draft.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert "UTKAST" in text


def test_the_site_leader_cannot_preview_a_draft(client, ready, site_leader):
    client.force_login(site_leader)
    assert client.get(reverse("reviews:report_preview", args=[ready.pk])).status_code == 404


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("report.pdf", data, content_type="application/pdf")


def test_without_a_configured_certificate_a_development_one_is_made_once(
    settings, tmp_path, caplog
):
    settings.DATA_DIR = tmp_path / "fresh"
    settings.SIGNING_PKCS12_PATH = ""
    first = certificates.load_identity()
    assert first.development and "development report signing" in first.subject
    assert "DEVELOPMENT certificate" in caplog.text
    caplog.clear()
    again = certificates.load_identity()
    assert again.subject == first.subject and "DEVELOPMENT" not in caplog.text
    assert (
        oct((tmp_path / "fresh" / "signing" / "development-signing.p12").stat().st_mode)[-3:]
        == "600"
    )


def test_a_configured_certificate_is_used_and_a_wrong_passphrase_is_reported(settings, tmp_path):
    path = tmp_path / "org.p12"
    path.write_bytes(certificates.make_self_signed_pkcs12("NAV test", b"right"))
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSPHRASE = "right"
    identity = certificates.load_identity()
    assert not identity.development and "NAV test" in identity.subject
    settings.SIGNING_PKCS12_PASSPHRASE = "wrong"
    with pytest.raises(ImproperlyConfigured, match="PASSPHRASE is wrong"):
        certificates.load_identity()


def test_the_review_page_shows_a_failed_report_with_a_retry_button(
    client, ready, reviewer_a, reviewer_b, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SIGNING_PKCS12_PATH = str(tmp_path / "missing.p12")
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(ready, reviewer_a, reviewer_b)
    client.force_login(reviewer_b)
    page = client.get(reverse("reviews:review_detail", args=[ready.pk])).content.decode()
    report = the_report(ready)
    assert "Feilet" in page and "missing.p12" in page
    assert reverse("reviews:report_retry", args=[report.pk]) in page


def test_sign_off_needs_the_reviewers_own_password(client, ready, reviewer_a):
    client.force_login(reviewer_a)
    url = reverse("reviews:report_signoff", args=[ready.pk])
    response = client.post(url, {"password": "not it"})
    assert response.status_code == 400 and "ikke passordet ditt" in response.content.decode()
    assert not ready.signoffs.exists()
    response = client.post(url, {"password": factories.PASSWORD})
    assert response.status_code == 302
    assert ready.signoffs.get().reviewer == reviewer_a


def test_a_site_leader_cannot_sign_off_or_retry(client, ready, site_leader):
    client.force_login(site_leader)
    response = client.post(
        reverse("reviews:report_signoff", args=[ready.pk]), {"password": factories.PASSWORD}
    )
    assert response.status_code == 404
    assert not ready.signoffs.exists()


def test_changing_the_text_after_one_sign_off_withdraws_it(ready, reviewer_a, reviewer_b):
    report_services.report_sign_off(actor=reviewer_a, review=ready)
    ready.refresh_from_db()
    report_services.report_save(
        actor=reviewer_b,
        review=ready,
        summary="Ny tekst som A ikke har sett.",
        strengths=ready.report_text.strengths,
        priorities=factories.lowest_first(ready),
    )
    ready.refresh_from_db()
    assert not ready.signoffs.exists() and ready.ready_for_signoff_at is None
    # B cannot sign off alone now: the text must be marked ready and both sign again.
    with pytest.raises(rating_services.NotAllowed):
        report_services.report_sign_off(actor=reviewer_b, review=ready)
    assert not ready.reports.exists()


def test_the_verification_page_slows_down_one_address_that_checks_too_often(client, settings):
    # A rate of its own: the counter is kept per rate, so other tests' checks do not count.
    settings.VERIFY_RATE = "3/m"
    for _ in range(3):
        assert client.get(reverse("verify"), {"code": "AAAAA-BBBBB"}).status_code == 200
    response = client.get(reverse("verify"), {"code": "AAAAA-BBBBB"})
    assert response.status_code == 429
    assert "For mange" in response.content.decode() or "Too many" in response.content.decode()


def test_an_unknown_file_is_answered_without_checking_its_signature(client, monkeypatch):
    from reviews.reports import verify

    def never(*args, **kwargs):
        raise AssertionError("the signature of a file we never signed was checked")

    monkeypatch.setattr(verify, "check_signature", never)
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n" + b"0" * 200_000, "application/pdf")
    response = client.post(reverse("verify"), {"file": upload})
    assert response.status_code == 200 and 'id="verdict"' in response.content.decode()


def test_an_upload_larger_than_any_report_is_refused_before_it_is_read(client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024))
    response = client.post(reverse("verify"), {"file": big})
    assert response.status_code == 413


def test_the_verification_rate_limit_is_kept_in_the_shared_cache(client, settings, redis_url):
    import redis
    from django.core.cache import caches

    settings.VERIFY_RATE = "2/m"
    client.get(reverse("verify"), {"code": "AAAAA-BBBBB"})
    assert "RedisCache" in type(caches["default"]).__name__
    # Other web processes read the same counter: it is in Redis, not in this process.
    keys = redis.Redis.from_url(redis_url).keys("*rl:*")
    assert keys


def test_guessing_the_sign_off_password_locks_and_ends_the_session(
    client, settings, ready, reviewer_a
):
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(reviewer_a)
    url = reverse("reviews:report_signoff", args=[ready.pk])
    for _ in range(2):
        assert client.post(url, {"password": "guess"}).status_code == 400
    locked = client.post(url, {"password": "guess"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session  # logged out
    # The right password does not help now, and nothing was signed.
    client.force_login(reviewer_a)
    client.post(url, {"password": factories.PASSWORD})
    assert not ready.signoffs.exists()


REVERSING = "Score \u202e5 ot 2\u202c and \u2067isolated\u2069"


def test_bidirectional_controls_never_reach_a_report(ready, reviewer_a, scale):
    """Report text, site and reviewer names are stored (and so signed) without the
    controls that reverse how text reads."""
    review = ready
    report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary=REVERSING,
        strengths=REVERSING,
        priorities=[],
    )
    review.refresh_from_db()
    assert review.report_text.summary == "Score 5 ot 2 and isolated" == review.report_text.strengths
    review.site.name = "IPS \u202eTromsø"
    review.site.save()
    reviewer_a.full_name = "Anne \u2066Evaluator\u2069"
    reviewer_a.save()
    review.site.refresh_from_db()
    reviewer_a.refresh_from_db()
    assert review.site.name == "IPS Tromsø" and reviewer_a.full_name == "Anne Evaluator"


def test_a_signed_report_file_is_private_and_never_cached(client, published, site_leader):
    report = the_report(published)
    assert os.stat(report.pdf.path).st_mode & 0o777 == 0o600
    client.force_login(site_leader)
    response = client.get(reverse("reviews:report_download", args=[report.pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_development_certificate_replaced_later_still_vouches_for_its_reports(
    published, settings, client
):
    from reviews.reports.certificates import make_self_signed_pkcs12
    from reviews.reports.verify import verify_file

    data = pdf_bytes(the_report(published))
    signing = settings.DATA_DIR / "signing"
    (signing / "development-signing.p12").write_bytes(
        make_self_signed_pkcs12("ipsfidelity test", b"another")
    )
    (signing / "development-signing.passphrase").write_bytes(b"another")
    verdict = verify_file(data)
    assert verdict.authentic and verdict.signature.trusted and verdict.certificate_replaced
    upload = SimpleUploadedFile("report.pdf", data, "application/pdf")
    page = client.post(reverse("verify"), {"file": upload}).content.decode()
    assert "erstattet" in page or "replaced" in page


def test_the_pdf_carries_the_structure_pdf_ua_asks_for(published):
    """veraPDF is not installable from the registries this project uses, so the
    PDF/UA claim is checked here: marked content, a structure tree with headings,
    paragraphs and tables, the document's language and title."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf_bytes(the_report(published))))
    catalog = reader.root
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]).startswith("nb")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    metadata = catalog["/Metadata"].get_object().data.decode()
    assert "pdfuaid:part" in metadata and "1" in metadata.split("pdfuaid:part")[1][:10]
    tags: set[str] = set()

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "get"):
            kind = node.get("/S")
            if kind is not None:
                tags.add(str(kind))
            kids = node.get("/K")
            if kids is not None and depth < 40:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object"):
                        walk(kid, depth + 1)

    walk(catalog["/StructTreeRoot"])
    assert {"/H1", "/P", "/Table", "/TR", "/TD"} <= tags, tags
