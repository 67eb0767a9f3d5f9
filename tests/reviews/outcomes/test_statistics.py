"""The employment rate, its pooling over quarters, and Pearson's r: pure, checked by hand."""

import math

import pytest

from reviews.charts import Benchmark, RatePoint, ScatterPoint, rate_chart, scatter_chart
from reviews.outcomes.statistics import (
    EMPLOYMENT_BENCHMARKS,
    OutcomeError,
    employment_rate,
    pearson_correlation,
    pooled_employment_rate,
)


def test_the_rate_counts_only_people_out_of_work_at_the_start():
    assert employment_rate(in_paid_work=17, out_of_work=41) == pytest.approx(0.4146, abs=1e-4)


def test_nobody_out_of_work_means_no_rate_not_zero():
    assert employment_rate(in_paid_work=0, out_of_work=0) is None


@pytest.mark.parametrize(("in_work", "out"), [(5, 4), (-1, 4), (1, -1)])
def test_an_impossible_pair_is_refused(in_work, out):
    with pytest.raises(OutcomeError):
        employment_rate(in_paid_work=in_work, out_of_work=out)


def test_quarters_pool_by_their_people_not_by_their_rates():
    # 1 of 2 (50 %) and 30 of 100 (30 %): pooled 31/102, not the mean 40 %.
    assert pooled_employment_rate([(1, 2), (30, 100)]) == pytest.approx(31 / 102)
    assert pooled_employment_rate([]) is None


def test_pearson_matches_a_hand_computed_value():
    # x = 1..5, y = 2, 4, 5, 4, 5: r = 6 / sqrt(10 * 6) = 0.7746
    pairs = [(1, 2), (2, 4), (3, 5), (4, 4), (5, 5)]
    assert pearson_correlation(pairs) == pytest.approx(6 / math.sqrt(60))


def test_pearson_is_one_or_minus_one_on_a_straight_line():
    assert pearson_correlation([(80, 0.2), (100, 0.4), (120, 0.6)]) == pytest.approx(1)
    assert pearson_correlation([(80, 0.6), (100, 0.4), (120, 0.2)]) == pytest.approx(-1)


@pytest.mark.parametrize(
    "pairs",
    [[], [(80, 0.3)], [(80, 0.3), (100, 0.5)], [(80, 0.3), (90, 0.3), (100, 0.3)]],
)
def test_pearson_is_undefined_with_fewer_than_three_sites_or_no_variation(pairs):
    assert pearson_correlation(pairs) is None


def test_the_benchmarks_are_the_published_ones():
    assert dict(EMPLOYMENT_BENCHMARKS) == {
        "ips_grow": 0.40,
        "minimal": 0.31,
        "average": 0.41,
        "excellent": 0.50,
    }


def test_the_rate_chart_is_named_described_and_breaks_at_a_quarter_without_rate():
    svg = rate_chart(
        [RatePoint("2025 Q1", 0.3), RatePoint("2025 Q2", 0.35), RatePoint("2025 Q3", None)]
        + [RatePoint("2025 Q4", 0.5), RatePoint("2026 Q1", 0.45)],
        benchmarks=[Benchmark(0.4, "IPS Grow 40 %", "left"), Benchmark(0.5, "excellent 50 %")],
        title="Rate <per> quarter",
        description="The table holds the same numbers.",
        ident="r1",
    )
    assert 'aria-labelledby="r1-title r1-desc"' in svg
    assert '<title id="r1-title">Rate &lt;per&gt; quarter</title>' in svg
    assert '<desc id="r1-desc">' in svg
    assert svg.count("<polyline") == 2  # Q1 to Q2 and Q4 to Q1, no line through Q3
    assert svg.count("<circle") == 4
    assert "IPS Grow 40 %" in svg and "excellent 50 %" in svg


def test_the_scatter_has_one_point_per_site_with_its_name():
    svg = scatter_chart(
        [ScatterPoint(104, 0.45, "IPS Tromsø"), ScatterPoint(80, 0.2, "A & B")],
        x_low=25,
        x_high=125,
        x_label="Fidelity total",
        y_label="Employment rate",
        title="t",
        description="d",
    )
    assert svg.count("<circle") == 2
    assert "IPS Tromsø: 104, 45 %" in svg and "A &amp; B" in svg
