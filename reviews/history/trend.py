"""A site's fidelity over time, for its page: totals, section subtotals and each item's
score across its published reviews, external reviews and self-assessments apart, and
the latest recommendations. Published consensus only: nothing blind, nothing draft."""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import date_format

from reviews.charts import ChartBand, ChartPoint, totals_chart
from reviews.rating.models import ConsensusScore, Review
from reviews.rating.selectors import published_with_totals
from reviews.scale.models import FidelityScale, ScaleItem, scale_text
from reviews.scale.selectors import scale_sections, scale_spec, score_sheet
from reviews.scoring import (
    BandSpec,
    ComponentResult,
    ComponentSpec,
    ScaleSpec,
    completeness,
    component_results,
    fidelity_band,
    section_subtotals,
)
from sites.models import Site


@dataclass
class TrendColumn:
    review: Review
    label: str  # month and year of the visit
    total: int
    band: BandSpec | None  # the whole scale's; None for a scale in components
    subtotals: list[tuple[int, int]]  # (subtotal, max) per section, in section order
    # Each component's total and band (a scale in components; empty otherwise).
    components: tuple[ComponentResult, ...] = ()


@dataclass
class ItemHistory:
    item: ScaleItem
    scores: list[int | None]  # one per column; None: not scored on that review
    # The kind of review of each column: a change is shown against the review
    # before of the same kind, so a self-assessment is never read as a step
    # up or down from an external review.
    kinds: list[str] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[int | None, int]]:
        """Each score with its change from the review before of its kind (0 for the first)."""
        kinds = self.kinds or [""] * len(self.scores)
        last: dict[str, int | None] = {}
        cells = []
        for score, kind in zip(self.scores, kinds, strict=True):
            prior = last.get(kind)
            cells.append((score, 0 if score is None or prior is None else score - prior))
            last[kind] = score
        return cells


@dataclass
class ItemDifference:
    """One item of the latest self-assessment beside the latest external review."""

    item: ScaleItem
    self_score: int | None
    external_score: int | None

    @property
    def difference(self) -> int | None:
        """The site's own score minus the reviewers' (positive: the site rates itself higher)."""
        if self.self_score is None or self.external_score is None:
            return None
        return self.self_score - self.external_score


@dataclass
class SiteTrend:
    site: Site
    scale: FidelityScale | None
    columns: list[TrendColumn] = field(default_factory=list)
    # (section name, [(subtotal, max) per column]) in section order
    section_rows: list[tuple[str, list[tuple[int, int]]]] = field(default_factory=list)
    # A scale in components: (component, [its result or None per column]) in scale order.
    component_rows: list[tuple[ComponentSpec, list[ComponentResult | None]]] = field(
        default_factory=list
    )
    items: list[ItemHistory] = field(default_factory=list)
    chart: str = ""
    latest: Review | None = None
    latest_scores: list[ConsensusScore] = field(default_factory=list)
    recommendations_from: Review | None = None
    # The latest self-assessment item by item against the latest external review.
    latest_self: Review | None = None
    latest_external: Review | None = None
    differences: list[ItemDifference] = field(default_factory=list)


def site_trend(site: Site) -> SiteTrend:
    """The site's own (not its teams') published reviews on the scale of its latest one."""
    published = (
        published_with_totals()
        .filter(site=site, team__isnull=True, total__isnull=False)
        .select_related("scale")
        .order_by("visit_start", "pk")
    )
    latest = published.order_by("-visit_start", "-pk").first()
    if latest is None:
        return SiteTrend(site=site, scale=None)
    scale = latest.scale
    reviews = [r for r in published if r.scale.code == scale.code]
    sections = scale_sections(scale)
    spec = scale_spec(scale, sections)
    scores: dict[int, dict[int, int]] = {}
    for review_id, number, score in ConsensusScore.objects.filter(review__in=reviews).values_list(
        "review_id", "item__number", "score"
    ):
        scores.setdefault(review_id, {})[number] = score
    columns = []
    in_components = len(spec.parts) > 1
    for review in reviews:
        sheet = score_sheet(review.scale, scores.get(review.pk, {}))
        subtotals = section_subtotals(spec, sheet)
        complete = completeness(spec, sheet).complete
        columns.append(
            TrendColumn(
                review=review,
                label=_month(review),
                total=review.total,
                band=None if in_components else fidelity_band(spec, review.total),
                subtotals=[(s.subtotal, s.max_subtotal) for s in subtotals],
                components=component_results(spec, sheet) if in_components and complete else (),
            )
        )
    items = [item for section in sections for item in section.items.all()]
    latest_self = _latest_of(reviews, Review.Kind.SELF_ASSESSMENT)
    latest_external = _latest_of(reviews, Review.Kind.EXTERNAL)
    differences = []
    if latest_self is not None and latest_external is not None:
        own, theirs = scores.get(latest_self.pk, {}), scores.get(latest_external.pk, {})
        differences = [
            ItemDifference(item, own.get(item.number), theirs.get(item.number)) for item in items
        ]
    # A self-assessment gives no recommendations: they come from the reviewers.
    recommendations_from = latest_external or latest
    latest_scores = list(
        ConsensusScore.objects.filter(review=recommendations_from)
        .exclude(recommendation="")
        .select_related("item")
        .order_by("score", "item__number")
    )
    return SiteTrend(
        site=site,
        scale=scale,
        columns=columns,
        section_rows=[
            (section.name, [column.subtotals[index] for column in columns])
            for index, section in enumerate(sections)
        ],
        component_rows=[
            (part, [column.components[index] if column.components else None for column in columns])
            for index, part in enumerate(spec.parts)
        ]
        if in_components
        else [],
        items=[
            ItemHistory(
                item,
                [scores.get(r.pk, {}).get(item.number) for r in reviews],
                [r.kind for r in reviews],
            )
            for item in items
        ],
        chart=_chart(scale, spec, columns),
        latest=latest,
        latest_scores=latest_scores,
        recommendations_from=recommendations_from,
        latest_self=latest_self,
        latest_external=latest_external,
        differences=differences,
    )


def _latest_of(reviews: list[Review], kind: str) -> Review | None:
    """The last of these reviews (in time order) of this kind."""
    return next((r for r in reversed(reviews) if r.kind == kind), None)


def _chart(scale: FidelityScale, spec: ScaleSpec, columns: list[TrendColumn]) -> str:
    if len(spec.parts) > 1:
        # One line per component (and kind of review); each has its own range and bands,
        # so the chart draws none of them behind the lines.
        points = [
            ChartPoint(
                label=c.label,
                total=part.total,
                series=f"{_name(part)} ({c.review.get_kind_display()})",
                slot=index,
            )
            for index, c in enumerate(columns)
            for part in c.components
        ]
        return totals_chart(
            points,
            low=min(part.min_total for part in spec.parts),
            high=max(part.max_total for part in spec.parts),
            bands=[],
            title=str(translation.gettext("Each component's total at each review")),
        )
    points = [
        ChartPoint(label=c.label, total=c.total, series=str(c.review.get_kind_display()))
        for c in columns
    ]
    bands = scale.bands.order_by("min_total")
    return totals_chart(
        points,
        low=scale.min_total,
        high=scale.max_total,
        bands=[ChartBand(band.min_total, band.name) for band in bands],
        title=str(translation.gettext("Total score at each review")),
    )


def _name(part: ComponentResult) -> str:
    names = {"name_en": part.name_en, "name_nb": part.name_nb, "name_nn": part.name_nn}
    return str(scale_text(names, "name"))


def _month(review: Review) -> str:
    return date_format(review.visit_start or review.due_by, "m.Y")
