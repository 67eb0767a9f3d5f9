"""The report as HTML and as PDF (WeasyPrint), in the site's language.

The same template makes the draft preview and the final report; only the
DRAFT mark and the sign-off block differ. WeasyPrint may read files from
static/ (the print stylesheet and the fonts) and nothing else: no network,
no other file.
"""

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from reviews.charts import (
    ChartBand,
    ChartPoint,
    ProfileItem,
    ProfileSection,
    item_profile_chart,
    totals_chart,
)
from reviews.rating import selectors
from reviews.rating.models import ConsensusScore, Review, ReviewSummary
from reviews.rating.selectors import ConsensusRow, PreviousReview, published_with_totals
from reviews.reports.models import SignOff
from reviews.reports.selectors import report_text_of
from reviews.scale.models import ScaleComponent, ScaleSection
from reviews.scoring import ComponentResult
from sites.models import RegionPolicy

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PDF_VARIANT = "pdf/ua-1"  # tagged, accessible PDF with embedded fonts


class StaticFilesOnly(weasyprint.URLFetcher):
    """Let WeasyPrint read our own static files and refuse every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"))

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(STATIC_DIR.resolve()):
                raise ValueError(f"Refusing to read {url} while rendering a report.")
        return super().fetch(url, headers)


@dataclass(frozen=True)
class ReportInput:
    review: Review
    language: str
    verification_code: str = ""
    version: int = 1
    correction_reason: str = ""
    draft: bool = True


def report_language(review: Review) -> str:
    return review.site.report_language or settings.LANGUAGE_CODE


def report_html(data: ReportInput) -> str:
    review = data.review
    with translation.override(data.language):
        table = selectors.review_scores(review)
        rows_by_section = [
            (
                section,
                sorted(
                    (row for row in table.rows if row.item.section_id == section.pk),
                    key=lambda row: row.item.number,
                ),
            )
            for section in table.sections
        ]
        previous = selectors.previous_follow_up(review)
        context = {
            "review": review,
            "text": report_text_of(review),
            "data": data,
            "previous": previous,
            "not_in_plan": previous.not_in_plan() if previous else [],
            "scores_now": {
                row.item.number: row.consensus.score for row in table.rows if row.consensus
            },
            "priorities": _priorities(table.rows),
            "profile": item_profile(review, rows_by_section, previous),
            "logo": logo_data_uri(review),
            "table": table,
            "rows_by_section": rows_by_section,
            "signoffs": SignOff.objects.filter(review=review, report_version=data.version)
            .select_related("reviewer")
            .order_by("at"),
            "chart": history_chart(review, table.summary.total, table.summary.components),
            "show_agreement": RegionPolicy.objects.filter(
                region_id=review.site.region_id, report_shows_agreement=True
            ).exists(),
            "verify_url": settings.SITE_URL + "/verify/",
            "static_url": STATIC_DIR.resolve().as_uri() + "/",
        }
        return render_to_string("reviews/report_pdf.html", context)


def _priorities(rows: list[ConsensusRow]) -> list[ConsensusScore]:
    chosen = [row.consensus for row in rows if row.consensus and row.consensus.priority]
    return sorted(chosen, key=lambda consensus: consensus.priority or 0)


def item_profile(
    review: Review,
    rows_by_section: list[tuple[ScaleSection, list[ConsensusRow]]],
    previous: PreviousReview | None,
) -> str:
    """The first page's picture: every item's score now, the previous review's marked."""
    earlier = previous.items if previous else {}
    sections = [
        ProfileSection(
            name=section.name,
            items=[
                ProfileItem(
                    number=row.item.number,
                    name=row.item.name,
                    score=row.consensus.score if row.consensus else None,
                    previous=earlier[row.item.number].score if row.item.number in earlier else None,
                )
                for row in rows
            ],
        )
        for section, rows in rows_by_section
    ]
    when = previous.review.visit_start if previous else None
    return item_profile_chart(
        sections,
        title=translation.gettext("Score item by item"),
        now_label=translation.gettext("This review"),
        previous_label=(
            translation.gettext("Previous review (%(date)s)")
            % {"date": date_format(when, "SHORT_DATE_FORMAT")}
            if when
            else None
        ),
    )


def logo_data_uri(review: Review) -> str:
    """The resource centre's logo, checked and re-encoded when it was uploaded, as a
    data: URI (WeasyPrint reads no file but the static ones)."""
    return policy_logo_uri(RegionPolicy.objects.filter(region_id=review.site.region_id).first())


def policy_logo_uri(policy: RegionPolicy | None) -> str:
    if policy is None or not policy.report_logo:
        return ""
    return "data:image/png;base64," + base64.b64encode(bytes(policy.report_logo)).decode()


def render_pdf(html: str) -> bytes:
    document = weasyprint.HTML(
        string=html, base_url=STATIC_DIR.resolve().as_uri() + "/", url_fetcher=StaticFilesOnly()
    )
    return bytes(document.write_pdf(pdf_variant=PDF_VARIANT))


def history_chart(
    review: Review, total: int | None, components: Sequence[ComponentResult] = ()
) -> str:
    """The earlier published totals of the same site (or the same team) on the same
    scale, and this one, as an SVG line chart: reviews from before this app included,
    later ones never. External reviews and self-assessments are two labelled series.
    A scale in components gets a chart per component, each with its own bands (this
    review's component results are `components`)."""
    earlier = list(
        published_with_totals()
        .filter(
            site=review.site,
            team=review.team,
            scale__code=review.scale.code,
            visit_start__lt=review.visit_start or review.due_by,
            total__isnull=False,
        )
        .exclude(pk=review.pk)
        .order_by("visit_start")
    )
    parts = list(review.scale.components.prefetch_related("bands").order_by("position"))
    if len(parts) > 1:
        return _component_charts(review, earlier, parts, components)
    points = [
        ChartPoint(label=_month(other), total=other.total, series=str(other.get_kind_display()))
        for other in earlier
    ]
    if total is not None:
        points.append(_this_review(review, total))
    bands = review.scale.bands.order_by("min_total")
    return totals_chart(
        points,
        low=review.scale.min_total,
        high=review.scale.max_total,
        bands=[ChartBand(band.min_total, band.name) for band in bands],
        title=str(translation.gettext("Total score at each review")),
    )


def _component_charts(
    review: Review,
    earlier: list[Review],
    parts: list[ScaleComponent],
    components: Sequence[ComponentResult],
) -> str:
    """One chart per component: the earlier reviews' results of it, as their summaries
    keep them, then this review's."""
    kept = dict(
        ReviewSummary.objects.filter(review__in=earlier).values_list("review_id", "components")
    )
    charts = []
    for part in parts:
        points = [
            ChartPoint(
                label=_month(other), total=row["total"], series=str(other.get_kind_display())
            )
            for other in earlier
            for row in kept.get(other.pk, [])
            if row["code"] == part.code
        ]
        now = next((result for result in components if result.code == part.code), None)
        if now is not None:
            points.append(_this_review(review, now.total))
        bands = sorted(part.bands.all(), key=lambda band: band.min_total)
        title = translation.gettext("%(component)s: total at each review") % {
            "component": part.name
        }
        charts.append(
            totals_chart(
                points,
                low=min(band.min_total for band in bands),
                high=max(band.max_total for band in bands),
                bands=[ChartBand(band.min_total, band.name) for band in bands],
                title=str(title),
            )
        )
    return "".join(charts)


def _this_review(review: Review, total: int) -> ChartPoint:
    """The report's own review on its chart: the last point, marked."""
    return ChartPoint(
        label=_month(review), total=total, current=True, series=str(review.get_kind_display())
    )


def _month(review: Review) -> str:
    when = review.visit_start or review.due_by
    return date_format(when, "m.Y")
