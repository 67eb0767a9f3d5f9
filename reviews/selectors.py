"""Reads for review pages, always within the user's scope."""

from ipsfidelity.permissions import get_visible_or_404, reviews_visible_to
from reviews.models import FidelityScale, Review
from reviews.scoring import BandSpec, ScaleSpec, SectionSpec


def review_detail(*, user, pk) -> Review:
    return get_visible_or_404(
        reviews_visible_to(user).select_related(
            "site", "site__region", "team", "scale", "reviewer_a", "reviewer_b"
        ),
        pk=pk,
    )


def scale_spec(scale: FidelityScale) -> ScaleSpec:
    """What the pure scoring functions need to know of a stored scale version."""
    sections = scale.sections.prefetch_related("items").order_by("position")
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
        bands=tuple(
            BandSpec(
                code=band.code,
                min_total=band.min_total,
                max_total=band.max_total,
                name_en=band.name_en,
                name_nb=band.name_nb,
            )
            for band in scale.bands.order_by("-min_total")
        ),
    )
