"""Reads for the employment pages: a site's quarters beside its fidelity, and fidelity
against employment across the sites a person sees."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from reviews.charts import Benchmark, RatePoint, ScatterPoint, rate_chart, scatter_chart
from reviews.outcomes.models import EmploymentOutcome
from reviews.outcomes.statistics import (
    EMPLOYMENT_BENCHMARKS,
    pearson_correlation,
    pooled_employment_rate,
)
from reviews.rating.models import Review, ReviewSummary
from reviews.rating.selectors import published_with_totals
from reviews.scale.models import FidelityScale, ScaleComponent
from reviews.scale.selectors import compared_scale
from reviews.scoring import MAX_SCORE, MIN_SCORE, WHOLE_SCALE
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

    @property
    def with_education(self) -> bool:
        """Any quarter counts people in education (youth services do)."""
        return any(row.outcome.in_education is not None for row in self.rows)


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
    total: int  # of the component
    visit_start: date
    rate: float
    out_of_work: int


@dataclass
class ComponentChart:
    """One component's totals against the outcome it is compared with."""

    component: ScaleComponent
    points: list[SitePoint]
    correlation: float | None
    chart: str


@dataclass
class Overview:
    year: int
    scale: FidelityScale | None
    charts: list[ComponentChart]
    without_review: int  # sites with a rate but no fidelity total in the period


def _rate_of(component: ScaleComponent, quarters: list[tuple[int, int, int | None]]):
    """The year's pooled rate this component is compared with: paid work, or ordinary
    education (counted only in the quarters that record it)."""
    if component.compared_with == "education":
        recorded = [(edu, out) for _work, out, edu in quarters if edu is not None]
        return pooled_employment_rate(recorded) if recorded else None
    return _employment_rate(quarters)


def _employment_rate(quarters: list[tuple[int, int, int | None]]) -> float | None:
    return pooled_employment_rate([(work, out) for work, out, _edu in quarters])


def outcomes_overview(
    *, user, year: int, region_id: int | None = None, scale: FidelityScale | None = None
) -> Overview:
    """Per site the user sees: the year's rates (pooled over its quarters) against each
    component's total of the latest published external review on the scale (by default
    the adults' one, every version of its code) from the year or the one before. A
    component compared with employment is set against the employment rate, one compared
    with education against the education rate. Sites missing either are left out and
    counted; so are the sites of another target group than the scale's."""
    scale = scale or compared_scale()
    components = (
        list(scale.components.filter(~Q(compared_with="")).prefetch_related("bands"))
        if scale
        else []
    )
    sites = sites_visible_to(user)
    if scale is not None:  # an adults' site is never counted as unreviewed on a youth scale
        sites = sites.filter(target_group=scale.target_group)
    if region_id is not None:
        sites = sites.filter(region_id=region_id)
    quarters: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
    for site_id, in_work, out, in_education in EmploymentOutcome.objects.filter(
        site__in=sites, year=year
    ).values_list("site_id", "in_paid_work", "out_of_work_at_start", "in_education"):
        quarters[site_id].append((in_work, out, in_education))
    latest: dict[int, ReviewSummary] = {}
    for summary in (
        ReviewSummary.objects.filter(
            site__in=sites,
            site_id__in=list(quarters),
            review__team__isnull=True,
            kind=Review.Kind.EXTERNAL,
            # Totals are compared across sites on one scale only (every version of it).
            scale__code=scale.code if scale else None,
            visit_start__gte=date(year - 1, 1, 1),
            visit_start__lte=date(year, 12, 31),
        )
        .select_related("site")
        .order_by("visit_start", "review_id")
    ):
        latest[summary.site_id] = summary  # later visits overwrite earlier ones
    without = sum(
        1
        for site_id, pairs in quarters.items()
        if site_id not in latest and _employment_rate(pairs) is not None
    )
    charts = [
        _component_chart(component, scale, year, quarters, latest)
        for component in components
        if scale is not None
    ]
    return Overview(year=year, scale=scale, charts=charts, without_review=without)


def _component_chart(
    component: ScaleComponent,
    scale: FidelityScale,
    year: int,
    quarters: dict[int, list[tuple[int, int, int | None]]],
    latest: dict[int, ReviewSummary],
) -> ComponentChart:
    points = []
    for site_id, summary in latest.items():
        rate = _rate_of(component, quarters[site_id])
        total = next(
            (c["total"] for c in summary.components if c.get("code") == component.code), None
        )
        if rate is None or total is None or summary.visit_start is None:
            continue
        out_of_work = sum(out for _w, out, _e in quarters[site_id])
        points.append(SitePoint(summary.site, total, summary.visit_start, rate, out_of_work))
    points.sort(key=lambda p: p.site.name)
    bands = list(component.bands.all())
    education = component.compared_with == "education"
    name = scale.code if component.code == WHOLE_SCALE else f"{scale.code}, {component.name}"
    chart = scatter_chart(
        [ScatterPoint(p.total, p.rate, p.site.name) for p in points],
        x_low=min((b.min_total for b in bands), default=MIN_SCORE),
        x_high=max((b.max_total for b in bands), default=MAX_SCORE),
        x_label=_("Fidelity total (%(scale)s)") % {"scale": name},
        y_label=_("Education rate") if education else _("Employment rate"),
        title=(
            _("%(component)s total against education rate, %(year)s")
            if education
            else _("Fidelity total against employment rate, %(year)s")
        )
        % {"year": year, "component": component.name},
        description=_("One point per site; the table below lists the same sites and numbers."),
        benchmarks=[] if education else [b for b in benchmarks() if b.side == "left"],
        ident=f"overview-{component.code}",
    )
    correlation = pearson_correlation([(p.total, p.rate) for p in points])
    return ComponentChart(component, points, correlation, chart)
