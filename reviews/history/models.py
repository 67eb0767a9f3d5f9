"""What the history part records: every research export, who made it and with which filters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews.rating.models import Review


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
