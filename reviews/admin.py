from django.contrib import admin
from django.db.models import TextField
from django.db.models.functions import Cast
from pghistory.admin import EventsAdmin

from reviews.followup.models import ActionPlan, PersonalDataDeletion, PlanAction
from reviews.history.models import ResearchExport
from reviews.outcomes.models import EmploymentOutcome
from reviews.rating.models import ConsensusScore, Rating, Review
from reviews.reports.models import Report, ReportDownload, SignOff
from reviews.scale.models import FidelityScale, ItemAnchor, ScaleBand, ScaleItem, ScaleSection
from sites import permissions


class ScaleBandInline(admin.TabularInline):
    model = ScaleBand
    extra = 0


class ScaleSectionInline(admin.TabularInline):
    model = ScaleSection
    extra = 0
    show_change_link = True


@admin.register(FidelityScale)
class FidelityScaleAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name_en", "item_count", "target_group", "is_current"]
    list_filter = ["code", "target_group", "is_current"]
    search_fields = ["code", "version", "name_en", "name_nb"]
    readonly_fields = ["source_file", "loaded_at"]
    inlines = [ScaleBandInline, ScaleSectionInline]


class ItemAnchorInline(admin.TabularInline):
    model = ItemAnchor
    extra = 0


@admin.register(ScaleItem)
class ScaleItemAdmin(admin.ModelAdmin):
    list_display = ["number", "name_en", "name_nb", "section", "scale"]
    list_filter = ["scale", "section__code"]
    search_fields = ["code", "name_en", "name_nb"]
    list_select_related = ["scale", "section"]
    inlines = [ItemAnchorInline]


class ConsensusScoreInline(admin.TabularInline):
    model = ConsensusScore
    fields = readonly_fields = ("item", "score", "rationale", "recommendation", "updated_by")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "site",
        "team",
        "kind",
        "status",
        "due_from",
        "due_by",
        "visit_start",
        "reviewer_a",
        "reviewer_b",
    ]
    list_filter = ["status", "kind", "site__region", "scale"]
    search_fields = ["site__name", "team__name", "reviewer_a__full_name", "reviewer_b__full_name"]
    date_hierarchy = "due_by"
    list_select_related = ["site", "team", "reviewer_a", "reviewer_b"]
    autocomplete_fields = ["site", "team", "reviewer_a", "reviewer_b"]
    inlines = [ConsensusScoreInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Scores, sign-offs and reports are evidence: the admin shows them, never changes them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    """Blind rating holds here too: before both reviewers have submitted, a rating is
    listed for its author only, and the admin never changes one."""

    list_display = ["review", "reviewer", "item", "score", "needs_follow_up", "updated_at"]
    list_filter = ["review__status", "needs_follow_up", "score"]
    search_fields = ["review__site__name", "reviewer__full_name", "item__name_en"]
    list_select_related = ["review__site", "reviewer", "item"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(permissions.rating_scope(request.user))


@admin.register(ConsensusScore)
class ConsensusScoreAdmin(ReadOnlyAdmin):
    list_display = ["review", "item", "score", "updated_by", "updated_at"]
    list_filter = ["score", "review__site__region"]
    search_fields = ["review__site__name", "item__name_en", "rationale", "recommendation"]
    list_select_related = ["review__site", "item", "updated_by"]


class ReportDownloadInline(admin.TabularInline):
    model = ReportDownload
    fields = ["user", "at"]
    readonly_fields = ["user", "at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Signed reports are evidence: the admin shows them and never changes them."""

    list_display = ["review", "version", "status", "signed_at", "verification_code", "total"]
    list_filter = ["status", "development_certificate", "review__site__region"]
    search_fields = ["review__site__name", "verification_code", "sha256"]
    list_select_related = ["review__site"]
    inlines = [ReportDownloadInline]


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    list_display = ["review", "reviewer", "report_version", "at"]
    list_filter = ["review__site__region"]
    search_fields = ["review__site__name", "reviewer__full_name"]
    list_select_related = ["review__site", "reviewer"]


@admin.register(ResearchExport)
class ResearchExportAdmin(ReadOnlyAdmin):
    """The record of who took research data out: read only."""

    list_display = ["exported_at", "exported_by", "format", "row_count", "stable_pseudonyms"]
    list_filter = ["format", "stable_pseudonyms"]
    list_select_related = ["exported_by"]


@admin.register(EmploymentOutcome)
class EmploymentOutcomeAdmin(ReadOnlyAdmin):
    """Quarterly figures: entered on the site's page or imported, read here."""

    list_display = [
        "site",
        "year",
        "quarter",
        "people_served",
        "out_of_work_at_start",
        "in_paid_work",
        "job_starts",
        "in_education",
        "updated_by",
    ]
    list_filter = ["year", "quarter", "site__region"]
    list_select_related = ["site", "updated_by"]


class EventsWithoutBlindRatings(EventsAdmin):
    """The audit history (Administration → Events) without the history of ratings
    that are still blind: before both reviewers of a review have submitted, nobody
    reads a rating's scores or evidence here either."""

    def get_queryset(self, request):
        blind = Rating.objects.exclude(
            review__submitted_a_at__isnull=False, review__submitted_b_at__isnull=False
        ).annotate(key=Cast("pk", TextField()))
        return (
            super()
            .get_queryset(request)
            .exclude(pgh_model=RATING_EVENTS, pgh_obj_id__in=blind.values("key"))
        )


RATING_EVENTS = "reviews.RatingEvent"


@admin.register(PersonalDataDeletion)
class PersonalDataDeletionAdmin(ReadOnlyAdmin):
    """The record of the nightly forgetting: which review, when, how much. Read only."""

    list_display = ["review", "deleted_at", "evidence_notes", "previsit_notes", "history_events"]
    list_filter = ["review__site__region"]
    search_fields = ["review__site__name"]
    list_select_related = ["review__site"]


class PlanActionInline(admin.TabularInline):
    model = PlanAction
    extra = 0
    fields = ["item", "goal", "owner", "due_on", "status"]
    readonly_fields = ["item"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["review", "created_by", "created_at", "updated_at"]
    list_filter = ["review__site__region"]
    search_fields = ["review__site__name"]
    list_select_related = ["review__site", "created_by"]
    readonly_fields = ["review", "created_by"]
    inlines = [PlanActionInline]
