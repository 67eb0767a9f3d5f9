"""Reports: the text the reviewers write, sign-offs, the signed PDF versions, and who
downloaded them."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipsfidelity.audit import audited
from ipsfidelity.text import no_identity_number
from reviews.rating.models import Review
from reviews.states import ReportStatus


@pghistory.track(*audited())
class ReportText(models.Model):
    """What the reviewers write for the report beside the consensus scores: the
    summary and the strengths (their recommendations are per item, on the consensus
    scores), and why a signed report is being corrected.

    One row per review that has any of it; a review without one has no text yet.
    """

    review = models.OneToOneField(
        Review,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="report_text",
        verbose_name=_("review"),
    )
    summary = models.TextField(_("summary"), blank=True, validators=[no_identity_number])
    strengths = models.TextField(_("strengths"), blank=True, validators=[no_identity_number])
    # Before the reviewers chose their priorities item by item (ConsensusScore.priority)
    # the report had one free text of recommendations. Kept, read-only, for the reviews
    # published then: their web page shows it, as their signed PDF does.
    recommendations = models.TextField(
        _("recommendations (free text, before priorities)"),
        blank=True,
        validators=[no_identity_number],
    )
    # Raised on every change of the text; a save that names an older version is
    # refused, as for consensus scores.
    version = models.PositiveIntegerField(_("report text version"), default=1)
    # Set when a signed report is being corrected; the next report version carries it.
    correction_reason = models.TextField(
        _("reason for the correction"), blank=True, validators=[no_identity_number]
    )

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")

    def __str__(self) -> str:
        return f"{self.review} (text v{self.version})"


@pghistory.track(*audited())
class SignOff(models.Model):
    """One reviewer confirms (with their password) one version of the report."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="signoffs")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signoffs"
    )
    report_version = models.PositiveSmallIntegerField(_("report version"))
    at = models.DateTimeField(_("signed off at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["review", "report_version", "at"]
        constraints = [
            models.UniqueConstraint(
                "review", "reviewer", "report_version", name="signoff_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review} v{self.report_version}: {self.reviewer}"


@pghistory.track(*audited())
class Report(models.Model):
    """One version of a review's report: rendered, signed and stored by a task.

    A signed report is never changed. A correction is a new version with a
    reason; the version it replaces stays downloadable, marked superseded.
    """

    Status = ReportStatus  # reviews/states.py

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    failure_reason = models.TextField(_("why it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("rendering started"), null=True, blank=True)
    correction_reason = models.TextField(
        _("reason for the correction"),
        blank=True,
        help_text=_("Required for version 2 and up."),
        validators=[no_identity_number],
    )
    language = models.CharField(_("language"), max_length=5)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(_("total"), null=True, blank=True)
    band_code = models.CharField(_("band"), max_length=40, blank=True)
    # Each component's total and band as signed, as the summaries keep them:
    # [{"code", "total", "band_code", "good"}]; one for a scale without components
    # (the whole scale's, as total and band_code above), none before signing.
    components = models.JSONField(_("components"), default=list, blank=True)
    certificate_subject = models.CharField(_("certificate"), max_length=300, blank=True)
    # The signing certificate itself: it stays trusted for the reports it
    # signed after the organisation's certificate is replaced.
    certificate_pem = models.TextField(_("certificate (PEM)"), blank=True)
    certificate_sha256 = models.CharField(_("certificate fingerprint"), max_length=64, blank=True)
    timestamped = models.BooleanField(
        _("time-stamped"),
        default=False,
        help_text=_("The signature carries a time from a time-stamping authority (PAdES B-LTA)."),
    )
    development_certificate = models.BooleanField(
        _("development certificate"),
        default=False,
        help_text=_("Signed with the self-made certificate of a test installation."),
    )
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When its task was last handed to the broker (empty: not yet, e.g. the
    # broker was down): the sweep queues a report again from this.
    enqueued_at = models.DateTimeField(_("queued for rendering"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["review", "-version"]
        constraints = [
            models.UniqueConstraint("review", "version", name="report_version_unique"),
            models.UniqueConstraint("sha256", condition=~Q(sha256=""), name="report_sha256_unique"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_reason=""),
                name="report_correction_has_reason",
                violation_error_message=_("A corrected report needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.SIGNED)
                | (~Q(sha256="") & Q(signed_at__isnull=False)),
                name="report_signed_has_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} v{self.version} ({self.get_status_display()})"

    @property
    def download_name(self) -> str:
        """The file's name where it is downloaded: the site, the visit and the version,
        so that each year's report keeps a name of its own (`ips-tromso-2026-12-30-v1.pdf`)."""
        review = self.review
        visit = review.visit_start.isoformat() if review.visit_start else "undated"
        return f"{review.site.code}-{visit}-v{self.version}.pdf"

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None


class ReportDownload(models.Model):
    """Who downloaded which report when: a report is evidence."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_downloads"
    )
    at = models.DateTimeField(_("downloaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.report} – {self.user} – {self.at:%Y-%m-%d %H:%M}"
