"""A review of one site, its pre-visit data, and the scores given in it."""

from datetime import datetime

import pghistory
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ipsfidelity.accounts.models import User
from ipsfidelity.audit import audited
from ipsfidelity.text import no_identity_number
from reviews.scale.models import MAX_SCORE, MIN_SCORE, SCORE_VALIDATORS, FidelityScale, ScaleItem
from reviews.states import BEFORE_VISIT_SCORING, OPEN, ReviewKind, ReviewStatus
from sites.models import Site, Team


@pghistory.track(*audited())
class Review(models.Model):
    """One fidelity review of a site (or one of its teams) with one scale version."""

    # The states and kinds live in reviews/states.py, below the rules that read them.
    Kind = ReviewKind
    Status = ReviewStatus

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
    # Each reviewer's own ratings are final once they submit them; the
    # co-reviewer's stay hidden until both have.
    submitted_a_at = models.DateTimeField(_("first reviewer submitted"), null=True, blank=True)
    submitted_b_at = models.DateTimeField(_("second reviewer submitted"), null=True, blank=True)
    # Consensus ends only when both reviewers say so: the first marks it
    # complete, the other confirms. A change to the consensus clears the mark.
    consensus_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consensus marked complete by"),
    )
    consensus_marked_at = models.DateTimeField(
        _("consensus marked complete at"), null=True, blank=True
    )
    # The report text is the reports part's (reviews.reports.models.ReportText); the
    # mark that it is finished is the workflow's: it opens the sign-off.
    ready_for_signoff_at = models.DateTimeField(_("ready for sign-off"), null=True, blank=True)
    ready_for_signoff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked ready by"),
    )
    # Who made the review: the scheduler (whose untouched plans move when a site's
    # history changes) or a person. Its proposal of reviewers is planning's own
    # (reviews.planning.models.PlannerProposal).
    planned_automatically = models.BooleanField(_("planned by the scheduler"), default=False)
    # A review from the years before this app, brought in from a file: it is
    # published with its consensus scores and never enters the live workflow.
    # Which file, by whom and its reviewers as recorded then are the history
    # part's (reviews.history.models.ImportRecord).
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-due_by", "site__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=list(ReviewKind)), name="review_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=list(ReviewStatus)), name="review_status_known"
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
                    Q(status__in=[ReviewStatus.PLANNED, ReviewStatus.CANCELLED])
                    | Q(
                        reviewer_a__isnull=False,
                        reviewer_b__isnull=False,
                        visit_start__isnull=False,
                    )
                    # Earlier records name their reviewers as text, if at all.
                    | Q(imported_at__isnull=False, visit_start__isnull=False)
                    # The site scores itself: no reviewers, a start day.
                    | Q(kind=ReviewKind.SELF_ASSESSMENT, visit_start__isnull=False)
                ),
                name="review_scheduled_has_reviewers_and_visit",
                violation_error_message=_(
                    "A review past planning needs two reviewers and visit dates."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=[*BEFORE_VISIT_SCORING, ReviewStatus.CANCELLED])
                    | Q(submitted_a_at__isnull=False, submitted_b_at__isnull=False)
                    | Q(imported_at__isnull=False)
                    # One shared set of scores, no blind rating to submit first.
                    | Q(kind=ReviewKind.SELF_ASSESSMENT)
                ),
                name="review_consensus_after_both_submitted",
                violation_error_message=_(
                    "Consensus starts only when both reviewers have submitted their ratings."
                ),
            ),
            # At most one open external review per site, its teams included:
            # the planner can run twice at once (two beat processes, two
            # workers) and still never plan a site twice, and a team is never
            # reviewed beside its site.
            models.UniqueConstraint(
                "site",
                condition=Q(kind=ReviewKind.EXTERNAL, status__in=list(OPEN)),
                name="review_one_open_external_per_site",
                violation_error_message=_("This site already has an open review."),
            ),
            models.CheckConstraint(
                condition=Q(imported_at__isnull=True) | Q(status=ReviewStatus.PUBLISHED),
                name="review_imported_is_published",
            ),
            # A site scores itself once at a time; the one in progress is finished
            # (published) before the next starts.
            models.UniqueConstraint(
                "site",
                condition=Q(kind=ReviewKind.SELF_ASSESSMENT, status=ReviewStatus.RATING),
                name="review_one_open_self_assessment_per_site",
                violation_error_message=_("This site already has a self-assessment in progress."),
            ),
            # Reviewers come from outside the site; a self-assessment has none.
            models.CheckConstraint(
                condition=Q(kind=ReviewKind.EXTERNAL)
                | Q(reviewer_a__isnull=True, reviewer_b__isnull=True),
                name="review_self_assessment_has_no_reviewers",
            ),
            models.CheckConstraint(
                condition=(
                    Q(consensus_marked_by__isnull=True, consensus_marked_at__isnull=True)
                    | Q(
                        consensus_marked_by__isnull=False,
                        consensus_marked_at__isnull=False,
                        status=ReviewStatus.CONSENSUS,
                    )
                ),
                name="review_consensus_mark_while_in_consensus",
            ),
            # Importing the same file twice, or two imports at once, cannot
            # record the same earlier review twice.
            models.UniqueConstraint(
                "site",
                "kind",
                "visit_start",
                condition=Q(imported_at__isnull=False),
                name="review_imported_once",
                violation_error_message=_(
                    "This site already has a review of this kind on this date."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_by"]),
            # The API lists reviews and reports newest due first, a page at a time:
            # read backwards along this index instead of sorting every review.
            models.Index(fields=["due_by", "id"], name="review_due_by"),
            # The boards and home pages read the open reviews by due date: among twenty
            # years of published ones, an index of only the open ones.
            models.Index(
                fields=["due_by"],
                condition=Q(status__in=OPEN),
                name="review_open_due_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} ({self.due_from:%Y-%m} – {self.due_by:%Y-%m})"

    @property
    def reviewers(self) -> list[User]:
        return [r for r in (self.reviewer_a, self.reviewer_b) if r is not None]

    def is_reviewer(self, user: User | AnonymousUser) -> bool:
        return user.pk is not None and user.pk in (self.reviewer_a_id, self.reviewer_b_id)

    def submitted_at(self, user: User | AnonymousUser) -> datetime | None:
        """When this reviewer submitted their ratings (None: not yet, or not a reviewer)."""
        if user.pk == self.reviewer_a_id:
            return self.submitted_a_at
        if user.pk == self.reviewer_b_id:
            return self.submitted_b_at
        return None

    @property
    def is_imported(self) -> bool:
        return self.imported_at is not None

    @property
    def both_submitted(self) -> bool:
        return self.submitted_a_at is not None and self.submitted_b_at is not None

    def co_reviewer(self, user: User | AnonymousUser) -> User | None:
        if user.pk == self.reviewer_a_id:
            return self.reviewer_b
        if user.pk == self.reviewer_b_id:
            return self.reviewer_a
        return None


class PreVisitData(models.Model):
    """Numbers the site sends before the visit, turned into suggested scores.

    Keyed by the metric names of the scale's thresholds, so a new scale
    version with other metrics needs no new columns.
    """

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="previsit")
    measurements = models.JSONField(_("measurements"), default=dict, blank=True)
    components = models.JSONField(_("components present"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[no_identity_number])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pre-visit data")
        verbose_name_plural = _("pre-visit data")

    def __str__(self) -> str:
        return f"{self.review}: {len(self.measurements)} measurements"


@pghistory.track(*audited())
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
        validators=[no_identity_number],
    )
    data_sources = models.JSONField(_("data sources"), default=list, blank=True)
    needs_follow_up = models.BooleanField(_("needs follow-up"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised on every save. A change queued on a device names the version it was
    # made on; if the reviewer saved the item since from another tab or device,
    # the change is refused and both are shown, never written over unseen.
    version = models.PositiveIntegerField(_("version"), default=1)

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


# At most this many recommendations on the report's first page: a board reads a few.
MAX_PRIORITIES = 5


@pghistory.track(*audited())
class ConsensusScore(models.Model):
    """The score both reviewers agree on for one item, with why and what to improve."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="consensus_scores")
    item = models.ForeignKey(ScaleItem, on_delete=models.PROTECT, related_name="consensus_scores")
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    rationale = models.TextField(_("rationale"), blank=True, validators=[no_identity_number])
    recommendation = models.TextField(
        _("recommendation"), blank=True, validators=[no_identity_number]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Scores from earlier records come without the recommendations this app
    # asks for; nothing else may skip them.
    imported = models.BooleanField(_("from earlier records"), default=False)
    # A self-assessment's scores come with the site's own notes; a
    # recommendation is the reviewers' to give, so none is required.
    self_assessed = models.BooleanField(_("from a self-assessment"), default=False)
    # Raised on every save; a save that names an older version is refused, so
    # two reviewers editing the same item never overwrite each other unseen.
    version = models.PositiveIntegerField(_("version"), default=1)
    # The reviewers' choice of the few recommendations that matter most, in order:
    # the report's first page lists them. Chosen with the report text.
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=Q(score=MAX_SCORE)
                | ~Q(recommendation="")
                | Q(imported=True)
                | Q(self_assessed=True),
                name="consensus_below_5_has_recommendation",
                violation_error_message=_("Every item scored below 5 needs a recommendation."),
            ),
            models.CheckConstraint(
                condition=Q(priority__isnull=True)
                | Q(priority__gte=1, priority__lte=MAX_PRIORITIES),
                name="consensus_priority_1_5",
                violation_error_message=_("Choose at most five priorities."),
            ),
            models.UniqueConstraint("review", "priority", name="consensus_one_item_per_priority"),
            models.CheckConstraint(
                condition=Q(priority__isnull=True) | ~Q(recommendation=""),
                name="consensus_priority_has_recommendation",
                violation_error_message=_("Only an item with a recommendation can be a priority."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} / {self.item.number}: {self.score}"


class ReviewSummary(models.Model):
    """The figures of one published review, kept so that pages reading all history
    (national bands per year, the heatmap, the planner's last totals) read one
    row per review instead of summing every score.

    A row exists exactly while its review is published: written when a report
    is published or a review imported, removed when a correction reopens the
    review (reviews/rating/summaries.py). Derived data: never edited by hand.
    """

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Review.Kind.choices)
    visit_start = models.DateField(null=True)
    visit_year = models.PositiveSmallIntegerField(null=True)
    total = models.PositiveSmallIntegerField(null=True)
    band_code = models.CharField(max_length=40, blank=True)
    # Subtotal per section code.
    section_totals = models.JSONField(default=dict)
    # Each component's result, in the scale's order: {"code", "total", "band_code",
    # "good"}; one for a scale without components. `total` and `band_code` above are
    # the whole scale's (a scale in components has no band of the whole).
    components = models.JSONField(default=list)
    # Good fidelity in every component the cadence reads: how soon the next review is
    # due. None while the scores are incomplete.
    good_fidelity = models.BooleanField(null=True)
    # The consensus score of item n at position n (1-based), "0" where none,
    # as long as the scale has items: one short string that SQL can average
    # per item with SUBSTR.
    item_scores = models.CharField(max_length=100, blank=True)
    # Any write changes the latest of these (or the count): the key of the
    # cached national figures.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("review summary")
        verbose_name_plural = _("review summaries")
        indexes = [
            models.Index(fields=["site", "kind", "-visit_start"], name="summary_site_latest"),
            models.Index(fields=["scale", "kind", "visit_year"], name="summary_scale_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit_start__isnull=True, visit_year__isnull=True)
                | Q(visit_start__isnull=False, visit_year__isnull=False),
                name="summary_year_with_visit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.total}"
