"""The national figures a national admin sees under Planning: fidelity bands per year
and the mean consensus score of each item by region, from the published reviews'
summaries (one row each), cached until a summary changes."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, IntegerField, Max, QuerySet, Value
from django.db.models.functions import Cast, NullIf, Substr
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reviews.charts import heatmap
from reviews.rating.models import Review, ReviewSummary
from reviews.scale.models import FidelityScale, ScaleBand, ScaleItem
from reviews.scale.selectors import compared_scale
from sites.models import Region


@dataclass
class ComponentYears:
    """One component's bands per year, for a scale in components."""

    name: str
    band_names: list[tuple[str, str]]
    bands_by_year: list[tuple[int, list[int]]]  # counts in the order of band_names


@dataclass
class NationalFigures:
    bands_by_year: list[tuple[int, list[int]]]  # counts in the order of band_names
    band_names: list[tuple[str, str]]
    heatmap: str
    heatmap_regions: list[str] = field(default_factory=list)
    # The same means as a table (item, one mean or None per region), for screen readers.
    heatmap_rows: list[tuple[str, list[float | None]]] = field(default_factory=list)
    # A scale in components: each component's bands per year (no band of the whole).
    components: list[ComponentYears] = field(default_factory=list)


FIGURES_CACHE_SECONDS = 3600  # bounds how long a renamed region keeps its old name


def other_scales_figures() -> list[tuple[FidelityScale, NationalFigures]]:
    """The same figures for each scale now in use other than the adults' one (the youth
    scale, in its components), each cached as the adults' are."""
    compared = compared_scale()
    others = FidelityScale.objects.filter(is_current=True)
    if compared is not None:
        others = others.exclude(pk=compared.pk)
    return [(scale, national_figures(scale.code)) for scale in others.order_by("code")]


def national_figures(code: str | None = None) -> NationalFigures:
    """Bands per year and mean consensus per item by region, of the published external
    reviews on the adults' scale (every version of its code), imported earlier ones
    included.

    Read from the reviews' summaries, one row each, never from the scores, and
    cached under a key that any written or removed summary changes.
    """
    state = ReviewSummary.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = state["latest"].isoformat() if state["latest"] else "-"
    if code is None:
        scale = compared_scale()
        code = scale.code if scale else ""
    key = f"national-figures:{get_language()}:{code}:{state['count']}:{latest}"
    figures = cache.get(key)
    if figures is None:
        figures = _national_figures(code)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures


def _national_figures(code: str) -> NationalFigures:
    """The figures of the published external reviews on the scale of this code."""
    published = ReviewSummary.objects.filter(
        kind=Review.Kind.EXTERNAL, scale__code=code, visit_year__isnull=False
    )
    by_year: dict[int, Counter] = defaultdict(Counter)
    counts = (
        published.exclude(band_code="")
        .values_list("visit_year", "band_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for year, band_code, n in counts:
        by_year[year][band_code] += n
    item_count = FidelityScale.objects.filter(code=code).aggregate(n=Max("item_count"))["n"] or 0
    means = (
        published.values("site__region__name")
        .annotate(
            **{
                f"item{n}": Avg(
                    # Item n's score is the n-th character; "0" or past the end is none.
                    Cast(
                        NullIf(NullIf(Substr("item_scores", n, 1), Value("")), Value("0")),
                        output_field=IntegerField(),
                    )
                )
                for n in range(1, item_count + 1)
            }
        )
        .order_by()
    )
    values = {
        (row["site__region__name"], str(n)): float(row[f"item{n}"])
        for row in means
        for n in range(1, item_count + 1)
        if row[f"item{n}"] is not None
    }
    regions = sorted(Region.objects.values_list("name", flat=True))
    names = {
        item.number: item.name
        for item in ScaleItem.objects.filter(scale__code=code, scale__is_current=True).only(
            "number", "name_en", "name_nb"
        )
    }
    numbers = sorted({int(number) for _region, number in values} | set(names))
    # Whole names: the heatmap wraps a long one onto two lines rather than cut it.
    items = [(str(n), f"{n}. {names.get(n, '')}".rstrip()) for n in numbers]
    bands = ScaleBand.objects.filter(scale__code=code, scale__is_current=True).order_by(
        "-min_total"
    )
    band_names = [(band.code, band.name) for band in bands]
    return NationalFigures(
        bands_by_year=[
            (year, [counts.get(band, 0) for band, _name in band_names])
            for year, counts in sorted(by_year.items())
        ],
        band_names=band_names,
        heatmap=heatmap(
            [label for _number, label in items],
            regions,
            {
                (label, region): values[region, n]
                for n, label in items
                for region in regions
                if (region, n) in values
            },
            title=_("Mean consensus score per item and region"),
            legend=_("Score"),
            decimal=lambda value: number_format(value, 1),
        ),
        heatmap_regions=regions,
        heatmap_rows=[
            (label, [values.get((region, n)) for region in regions]) for n, label in items
        ],
        components=_component_years(code, published),
    )


def _component_years(code: str, published: QuerySet[ReviewSummary]) -> list[ComponentYears]:
    """Each component's bands per year, for a scale in components (none otherwise), from
    the component results kept with each summary."""
    scale = FidelityScale.objects.filter(code=code, is_current=True).first()
    parts = list(scale.components.order_by("position").prefetch_related("bands")) if scale else []
    if len(parts) < 2:
        return []
    counts: dict[str, dict[int, Counter]] = {part.code: defaultdict(Counter) for part in parts}
    for year, results in published.values_list("visit_year", "components"):
        for result in results:
            if year is not None and result["code"] in counts:
                counts[result["code"]][year][result["band_code"]] += 1
    figures = []
    for part in parts:
        bands = sorted(part.bands.all(), key=lambda band: -band.min_total)
        names = [(band.code, band.name) for band in bands]
        figures.append(
            ComponentYears(
                name=part.name,
                band_names=names,
                bands_by_year=[
                    (year, [by_band.get(band, 0) for band, _name in names])
                    for year, by_band in sorted(counts[part.code].items())
                ],
            )
        )
    return figures
