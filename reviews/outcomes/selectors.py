"""Reads for the employment pages: a site's quarters beside its fidelity, and fidelity
against employment across the sites a person sees."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from reviews.charts import Benchmark, RatePoint, ScatterPoint, rate_chart, scatter_chart
from reviews.outcomes.models import EmploymentOutcome
from reviews.outcomes.statistics import (
    EMPLOYMENT_BENCHMARKS,
    pearson_correlation,
    pooled_employment_rate,
)
from reviews.rating.models import Review
from reviews.rating.selectors import published_with_totals
from reviews.scale.selectors import compared_scale
from reviews.scoring import MAX_SCORE, MIN_SCORE
from sites.models import Site
from sites.permissions import sites_visible_to


def benchmarks() -> list[Benchmark]:
    names = {
        "ips_grow": _("IPS Grow benchmark"),
        "minimal": _("minimal"),
        "average": _("average"),
        "excellent": _("excellent"),
    }
    return [
        Benchmark(
            rate=rate,
            name=f"{names[code]} {round(rate * 100)} %",
            side="left" if code == "ips_grow" else "right",
        )
        for code, rate in EMPLOYMENT_BENCHMARKS
    ]


@dataclass
class QuarterRow:
    outcome: EmploymentOutcome
    fidelity: Review | None  # the latest published external review by the quarter's end


@dataclass
class SiteOutcomes:
    site: Site
    rows: list[QuarterRow] = field(default_factory=list)
    chart: str = ""


def _quarter_end(year: int, quarter: int) -> date:
    return date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)


def _quarter_after(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _quarter_before(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def quarter_to_enter(site: Site, today: date) -> tuple[int, int]:
    """The (year, quarter) the entry form starts at: the one after the site's latest
    quarter, or, with none yet, the last whole quarter before today's; never a quarter
    that has not started (the service refuses those)."""
    current = (today.year, (today.month - 1) // 3 + 1)
    latest = (
        site.employment_outcomes.order_by("-year", "-quarter")
        .values_list("year", "quarter")
        .first()
    )
    if latest is None:
        return _quarter_before(*current)
    return min(_quarter_after(*latest), current)


def site_outcomes(site: Site) -> SiteOutcomes:
    """The site's quarters in time order, each with the fidelity total in force then."""
    outcomes = list(site.employment_outcomes.order_by("year", "quarter"))
    if not outcomes:
        return SiteOutcomes(site=site)
    reviews = list(
        published_with_totals()
        .filter(site=site, team__isnull=True, kind=Review.Kind.EXTERNAL, total__isnull=False)
        .order_by("visit_start", "pk")
    )
    rows = []
    for outcome in outcomes:
        end = _quarter_end(outcome.year, outcome.quarter)
        before = [r for r in reviews if r.visit_start is not None and r.visit_start < end]
        rows.append(QuarterRow(outcome, before[-1] if before else None))
    chart = rate_chart(
        [RatePoint(row.outcome.label, row.outcome.employment_rate) for row in rows],
        benchmarks=benchmarks(),
        title=_("Employment rate per quarter"),
        description=_(
            "Share in ordinary paid work of the people who were out of work when they "
            "started, quarter by quarter, with the benchmark lines. The table holds the "
            "same numbers."
        ),
        ident=f"rate-chart-{site.pk}",
    )
    return SiteOutcomes(site=site, rows=rows, chart=chart)


@dataclass
class SitePoint:
    site: Site
    total: int
    review: Review
    rate: float
    out_of_work: int


@dataclass
class Overview:
    year: int
    points: list[SitePoint]
    correlation: float | None
    chart: str
    without_review: int  # sites with a rate but no fidelity total in the period


def outcomes_overview(*, user, year: int, region_id: int | None = None) -> Overview:
    """Per site the user sees: the year's employment rate (pooled over its quarters) and
    the fidelity total of the latest published external review from the year or the one
    before. Sites missing either are left out and counted."""
    scale = compared_scale()
    sites = sites_visible_to(user)
    if region_id is not None:
        sites = sites.filter(region_id=region_id)
    quarters: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for site_id, in_work, out in EmploymentOutcome.objects.filter(
        site__in=sites, year=year
    ).values_list("site_id", "in_paid_work", "out_of_work_at_start"):
        quarters[site_id].append((in_work, out))
    latest: dict[int, Review] = {}
    for review in (
        published_with_totals()
        .filter(
            site__in=sites,
            site_id__in=list(quarters),
            team__isnull=True,
            kind=Review.Kind.EXTERNAL,
            # Totals are compared across sites on one scale only (every version of it).
            scale__code=scale.code if scale else None,
            total__isnull=False,
            visit_start__gte=date(year - 1, 1, 1),
            visit_start__lte=date(year, 12, 31),
        )
        .select_related("site")
        .order_by("visit_start", "pk")
    ):
        latest[review.site_id] = review  # later visits overwrite earlier ones
    points, without = [], 0
    for site_id, pairs in quarters.items():
        rate = pooled_employment_rate(pairs)
        if rate is None:
            continue
        review = latest.get(site_id)
        if review is None:
            without += 1
            continue
        total = getattr(review, "total", None)
        if total is None:
            continue
        points.append(SitePoint(review.site, total, review, rate, sum(o for _i, o in pairs)))
    points.sort(key=lambda p: p.site.name)
    r = pearson_correlation([(p.total, p.rate) for p in points])
    chart = scatter_chart(
        [ScatterPoint(p.total, p.rate, p.site.name) for p in points],
        x_low=scale.min_total if scale else MIN_SCORE,
        x_high=scale.max_total if scale else MAX_SCORE,
        x_label=_("Fidelity total (%(scale)s)") % {"scale": scale.code if scale else "–"},
        y_label=_("Employment rate"),
        title=_("Fidelity total against employment rate, %(year)s") % {"year": year},
        description=_("One point per site; the table below lists the same sites and numbers."),
        benchmarks=[b for b in benchmarks() if b.side == "left"],
    )
    return Overview(year=year, points=points, correlation=r, chart=chart, without_review=without)
