"""Keep each published review's summary (total, band, subtotals, item scores) in step
with its scores: written when a review is published or imported, removed when a
correction reopens it. Callers run these inside their own transaction.
"""

from collections import defaultdict
from collections.abc import Iterable

from reviews.rating.models import ConsensusScore, Review, ReviewSummary
from reviews.rating.selectors import published_with_totals
from reviews.scale.models import FidelityScale, ScaleBand
from reviews.scale.selectors import scale_spec
from reviews.scoring import (
    ComponentResult,
    ScaleSpec,
    ScoreSheet,
    component_results,
    good_fidelity,
)

# Enough rows per statement to be quick, few enough for SQLite's parameter limit.
BATCH = 500


def item_scores_text(scores: dict[int, int], item_count: int) -> str:
    """Item number n's score at position n, "0" where an item has none."""
    length = max(item_count, *scores) if scores else item_count
    return "".join(str(scores.get(number, 0)) for number in range(1, length + 1))


def band_of(bands: list[ScaleBand], total: int | None) -> str:
    if total is None:
        return ""
    return next((b.code for b in bands if b.min_total <= total <= b.max_total), "")


def component_figures(
    spec: ScaleSpec, scores: dict[int, int], total: int | None
) -> tuple[list[dict[str, object]], bool | None]:
    """Each component's total, band and good fidelity, and whether the cadence counts
    the review as good fidelity; ([], None) where that cannot be known.

    From the scores where all are there; else, for a scale of one component, from the
    total its signed report gave (a report's figures stand for the review).
    """
    if any(number not in scores for number in spec.item_numbers):
        (whole, *others) = spec.parts
        if others or total is None:
            return [], None
        band = next((b.code for b in whole.bands if b.min_total <= total <= b.max_total), "")
        good = whole.good_fidelity_from is not None and total >= whole.good_fidelity_from
        return [{"code": whole.code, "total": total, "band_code": band, "good": good}], good
    results = component_results(spec, ScoreSheet(spec.code, spec.version, scores))
    return component_rows(results), good_fidelity(results)


def component_rows(results: Iterable[ComponentResult]) -> list[dict[str, object]]:
    """Component results as kept with a summary or a signed report."""
    return [
        {"code": r.code, "total": r.total, "band_code": r.band.code, "good": r.good_fidelity}
        for r in results
    ]


def refresh_summaries(review_ids: Iterable[int]) -> int:
    """Rebuild the summaries of these reviews from their scores and reports.

    A review that is not published (any more) is left without one. Returns how
    many summaries were written.
    """
    ids = sorted(set(review_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        written += _refresh_batch(ids[start : start + BATCH])
    return written


def refresh_all() -> int:
    """Rebuild every summary (after loading data in bulk, outside the services)."""
    ReviewSummary.objects.all().delete()
    return refresh_summaries(
        Review.objects.filter(status=Review.Status.PUBLISHED).values_list("pk", flat=True)
    )


def _refresh_batch(ids: list[int]) -> int:
    ReviewSummary.objects.filter(review_id__in=ids).delete()
    reviews = list(
        published_with_totals()
        .filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk", "site_id", "scale_id", "kind", "visit_start", "total", "scale__item_count"
        )
    )
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    sections: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = ConsensusScore.objects.filter(review_id__in=ids).values_list(
        "review_id", "item__number", "item__section__code", "score"
    )
    for review_id, number, section, score in rows:
        scores[review_id][number] = score
        sections[review_id][section] += score
    bands: dict[int, list[ScaleBand]] = defaultdict(list)
    scale_ids = {r[2] for r in reviews}
    for band in ScaleBand.objects.filter(scale_id__in=scale_ids):
        bands[band.scale_id].append(band)
    specs = {
        scale.pk: scale_spec(scale) for scale in FidelityScale.objects.filter(pk__in=scale_ids)
    }
    figures = {
        pk: component_figures(specs[scale_id], scores[pk], total)
        for pk, _site, scale_id, _kind, _visit, total, _count in reviews
    }
    ReviewSummary.objects.bulk_create(
        ReviewSummary(
            review_id=pk,
            site_id=site_id,
            scale_id=scale_id,
            kind=kind,
            visit_start=visit_start,
            visit_year=visit_start.year if visit_start else None,
            total=total,
            # A scale in components has bands per component, none of the whole.
            band_code=band_of(bands[scale_id], total) if len(specs[scale_id].parts) == 1 else "",
            section_totals=dict(sections[pk]),
            item_scores=item_scores_text(scores[pk], item_count),
            components=figures[pk][0],
            good_fidelity=figures[pk][1],
        )
        for pk, site_id, scale_id, kind, visit_start, total, item_count in reviews
    )
    return len(reviews)
