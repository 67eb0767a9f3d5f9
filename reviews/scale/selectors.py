"""Reads of a stored scale version: its sections and items, and what scoring needs of it."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from reviews.scale.models import (
    FidelityScale,
    ItemAnchor,
    ScaleBand,
    ScaleComponent,
    ScaleItem,
    ScaleSection,
    SiteScaleChoice,
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


def current_scales() -> list[FidelityScale]:
    """The current version of each scale code (one at most: a database constraint),
    by code. A target group without one cannot be reviewed."""
    return list(FidelityScale.objects.filter(is_current=True).order_by("code"))


@dataclass(frozen=True)
class ScaleChoices:
    """The current scales and each site's latest choice among them: which scale a
    site's next review uses. Read once for many sites (the planner, the planning
    pages); `for_site` then asks the database nothing."""

    current: tuple[FidelityScale, ...]
    chosen: Mapping[int, str]  # site id -> the code its coordinator chose last

    def options(self, target_group: str) -> list[FidelityScale]:
        return [scale for scale in self.current if scale.target_group == target_group]

    def for_site(self, site_id: int, target_group: str) -> FidelityScale | None:
        """The chosen scale, if it is current for the site's target group; else the
        group's only current scale. None: none is loaded, or several are and the
        coordinator has not chosen (the planning page names such sites)."""
        options = self.options(target_group)
        code = self.chosen.get(site_id)
        chosen = next((scale for scale in options if scale.code == code), None)
        if chosen is not None:
            return chosen
        return options[0] if len(options) == 1 else None


def scale_choices(site_ids: Iterable[int] | None = None) -> ScaleChoices:
    """The current scales and the sites' latest choices (of every site, or of these)."""
    choices = SiteScaleChoice.objects.order_by("chosen_at", "pk")
    if site_ids is not None:
        choices = choices.filter(site_id__in=list(site_ids))
    # In time order, so each site's latest choice is the one left in the mapping.
    chosen = dict(choices.values_list("site_id", "code"))
    return ScaleChoices(current=tuple(current_scales()), chosen=chosen)


def scale_for_site(site: Site) -> FidelityScale | None:
    """The scale the site's next review uses (see ScaleChoices.for_site)."""
    return scale_choices([site.pk]).for_site(site.pk, site.target_group)


def site_scale_history(site: Site) -> QuerySet[SiteScaleChoice]:
    """The site's choices, the latest first, with who made them."""
    return site.scale_choices.select_related("chosen_by").order_by("-chosen_at", "-pk")


def compared_scale() -> FidelityScale | None:
    """The adults' scale the national figures and the fidelity-and-employment chart
    compare sites on (on every version of its code): of the current adults' scales,
    the one with the most reviews (by code, when even). None: none is loaded."""
    adults = list(
        FidelityScale.objects.filter(is_current=True, target_group=Site.TargetGroup.ADULTS)
    )
    if len(adults) < 2:  # nothing to count
        return adults[0] if adults else None
    counts = dict(
        FidelityScale.objects.filter(code__in=[scale.code for scale in adults])
        .values("code")
        .annotate(review_count=Count("reviews"))
        .values_list("code", "review_count")
    )
    return min(adults, key=lambda scale: (-counts.get(scale.code, 0), scale.code), default=None)
