from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sites.models import Site, Team

MIN_SCORE = 1
MAX_SCORE = 5
SCORE_VALIDATORS = [MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]


class Bilingual(models.Model):
    """Text kept in English and Norwegian Bokmål; shown in the active language."""

    class Meta:
        abstract = True

    def translated(self, field: str) -> str:
        language = "en" if (get_language() or "nb").startswith("en") else "nb"
        return getattr(self, f"{field}_{language}") or getattr(self, f"{field}_en")

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
    target_group = models.CharField(
        _("target group"), max_length=10, choices=Site.TargetGroup.choices
    )
    item_count = models.PositiveSmallIntegerField(_("number of items"))
    note_en = models.TextField(_("note (English)"), blank=True)
    note_nb = models.TextField(_("note (Norwegian)"), blank=True)
    is_current = models.BooleanField(
        _("current"),
        default=False,
        help_text=_("New reviews of this scale use the current version."),
    )
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
            models.CheckConstraint(condition=Q(item_count__gt=0), name="scale_has_items"),
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


class ScaleBand(Bilingual):
    """A fidelity band: a range of totals with a name (inclusive bounds)."""

    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="bands")
    code = models.SlugField(_("code"), max_length=40)
    min_total = models.PositiveSmallIntegerField(_("lowest total"))
    max_total = models.PositiveSmallIntegerField(_("highest total"))
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=100)

    class Meta:
        verbose_name = _("fidelity band")
        verbose_name_plural = _("fidelity bands")
        ordering = ["scale", "-min_total"]
        constraints = [
            models.UniqueConstraint("scale", "code", name="band_code_unique_in_scale"),
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
    section = models.ForeignKey(ScaleSection, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    measures_en = models.TextField(_("what is measured (English)"))
    measures_nb = models.TextField(_("what is measured (Norwegian)"))
    data_sources = models.JSONField(_("usual data sources"), default=list)
    # For items a number decides (caseload, percentages, days, component
    # counts): how the number maps to a suggested score. See reviews/scale_files.py.
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
        norwegian = not (get_language() or "nb").startswith("en")
        return [NORWEGIAN_SOURCE_CODES.get(c, c) if norwegian else c for c in self.data_sources]


class ItemAnchor(Bilingual):
    """What a score means for one item: the anchor text for 1 to 5."""

    item = models.ForeignKey(ScaleItem, on_delete=models.CASCADE, related_name="anchors")
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    text_en = models.TextField(_("text (English)"))
    text_nb = models.TextField(_("text (Norwegian)"))

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


class Review(models.Model):
    """One fidelity review of a site (or one of its teams) with one scale version."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External review")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SCHEDULED = "scheduled", _("Scheduled")
        RATING = "rating", _("Rating")
        CONSENSUS = "consensus", _("Consensus")
        REPORT = "report", _("Report")
        SIGNED = "signed", _("Signed")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("site")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("team"),
    )
    scale = models.ForeignKey(
        FidelityScale, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("scale")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EXTERNAL)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    due_from = models.DateField(_("due from"))
    due_by = models.DateField(_("due by"))
    visit_start = models.DateField(_("first visit day"), null=True, blank=True)
    visit_end = models.DateField(_("last visit day"), null=True, blank=True)
    reviewer_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews_as_a",
        verbose_name=_("first reviewer"),
    )
    reviewer_b = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews_as_b",
        verbose_name=_("second reviewer"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-due_by", "site__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["external", "self_assessment"]), name="review_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "planned",
                        "scheduled",
                        "rating",
                        "consensus",
                        "report",
                        "signed",
                        "published",
                        "cancelled",
                    ]
                ),
                name="review_status_known",
            ),
            models.CheckConstraint(
                condition=Q(due_from__lte=F("due_by")),
                name="review_due_window_ordered",
                violation_error_message=_("The due window must not end before it starts."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(visit_start__isnull=True, visit_end__isnull=True)
                    | Q(
                        visit_start__isnull=False,
                        visit_end__isnull=False,
                        visit_start__lte=F("visit_end"),
                    )
                ),
                name="review_visit_dates_ordered",
                violation_error_message=_(
                    "A visit needs a first and a last day, and the last is not before the first."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(reviewer_a__isnull=True)
                    | Q(reviewer_b__isnull=True)
                    | ~Q(reviewer_a=F("reviewer_b"))
                ),
                name="review_reviewers_distinct",
                violation_error_message=_("The two reviewers must be different people."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=["planned", "cancelled"])
                    | Q(
                        reviewer_a__isnull=False,
                        reviewer_b__isnull=False,
                        visit_start__isnull=False,
                    )
                ),
                name="review_scheduled_has_reviewers_and_visit",
                violation_error_message=_(
                    "A review past planning needs two reviewers and visit dates."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_by"])]

    def __str__(self) -> str:
        return f"{self.site} ({self.due_from:%Y-%m} – {self.due_by:%Y-%m})"

    @property
    def reviewers(self) -> list:
        return [r for r in (self.reviewer_a, self.reviewer_b) if r is not None]


class Rating(models.Model):
    """One reviewer's own score for one item, hidden from the co-reviewer until both submit."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings"
    )
    item = models.ForeignKey(ScaleItem, on_delete=models.PROTECT, related_name="ratings")
    # Empty while the reviewer has written evidence but not yet chosen a score.
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("No client names: use initials or case numbers."),
    )
    data_sources = models.JSONField(_("data sources"), default=list, blank=True)
    needs_follow_up = models.BooleanField(_("needs follow-up"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["review", "reviewer", "item__number"]
        constraints = [
            models.UniqueConstraint(
                "review", "reviewer", "item", name="rating_unique_per_reviewer_item"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="rating_score_1_5",
                violation_error_message=_("A score is a whole number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} / {self.reviewer} / {self.item.number}: {self.score}"


class ConsensusScore(models.Model):
    """The score both reviewers agree on for one item, with why and what to improve."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="consensus_scores")
    item = models.ForeignKey(ScaleItem, on_delete=models.PROTECT, related_name="consensus_scores")
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    rationale = models.TextField(_("rationale"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consensus score")
        verbose_name_plural = _("consensus scores")
        ordering = ["review", "item__number"]
        constraints = [
            models.UniqueConstraint("review", "item", name="consensus_unique_per_item"),
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="consensus_score_1_5",
                violation_error_message=_("A score is a whole number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} / {self.item.number}: {self.score}"
