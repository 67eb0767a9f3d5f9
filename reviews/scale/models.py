"""The fidelity scale as data: versions, components, bands, sections, items and anchors."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reviews.scoring import MAX_SCORE as MAX_SCORE
from reviews.scoring import MIN_SCORE as MIN_SCORE
from sites.models import Site

SCORE_VALIDATORS = [MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]


def text_language() -> str:
    """Which of the scale's texts to show: "en", "nn" or "nb" (the default)."""
    language = get_language() or "nb"
    return "en" if language.startswith("en") else "nn" if language.startswith("nn") else "nb"


def _in_order_of_preference() -> tuple[str, ...]:
    """Nynorsk falls back on Bokmål, where a scale file has no Nynorsk yet."""
    language = text_language()
    return ("nn", "nb", "en") if language == "nn" else (language, "en")


def scale_text(texts: Mapping[str, Any], key: str) -> Any:
    """A text of a scale's data (a threshold's label, its components) in the active
    language: `key_nn`, `key_nb` or `key_en`, whichever the data has first."""
    for language in _in_order_of_preference():
        if texts.get(f"{key}_{language}"):
            return texts[f"{key}_{language}"]
    return texts.get(f"{key}_en", "")


class Bilingual(models.Model):
    """Text kept in English and Norwegian Bokmål, and Nynorsk where the scale file has
    it; shown in the active language."""

    class Meta:
        abstract = True

    def translated(self, field: str) -> str:
        for language in _in_order_of_preference():
            text = getattr(self, f"{field}_{language}", "")
            if text:
                return str(text)
        return str(getattr(self, f"{field}_en"))

    @property
    def name(self) -> str:
        return self.translated("name")


class FidelityScale(Bilingual):
    """One version of a fidelity scale (IPS-25, IPS-Y ...), loaded from a data file.

    A review keeps the version it was scored with, so a corrected manual is a
    new version, never an edit of one that reviews use.
    """

    code = models.CharField(_("code"), max_length=20)
    version = models.CharField(_("version"), max_length=20)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=200, blank=True)
    target_group = models.CharField(
        _("target group"), max_length=10, choices=Site.TargetGroup.choices
    )
    item_count = models.PositiveSmallIntegerField(_("number of items"))
    # A scale in components has a good-fidelity total per component instead (and
    # none here): the cadence then reads the summaries' good_fidelity.
    good_fidelity_from = models.PositiveSmallIntegerField(
        _("good fidelity from a total of"),
        null=True,
        blank=True,
        help_text=_("A site at or above this total is reviewed at the longer interval."),
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_nb = models.TextField(_("note (Norwegian)"), blank=True)
    note_nn = models.TextField(_("note (Nynorsk)"), blank=True)
    is_current = models.BooleanField(
        _("current"),
        default=False,
        help_text=_("New reviews of this scale use the current version."),
    )
    # A version made current from a day set ahead: the nightly task makes it current on
    # that day (and clears this), so the switch can be announced before it happens.
    becomes_current_on = models.DateField(_("becomes current on"), null=True, blank=True)
    source_file = models.CharField(_("loaded from"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fidelity scale")
        verbose_name_plural = _("fidelity scales")
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint("code", "version", name="scale_code_version_unique"),
            models.UniqueConstraint(
                "code", condition=Q(is_current=True), name="scale_one_current_version"
            ),
            # A current version has nothing left to wait for.
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(becomes_current_on__isnull=True),
                name="scale_current_waits_for_no_day",
            ),
            models.CheckConstraint(condition=Q(item_count__gt=0), name="scale_has_items"),
            models.CheckConstraint(
                condition=Q(good_fidelity_from__isnull=True)
                | Q(good_fidelity_from__gte=F("item_count") * MIN_SCORE)
                & Q(good_fidelity_from__lte=F("item_count") * MAX_SCORE),
                name="scale_good_fidelity_within_totals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def note(self) -> str:
        return self.translated("note")

    @property
    def min_total(self) -> int:
        return self.item_count * MIN_SCORE

    @property
    def max_total(self) -> int:
        return self.item_count * MAX_SCORE


class ScaleComponent(Bilingual):
    """A part of a scale with its own total, bands and good-fidelity total (IPS-Y has
    two: employment and education). A scale whose file names no components has one,
    named after the scale, holding every item: nothing changes for it."""

    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=200, blank=True)
    good_fidelity_from = models.PositiveSmallIntegerField(
        _("good fidelity from (total)"), null=True, blank=True
    )
    read_by_cadence = models.BooleanField(
        _("read by the cadence"),
        default=True,
        help_text=_("Whether good fidelity here lets the site wait longer for its next review."),
    )
    compared_with = models.CharField(
        _("compared with"),
        max_length=20,
        blank=True,
        choices=[("employment", _("employment rate")), ("education", _("education rate"))],
        help_text=_("What its total is set against on the fidelity-and-employment page."),
    )

    class Meta:
        verbose_name = _("scale component")
        verbose_name_plural = _("scale components")
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint("scale", "position", name="component_position_unique"),
            models.UniqueConstraint("scale", "code", name="component_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ScaleBand(Bilingual):
    """A fidelity band of one component: a range of its totals with a name (inclusive
    bounds)."""

    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="bands")
    component = models.ForeignKey(ScaleComponent, on_delete=models.CASCADE, related_name="bands")
    code = models.SlugField(_("code"), max_length=40)
    min_total = models.PositiveSmallIntegerField(_("lowest total"))
    max_total = models.PositiveSmallIntegerField(_("highest total"))
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=100)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("fidelity band")
        verbose_name_plural = _("fidelity bands")
        ordering = ["scale", "-min_total"]
        constraints = [
            models.UniqueConstraint("component", "code", name="band_code_unique_in_component"),
            models.CheckConstraint(
                condition=Q(min_total__lte=F("max_total")), name="band_bounds_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.min_total}–{self.max_total})"


class ScaleSection(Bilingual):
    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=100)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("scale section")
        verbose_name_plural = _("scale sections")
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint("scale", "position", name="section_position_unique"),
            models.UniqueConstraint("scale", "code", name="section_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class DataSource(models.TextChoices):
    """Where evidence for an item comes from; the Norwegian form uses other codes."""

    RECORDS = "MIS", _("MIS: management information system / administrative data")
    DOCUMENTS = "DOC", _("DOC: documents and client records")
    INTERVIEW = "INT", _("INT: interviews")
    OBSERVATION = "OBS", _("OBS: observation")


# The Norwegian form writes ADM (administrative data) and DOK (documents).
NORWEGIAN_SOURCE_CODES = {"MIS": "ADM", "DOC": "DOK", "INT": "INT", "OBS": "OBS"}


class ScaleItem(Bilingual):
    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="items")
    component = models.ForeignKey(ScaleComponent, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(ScaleSection, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=200, blank=True)
    measures_en = models.TextField(_("what is measured (English)"))
    measures_nb = models.TextField(_("what is measured (Norwegian)"))
    measures_nn = models.TextField(_("what is measured (Nynorsk)"), blank=True)
    data_sources = models.JSONField(_("usual data sources"), default=list)
    # For items a number decides (caseload, percentages, days, component
    # counts): how the number maps to a suggested score. See reviews/scale/files.py.
    threshold = models.JSONField(_("threshold"), null=True, blank=True)

    class Meta:
        verbose_name = _("scale item")
        verbose_name_plural = _("scale items")
        ordering = ["scale", "number"]
        constraints = [
            models.UniqueConstraint("scale", "number", name="item_number_unique"),
            models.UniqueConstraint("scale", "code", name="item_code_unique"),
            models.CheckConstraint(condition=Q(number__gt=0), name="item_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def measures(self) -> str:
        return self.translated("measures")

    @property
    def data_source_labels(self) -> list[str]:
        """The data-source codes as the form in the active language writes them."""
        if text_language() == "en":
            return list(self.data_sources)
        return [NORWEGIAN_SOURCE_CODES.get(code, code) for code in self.data_sources]


class ItemAnchor(Bilingual):
    """What a score means for one item: the anchor text for 1 to 5."""

    item = models.ForeignKey(ScaleItem, on_delete=models.CASCADE, related_name="anchors")
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    text_en = models.TextField(_("text (English)"))
    text_nb = models.TextField(_("text (Norwegian)"))
    text_nn = models.TextField(_("text (Nynorsk)"), blank=True)

    class Meta:
        verbose_name = _("anchor")
        verbose_name_plural = _("anchors")
        ordering = ["item", "score"]
        constraints = [
            models.UniqueConstraint("item", "score", name="anchor_unique_per_score"),
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE), name="anchor_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.text}"

    @property
    def text(self) -> str:
        return self.translated("text")


class SiteScaleChoice(models.Model):
    """Which scale (by code) a site is reviewed on, chosen by its coordinator from the
    current scales for its target group. The latest choice counts; the earlier ones
    are its history, never edited. A site that never chose takes the one current
    scale of its group, when there is only one."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="scale_choices", verbose_name=_("site")
    )
    code = models.CharField(_("scale"), max_length=20)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    chosen_at = models.DateTimeField(_("chosen at"), default=timezone.now)

    class Meta:
        verbose_name = _("scale chosen for a site")
        verbose_name_plural = _("scales chosen for sites")
        ordering = ["site", "-chosen_at", "-pk"]
        indexes = [models.Index(fields=["site", "-chosen_at"], name="scale_choice_site_latest")]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="scale_choice_names_a_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.code}"
