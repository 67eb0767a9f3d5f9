"""Reads of a stored scale version: its sections and items, and what scoring needs of it."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from reviews.scale.models import (
    FidelityScale,
    ItemAnchor,
    ScaleBand,
    ScaleComponent,
    ScaleItem,
    ScaleSection,
)
from reviews.scoring import BandSpec, ComponentSpec, ScaleSpec, ScoreSheet, SectionSpec
from sites.models import Site


def scale_list() -> QuerySet[FidelityScale]:
    return FidelityScale.objects.order_by("code", "-is_current", "-loaded_at")


def scale_get(pk: int) -> FidelityScale:
    """One stored version, or 404. The scale is public knowledge for everyone
    who logs in; no scope applies."""
    return get_object_or_404(FidelityScale, pk=pk)


def scale_item(scale_id: int, number: int) -> ScaleItem:
    """Item `number` of the scale, or 404: a URL may name an item the scale lacks."""
    return get_object_or_404(ScaleItem, scale_id=scale_id, number=number)


def scale_components(scale: FidelityScale) -> list[ScaleComponent]:
    """The components in order, each with its bands highest first (two queries)."""
    return list(
        scale.components.order_by("position").prefetch_related(
            Prefetch("bands", queryset=ScaleBand.objects.order_by("-min_total"))
        )
    )


def scale_sections(scale: FidelityScale) -> list[ScaleSection]:
    """Sections in order, each with its items and their anchors (three queries)."""
    items = ScaleItem.objects.order_by("number").prefetch_related(
        Prefetch("anchors", queryset=ItemAnchor.objects.order_by("score"))
    )
    return list(
        scale.sections.order_by("position").prefetch_related(Prefetch("items", queryset=items))
    )


def scale_spec(scale: FidelityScale, sections: list[ScaleSection] | None = None) -> ScaleSpec:
    """What the pure scoring functions need to know of a stored scale version (two
    queries beside the sections: its components and its bands)."""
    if sections is None:
        sections = list(scale.sections.prefetch_related("items").order_by("position"))
    items = [item for section in sections for item in section.items.all()]
    bands = sorted(scale.bands.all(), key=lambda band: -band.min_total)
    components = tuple(
        ComponentSpec(
            code=component.code,
            item_numbers=tuple(sorted(i.number for i in items if i.component_id == component.pk)),
            bands=_bands(b for b in bands if b.component_id == component.pk),
            good_fidelity_from=component.good_fidelity_from,
            read_by_cadence=component.read_by_cadence,
            name_en=component.name_en,
            name_nb=component.name_nb,
            name_nn=component.name_nn,
        )
        for component in scale.components.order_by("position")
    )
    return ScaleSpec(
        code=scale.code,
        version=scale.version,
        sections=tuple(
            SectionSpec(
                code=section.code,
                item_numbers=tuple(sorted(item.number for item in section.items.all())),
            )
            for section in sections
        ),
        # The whole scale's bands where it has one component; a scale in components
        # has bands per component only (component_results), none of the whole.
        bands=_bands(bands) if len(components) == 1 else (),
        components=components,
        good_fidelity_from=scale.good_fidelity_from,
    )


def _bands(bands: Iterable[ScaleBand]) -> tuple[BandSpec, ...]:
    return tuple(
        BandSpec(
            code=band.code,
            min_total=band.min_total,
            max_total=band.max_total,
            name_en=band.name_en,
            name_nb=band.name_nb,
            name_nn=band.name_nn,
        )
        for band in bands
    )


def score_sheet(scale: FidelityScale, scores_by_number: dict[int, int]) -> ScoreSheet:
    return ScoreSheet(scale.code, scale.version, scores_by_number)


def current_scales() -> dict[str, FidelityScale]:
    """The current scale of each target group (one at most: a database constraint); a
    group without one cannot be reviewed."""
    return {s.target_group: s for s in FidelityScale.objects.filter(is_current=True)}


def compared_scale() -> FidelityScale | None:
    """The adults' scale now in use: the national figures and the fidelity-and-employment
    chart compare sites on it (on every version of its code). None: none is loaded."""
    return current_scales().get(Site.TargetGroup.ADULTS)
