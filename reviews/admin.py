from django.contrib import admin

from reviews.models import (
    ConsensusScore,
    FidelityScale,
    ItemAnchor,
    Rating,
    Review,
    ScaleBand,
    ScaleItem,
    ScaleSection,
)


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
    fields = ["item", "score", "rationale", "recommendation", "updated_by"]
    raw_id_fields = ["item", "updated_by"]
    extra = 0


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


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["review", "reviewer", "item", "score", "needs_follow_up", "updated_at"]
    list_filter = ["review__status", "needs_follow_up", "score"]
    search_fields = ["review__site__name", "reviewer__full_name", "item__name_en"]
    list_select_related = ["review__site", "reviewer", "item"]
    raw_id_fields = ["review", "reviewer", "item"]


@admin.register(ConsensusScore)
class ConsensusScoreAdmin(admin.ModelAdmin):
    list_display = ["review", "item", "score", "updated_by", "updated_at"]
    list_filter = ["score", "review__site__region"]
    search_fields = ["review__site__name", "item__name_en", "rationale", "recommendation"]
    list_select_related = ["review__site", "item", "updated_by"]
    raw_id_fields = ["review", "item", "updated_by"]
