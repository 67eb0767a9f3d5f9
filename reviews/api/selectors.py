"""Reads for the API: the pages' own scopes, in a stable order for paging.

Every list starts from a scoped queryset of sites/permissions.py (or a part's
selector built on one), so a token sees what its owner sees in the app and an
id outside that scope is simply not found. Consensus scores are read only for
the reviews whose consensus the user may see (`can_view_consensus`); no
individual rating is read here at all.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from reviews.rating.models import ConsensusScore, Review
from reviews.rating.selectors import reviews_visible_to
from reviews.reports.models import Report
from reviews.scale.models import FidelityScale, ScaleBand, ScaleComponent, ScaleSection
from reviews.scale.selectors import scale_sections, scale_spec, score_sheet
from reviews.scoring import (
    ComponentResult,
    ScaleSpec,
    SectionSubtotal,
    completeness,
    component_results,
    section_subtotals,
    total_score,
)
from sites.models import Region, Site, Team
from sites.permissions import (
    can_view_consensus,
    regions_visible_to,
    report_scope,
    sites_visible_to,
    teams_visible_to,
)


def regions(*, user) -> QuerySet[Region]:
    return regions_visible_to(user).order_by("name", "pk")


def sites(*, user) -> QuerySet[Site]:
    return sites_visible_to(user).select_related("region").order_by("region__name", "name", "pk")


def teams(*, user) -> QuerySet[Team]:
    return (
        teams_visible_to(user)
        .select_related("site", "site__region")
        .order_by("site__name", "name", "pk")
    )


def reviews(*, user) -> QuerySet[Review]:
    return (
        reviews_visible_to(user)
        .select_related("site", "site__region", "team", "scale")
        .order_by("-due_by", "-pk")
    )


def reports(*, user) -> QuerySet[Report]:
    return (
        Report.objects.filter(report_scope(user))
        .select_related("review", "review__site", "review__site__region", "review__scale")
        .prefetch_related(
            Prefetch("review__scale__bands", queryset=ScaleBand.objects.all()),
            Prefetch(
                "review__scale__components",
                queryset=ScaleComponent.objects.prefetch_related("bands"),
            ),
        )
        .order_by("-review__due_by", "review_id", "-version")
    )


@dataclass(frozen=True)
class ItemScore:
    number: int
    code: str
    score: int


@dataclass(frozen=True)
class SectionScore:
    section: ScaleSection
    subtotal: SectionSubtotal


@dataclass(frozen=True)
class Consensus:
    """The agreed scores of one review, with subtotals, and total and band once complete."""

    scores: list[ItemScore]
    sections: list[SectionScore]
    scored: int
    item_count: int
    max_total: int
    total: int | None
    band: ScaleBand | None
    # Each component's total and band, once complete (one for a scale without components).
    components: tuple[ComponentResult, ...] = ()


@dataclass
class _Scale:
    sections: list[ScaleSection]
    spec: ScaleSpec
    item_codes: dict[int, str]
    bands: dict[str, ScaleBand]


def _scale(scale: FidelityScale) -> _Scale:
    sections = scale_sections(scale)
    return _Scale(
        sections=sections,
        spec=scale_spec(scale, sections),
        item_codes={item.number: item.code for s in sections for item in s.items.all()},
        bands={band.code: band for band in scale.bands.all()},
    )


def consensus_of(*, user, reviews: list[Review]) -> dict[int, Consensus]:
    """The consensus of each review whose consensus this user may see, by review id.

    One query for the scores of the whole page, and a few per scale version.
    """
    shown = [review for review in reviews if can_view_consensus(user, review)]
    if not shown:
        return {}
    scores: dict[int, dict[int, int]] = {review.pk: {} for review in shown}
    for review_id, number, score in ConsensusScore.objects.filter(review__in=shown).values_list(
        "review_id", "item__number", "score"
    ):
        scores[review_id][number] = score
    scales: dict[int, _Scale] = {}
    result = {}
    for review in shown:
        if review.scale_id not in scales:
            scales[review.scale_id] = _scale(review.scale)
        scale = scales[review.scale_id]
        sheet = score_sheet(review.scale, scores[review.pk])
        state = completeness(scale.spec, sheet)
        total = total_score(scale.spec, sheet) if state.complete else None
        components = component_results(scale.spec, sheet) if state.complete else ()
        # The whole scale's band where it is its one component; none for a scale in components.
        band = scale.bands[components[0].band.code] if len(components) == 1 else None
        result[review.pk] = Consensus(
            scores=[
                ItemScore(number=number, code=scale.item_codes[number], score=score)
                for number, score in sorted(sheet.scores.items())
            ],
            sections=[
                SectionScore(section=section, subtotal=subtotal)
                for section, subtotal in zip(
                    scale.sections, section_subtotals(scale.spec, sheet), strict=True
                )
            ],
            scored=state.scored,
            item_count=state.item_count,
            max_total=scale.spec.max_total,
            total=total,
            band=band,
            components=components,
        )
    return result
