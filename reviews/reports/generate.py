"""Render, sign and store one report version: the body of the Celery task.

Safe to run twice and from two workers at once: a run first claims the
report (queued or failed -> rendering) with a conditional UPDATE, and a
signed report is never touched again.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reviews.rating import selectors, summaries
from reviews.rating.models import Review
from reviews.reports import certificates, notifications, render, signing
from reviews.reports.models import Report, ReportText, SignOff

logger = logging.getLogger(__name__)


def stale_claim() -> timedelta:
    """A claim older than this is taken to be from a worker that died mid-render
    (REPORT_STALE_SECONDS; a render takes seconds)."""
    return timedelta(seconds=settings.REPORT_STALE_SECONDS)


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U


def new_verification_code() -> str:
    """Ten characters in two groups, easy to read aloud and type: e.g. 'K7QX4-M2HNP'."""
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        if not Report.objects.filter(verification_code=code).exists():
            return code


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{cleaned[:5]}-{cleaned[5:]}" if len(cleaned) == 10 else code.strip().upper()


class AlreadyHandled(Exception):
    """Another run has signed this report, or is rendering it right now."""


def claim(report_id: int) -> Report:
    now = timezone.now()
    claimed = (
        Report.objects.filter(pk=report_id)
        .filter(status__in=[Report.Status.QUEUED, Report.Status.FAILED])
        .update(
            status=Report.Status.RENDERING,
            started_at=now,
            failure_reason="",
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        claimed = Report.objects.filter(
            pk=report_id, status=Report.Status.RENDERING, started_at__lt=now - stale_claim()
        ).update(started_at=now, attempts=F("attempts") + 1)
    if not claimed:
        raise AlreadyHandled(report_id)
    return Report.objects.select_related("review__site", "review__scale").get(pk=report_id)


def generate(report_id: int) -> Report:
    """Render the final PDF, sign it, store it, publish the review."""
    report = claim(report_id)
    review = report.review
    signoffs = list(
        SignOff.objects.filter(review=review, report_version=report.version)
        .select_related("reviewer")
        .order_by("at")
    )
    html = render.report_html(
        render.ReportInput(
            review=review,
            language=report.language,
            verification_code=report.verification_code,
            version=report.version,
            correction_reason=report.correction_reason,
            draft=False,
        )
    )
    pdf = render.render_pdf(html)
    identity = certificates.load_identity()
    with translation.override(report.language):
        names = "; ".join(
            f"{s.reviewer} ({timezone.localtime(s.at):%Y-%m-%d %H:%M})" for s in signoffs
        )
        reason = _("Fidelity report signed off by %(names)s") % {"names": names}
    signed = signing.sign_pdf(
        pdf,
        identity=identity,
        reason=reason,
        location=review.site.region.resource_centre,
        tsa_url=settings.SIGNING_TSA_URL,
    )
    summary = selectors.consensus_summary(review=review)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == Report.Status.SIGNED:  # someone else finished first
            return report
        report.pdf.save(
            f"ipsfidelity-report-{review.pk}-v{report.version}.pdf",
            ContentFile(signed),
            save=False,
        )
        report.sha256 = signing.sha256_hex(signed)
        report.signed_at = timezone.now()
        report.status = Report.Status.SIGNED
        report.total = summary.total
        report.band_code = summary.band.code if summary.band else ""
        report.components = summaries.component_rows(summary.components)
        report.certificate_subject = identity.subject
        report.certificate_pem = identity.pem
        report.certificate_sha256 = identity.fingerprint
        report.timestamped = bool(settings.SIGNING_TSA_URL)
        report.development_certificate = identity.development
        report.save()
        previous = Report.objects.filter(
            review=review, status=Report.Status.SIGNED, version__lt=report.version
        ).filter(superseded_by__isnull=True)
        for old in previous:
            old.superseded_by = report
            old.save(update_fields=["superseded_by"])
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.PUBLISHED, updated_at=timezone.now()
        )
        ReportText.objects.filter(review=review).update(correction_reason="")
        summaries.refresh_summaries([review.pk])
        notifications.report_published(report=report)
    return report


def stuck_reports() -> list[int]:
    """Reports that no worker will render unless queued again: never handed to the
    broker (it was down), handed over long ago and still waiting (the message
    was lost), or claimed by a worker that died mid-render. Queuing one twice is
    harmless: the claim lets one run render it."""
    now = timezone.now()
    waited_long = now - timedelta(seconds=settings.REPORT_REQUEUE_SECONDS)
    return list(
        Report.objects.filter(
            Q(status=Report.Status.QUEUED, enqueued_at__isnull=True)
            | Q(status=Report.Status.QUEUED, enqueued_at__lt=waited_long)
            | Q(status=Report.Status.RENDERING, started_at__lt=now - stale_claim())
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def fail(report_id: int, reason: str) -> None:
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.SIGNED).update(
        status=Report.Status.FAILED, failure_reason=reason[:2000]
    )
