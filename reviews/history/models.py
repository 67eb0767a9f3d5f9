"""What the history part records: where each review from earlier records came from, and
every research export, who made it and with which filters."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipsfidelity.audit import audited
from ipsfidelity.text import no_identity_number
from reviews.rating.models import Review


@pghistory.track(*audited())
class ImportRecord(models.Model):
    """Where a review from the years before this app came from: the file, who brought
    it in, and its reviewers as the file names them (they need not be users here).

    The review itself says when it was imported (Review.imported_at), which keeps it
    out of the live workflow; this is the record beside it.
    """

    review = models.OneToOneField(
        Review,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="import_record",
        verbose_name=_("review"),
    )
    imported_from = models.CharField(_("imported from file"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
        help_text=_("Empty: from the command line."),
    )
    earlier_reviewers = models.CharField(
        _("reviewers (as recorded then)"),
        max_length=300,
        blank=True,
        validators=[no_identity_number],
    )

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")

    def __str__(self) -> str:
        return f"{self.review}: {self.imported_from}"


class ResearchExport(models.Model):
    """One research export: kept so anyone can see who took which data out, and when."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exported by"),
        help_text=_("Empty: from the command line."),
    )
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    filters = models.JSONField(_("filters"), default=dict)
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    row_count = models.PositiveIntegerField(_("rows"))
    stable_pseudonyms = models.BooleanField(
        _("pseudonyms stable across exports"),
        help_text=_("Made with the kept key (RESEARCH_PSEUDONYM_KEY) rather than a new one."),
    )

    class Meta:
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"{self.exported_at:%Y-%m-%d %H:%M} {self.format} ({self.row_count})"

    @property
    def filters_in_words(self) -> str:
        """The filters as a person reads them: "regions nord, vest · 2015-2019 · external"."""
        regions = self.filters.get("regions") or []
        first, last = self.filters.get("year_from"), self.filters.get("year_to")
        kind = self.filters.get("kind") or ""
        parts = [
            gettext("regions %(codes)s") % {"codes": ", ".join(regions)}
            if regions
            else gettext("all regions")
        ]
        if first or last:
            parts.append(f"{first or '…'}–{last or '…'}")
        else:
            parts.append(gettext("all years"))
        parts.append(
            str(dict(Review.Kind.choices).get(kind, kind)) if kind else gettext("both kinds")
        )
        return " · ".join(str(part) for part in parts)
