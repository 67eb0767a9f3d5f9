"""Pure rules of the employment outcomes: the employment rate, its pooling over
quarters, the benchmarks it is read against, and Pearson's r of fidelity against
employment. No database, no request: values in, values out.
"""

import statistics
from collections.abc import Sequence


class OutcomeError(ValueError):
    """Figures that cannot be: the message says why."""


# Benchmarks for the employment rate (people in ordinary paid work among those
# who were out of work when they started): IPS Grow's benchmark, and the US
# learning collaborative's minimal, average and excellent from its 8-year data.
EMPLOYMENT_BENCHMARKS = (
    ("ips_grow", 0.40),
    ("minimal", 0.31),
    ("average", 0.41),
    ("excellent", 0.50),
)


def employment_rate(*, in_paid_work: int, out_of_work: int) -> float | None:
    """The share in paid work of the people who were out of work when they started.

    None when nobody started out of work: there is no rate, not a rate of 0.
    """
    if in_paid_work < 0 or out_of_work < 0 or in_paid_work > out_of_work:
        raise OutcomeError("in paid work must be between 0 and the number out of work")
    if out_of_work == 0:
        return None
    return in_paid_work / out_of_work


def pooled_employment_rate(quarters: Sequence[tuple[int, int]]) -> float | None:
    """The rate over several quarters, as (in paid work, out of work) pairs: the sums
    divided, so a quarter with many people weighs more than one with few."""
    return employment_rate(
        in_paid_work=sum(in_work for in_work, _out in quarters),
        out_of_work=sum(out for _in_work, out in quarters),
    )


def pearson_correlation(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Pearson's r of the pairs; None with fewer than three pairs or when either
    variable does not vary (r is undefined, not 0)."""
    if len(pairs) < 3:
        return None
    xs = [float(x) for x, _y in pairs]
    ys = [float(y) for _x, y in pairs]
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return None
