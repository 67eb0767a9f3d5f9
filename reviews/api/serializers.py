"""What the API shows of each object: plain values, codes for what has one, and links."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.rating.models import Review
from reviews.reports.models import Report
from sites.models import Region, Site, Team
from sites.permissions import can_download_report


class RegionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail")

    class Meta:
        model = Region
        fields = ["id", "url", "code", "name", "resource_centre", "email"]


class SiteSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:site-detail")
    region = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("The region's code.")
    )

    class Meta:
        model = Site
        fields = [
            "id",
            "url",
            "code",
            "name",
            "region",
            "nav_office",
            "health_partner",
            "municipality",
            "target_group",
            "report_language",
            "start_date",
            "active",
        ]


class SiteReferenceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:site-detail")

    class Meta:
        model = Site
        fields = ["id", "url", "code", "name"]


class TeamSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:team-detail")
    site = SiteReferenceSerializer(read_only=True)
    region = serializers.CharField(
        source="site.region.code", read_only=True, help_text=_("The region's code.")
    )

    class Meta:
        model = Team
        fields = ["id", "url", "name", "site", "region", "employment_specialists", "active"]


class TeamReferenceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:team-detail")

    class Meta:
        model = Team
        fields = ["id", "url", "name"]


class ScaleVersionSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)


class BandSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    min_total = serializers.IntegerField(read_only=True)
    max_total = serializers.IntegerField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_nb = serializers.CharField(read_only=True)


class ItemScoreSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    score = serializers.IntegerField(read_only=True, min_value=1, max_value=5)


class SectionScoreSerializer(serializers.Serializer):
    code = serializers.CharField(source="section.code", read_only=True)
    name_en = serializers.CharField(source="section.name_en", read_only=True)
    name_nb = serializers.CharField(source="section.name_nb", read_only=True)
    scored = serializers.IntegerField(source="subtotal.scored", read_only=True)
    item_count = serializers.IntegerField(source="subtotal.item_count", read_only=True)
    subtotal = serializers.IntegerField(source="subtotal.subtotal", read_only=True)
    max_subtotal = serializers.IntegerField(source="subtotal.max_subtotal", read_only=True)


class ComponentSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_nb = serializers.CharField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    max_total = serializers.IntegerField(read_only=True)
    band = BandSerializer(read_only=True)
    good_fidelity = serializers.BooleanField(
        read_only=True, help_text=_("At or above the component's total for good fidelity.")
    )


class ConsensusSerializer(serializers.Serializer):
    scores = ItemScoreSerializer(many=True, read_only=True)
    sections = SectionScoreSerializer(many=True, read_only=True)
    scored = serializers.IntegerField(read_only=True, help_text=_("Items with a consensus score."))
    item_count = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Empty until every item has a score.")
    )
    max_total = serializers.IntegerField(read_only=True)
    band = BandSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The whole scale's band; empty for a scale in components (see components)."),
    )
    components = ComponentSerializer(
        many=True,
        read_only=True,
        help_text=_(
            "Each component's total and band once every item has a score: one for a scale "
            "without components, one for each of a scale in components."
        ),
    )


class ReviewSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:review-detail")
    site = SiteReferenceSerializer(read_only=True)
    region = serializers.CharField(
        source="site.region.code", read_only=True, help_text=_("The region's code.")
    )
    team = TeamReferenceSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=Review.Status.choices, read_only=True)
    scale = ScaleVersionSerializer(read_only=True)
    imported = serializers.BooleanField(
        source="is_imported",
        read_only=True,
        help_text=_("An earlier review brought in from a file."),
    )
    due_from = serializers.SerializerMethodField(
        help_text=_("When the review's due window opens; empty for an imported review.")
    )
    due_by = serializers.SerializerMethodField(
        help_text=_("When the review's due window closes; empty for an imported review.")
    )
    consensus = ConsensusSerializer(
        source="api_consensus",
        read_only=True,
        allow_null=True,
        help_text=_(
            "The agreed scores, once you may see them: for the reviewers, coordinators and "
            "national admins from the consensus step on, for site leaders once the report "
            "is published. Individual reviewers' ratings are never shown."
        ),
    )

    # Earlier records were never planned: they have a visit, not a due window.
    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_due_from(self, review: Review) -> str | None:
        return None if review.is_imported else review.due_from.isoformat()

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_due_by(self, review: Review) -> str | None:
        return None if review.is_imported else review.due_by.isoformat()

    class Meta:
        model = Review
        fields = [
            "id",
            "url",
            "site",
            "region",
            "team",
            "kind",
            "status",
            "scale",
            "due_from",
            "due_by",
            "visit_start",
            "visit_end",
            "imported",
            "consensus",
        ]


class ReportComponentSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_nb = serializers.CharField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    band = BandSerializer(read_only=True, allow_null=True)
    good_fidelity = serializers.BooleanField(
        read_only=True, help_text=_("At or above the component's total for good fidelity.")
    )


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail")
    review = serializers.HyperlinkedRelatedField(view_name="api:review-detail", read_only=True)
    review_id = serializers.IntegerField(read_only=True)
    site = SiteReferenceSerializer(source="review.site", read_only=True)
    status = serializers.ChoiceField(choices=Report.Status.choices, read_only=True)
    superseded = serializers.BooleanField(
        source="is_superseded",
        read_only=True,
        help_text=_("A corrected version has replaced this one."),
    )
    superseded_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    band = serializers.SerializerMethodField()
    components = serializers.SerializerMethodField(
        help_text=_(
            "Each component's total and band as signed (one for a scale without "
            "components); `total` and `band` are the whole scale's."
        )
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("The signed PDF; empty until the report is signed.")
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "review",
            "review_id",
            "site",
            "version",
            "status",
            "language",
            "signed_at",
            "verification_code",
            "superseded",
            "superseded_by",
            "total",
            "band",
            "components",
            "download_url",
        ]

    @extend_schema_field(BandSerializer(allow_null=True))
    def get_band(self, report: Report) -> dict | None:
        if not report.band_code:
            return None
        band = next(
            (b for b in report.review.scale.bands.all() if b.code == report.band_code), None
        )
        return BandSerializer(band).data if band is not None else None

    @extend_schema_field(ReportComponentSerializer(many=True))
    def get_components(self, report: Report) -> list[dict]:
        parts = {part.code: part for part in report.review.scale.components.all()}
        rows = []
        for row in report.components:
            part = parts.get(row["code"])
            bands = part.bands.all() if part is not None else []
            rows.append(
                {
                    "code": row["code"],
                    "name_en": part.name_en if part is not None else "",
                    "name_nb": part.name_nb if part is not None else "",
                    "total": row["total"],
                    "band": next((b for b in bands if b.code == row["band_code"]), None),
                    "good_fidelity": row["good"],
                }
            )
        return list(ReportComponentSerializer(rows, many=True).data)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_download_url(self, report: Report) -> str | None:
        request = self.context["request"]
        if not can_download_report(request.user, report):
            return None
        return request.build_absolute_uri(reverse("api:report-download", args=[report.pk]))
