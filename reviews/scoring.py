"""Pure scoring rules: no database, no request, only values in and values out.

A scale is described by a ScaleSpec (its sections, item numbers and bands) and
a reviewer's or the consensus scores by a ScoreSheet that names the scale
version it was made for. Nothing here knows how many items a scale has: that
comes from the scale's data file.

Every function refuses bad input with a ScoringError subclass whose message
says what is wrong, so callers can show it as it is.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

MIN_SCORE = 1
MAX_SCORE = 5
# The code of the one component of a scale whose file names none.
WHOLE_SCALE = "total"


class ScoringError(ValueError):
    """Scores that cannot be scored as given."""


class InvalidScore(ScoringError):
    pass


class UnknownItem(ScoringError):
    pass


class ScaleMismatch(ScoringError):
    pass


class IncompleteScores(ScoringError):
    def __init__(self, missing: Sequence[int]) -> None:
        self.missing = tuple(missing)
        listed = ", ".join(str(number) for number in self.missing)
        super().__init__(f"{len(self.missing)} item(s) have no score: {listed}.")


class TotalOutOfRange(ScoringError):
    pass


class InvalidBands(ScoringError):
    pass


class InvalidThreshold(ScoringError):
    pass


@dataclass(frozen=True)
class BandSpec:
    code: str
    min_total: int
    max_total: int
    name_en: str = ""
    name_nb: str = ""
    name_nn: str = ""


@dataclass(frozen=True)
class SectionSpec:
    code: str
    item_numbers: tuple[int, ...]


class Totals:
    """The totals a set of items can reach: the lowest and highest possible sums."""

    if TYPE_CHECKING:  # a field of one subclass, a property of the other

        @property
        def item_numbers(self) -> tuple[int, ...]: ...

    @property
    def item_count(self) -> int:
        return len(self.item_numbers)

    @property
    def min_total(self) -> int:
        return self.item_count * MIN_SCORE

    @property
    def max_total(self) -> int:
        return self.item_count * MAX_SCORE


@dataclass(frozen=True)
class ComponentSpec(Totals):
    """A part of a scale with its own total and its own bands (IPS-Y: employment and
    education). A scale without components has one, holding every item."""

    code: str
    item_numbers: tuple[int, ...]
    bands: tuple[BandSpec, ...]
    # From this total on, the component shows good fidelity; None: no such rule.
    good_fidelity_from: int | None = None
    # Whether the cadence (how soon the next review) reads this component.
    read_by_cadence: bool = True
    name_en: str = ""
    name_nb: str = ""
    name_nn: str = ""


@dataclass(frozen=True)
class ComponentResult:
    """One component's total of a complete score sheet, and its band."""

    code: str
    total: int
    max_total: int
    band: BandSpec
    good_fidelity: bool
    read_by_cadence: bool
    name_en: str = ""
    name_nb: str = ""
    name_nn: str = ""


@dataclass(frozen=True)
class ScaleSpec(Totals):
    """What scoring needs to know of one scale version."""

    code: str
    version: str
    sections: tuple[SectionSpec, ...]
    bands: tuple[BandSpec, ...]
    components: tuple[ComponentSpec, ...] = ()
    good_fidelity_from: int | None = None

    @property
    def parts(self) -> tuple[ComponentSpec, ...]:
        """The components, or the whole scale as its one component."""
        if self.components:
            return self.components
        return (
            ComponentSpec(
                code=WHOLE_SCALE,
                item_numbers=self.item_numbers,
                bands=self.bands,
                good_fidelity_from=self.good_fidelity_from,
            ),
        )

    @property
    def item_numbers(self) -> tuple[int, ...]:
        return tuple(n for section in self.sections for n in section.item_numbers)

    @property
    def label(self) -> str:
        return f"{self.code} v{self.version}"


@dataclass(frozen=True)
class ScoreSheet:
    """Scores by item number, for the scale version named."""

    scale_code: str
    scale_version: str
    scores: Mapping[int, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.scale_code} v{self.scale_version}"


@dataclass(frozen=True)
class SectionSubtotal:
    code: str
    item_count: int
    scored: int
    subtotal: int
    max_subtotal: int

    @property
    def complete(self) -> bool:
        return self.scored == self.item_count


@dataclass(frozen=True)
class Completeness:
    scored: int
    item_count: int
    missing: tuple[int, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def validate_score(value: object) -> int:
    """Return value as a score, or raise InvalidScore saying why it is not one."""
    # bool is an int in Python; True must not pass as a score of 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidScore(
            f"A score is a whole number from {MIN_SCORE} to {MAX_SCORE}, not {value!r}."
        )
    if not MIN_SCORE <= value <= MAX_SCORE:
        raise InvalidScore(f"A score is from {MIN_SCORE} to {MAX_SCORE}; {value} is out of range.")
    return value


def validate_sheet(scale: ScaleSpec, sheet: ScoreSheet) -> None:
    """Check the sheet belongs to this scale version and holds only valid scores."""
    if (sheet.scale_code, sheet.scale_version) != (scale.code, scale.version):
        raise ScaleMismatch(f"These scores are for {sheet.label}, not for {scale.label}.")
    known = set(scale.item_numbers)
    unknown = sorted(n for n in sheet.scores if n not in known)
    if unknown:
        listed = ", ".join(str(n) for n in unknown)
        raise UnknownItem(f"{scale.label} has no item(s) numbered {listed}.")
    for number, score in sheet.scores.items():
        try:
            validate_score(score)
        except InvalidScore as error:
            raise InvalidScore(f"Item {number}: {error}") from None


def completeness(scale: ScaleSpec, sheet: ScoreSheet) -> Completeness:
    """How many items are scored, and which are still missing (in item order)."""
    validate_sheet(scale, sheet)
    missing = tuple(n for n in scale.item_numbers if n not in sheet.scores)
    return Completeness(
        scored=scale.item_count - len(missing), item_count=scale.item_count, missing=missing
    )


def section_subtotals(scale: ScaleSpec, sheet: ScoreSheet) -> tuple[SectionSubtotal, ...]:
    """Subtotal of each section over the items scored so far (for live display)."""
    validate_sheet(scale, sheet)
    result = []
    for section in scale.sections:
        scored = [sheet.scores[n] for n in section.item_numbers if n in sheet.scores]
        result.append(
            SectionSubtotal(
                code=section.code,
                item_count=len(section.item_numbers),
                scored=len(scored),
                subtotal=sum(scored),
                max_subtotal=len(section.item_numbers) * MAX_SCORE,
            )
        )
    return tuple(result)


def total_score(scale: ScaleSpec, sheet: ScoreSheet) -> int:
    """The total of a complete sheet; raises IncompleteScores listing what is missing."""
    state = completeness(scale, sheet)
    if not state.complete:
        raise IncompleteScores(state.missing)
    return sum(sheet.scores[n] for n in scale.item_numbers)


def validate_bands(item_count: int, bands: Sequence[BandSpec]) -> None:
    """Bands must cover every possible total exactly once, with no gap or overlap."""
    if not bands:
        raise InvalidBands("A scale needs at least one fidelity band.")
    low, high = item_count * MIN_SCORE, item_count * MAX_SCORE
    ordered = sorted(bands, key=lambda band: band.min_total)
    expected_start = low
    for band in ordered:
        if band.min_total > band.max_total:
            raise InvalidBands(f"Band {band.code!r} starts at {band.min_total}, after its end.")
        if band.min_total != expected_start:
            raise InvalidBands(
                f"Band {band.code!r} starts at {band.min_total}; expected {expected_start} "
                "(bands must follow each other with no gap or overlap)."
            )
        expected_start = band.max_total + 1
    if expected_start - 1 != high:
        raise InvalidBands(f"The bands end at {expected_start - 1}; they must end at {high}.")


def fidelity_band(scale: ScaleSpec, total: int) -> BandSpec:
    """The band a total falls in (bounds inclusive)."""
    if isinstance(total, bool) or not isinstance(total, int):
        raise TotalOutOfRange(f"A total is a whole number, not {total!r}.")
    if not scale.min_total <= total <= scale.max_total:
        raise TotalOutOfRange(
            f"A total on {scale.label} is from {scale.min_total} to {scale.max_total}; "
            f"{total} is out of range."
        )
    for band in scale.bands:
        if band.min_total <= total <= band.max_total:
            return band
    raise InvalidBands(f"{scale.label} has no band for a total of {total}.")


def validate_components(item_numbers: Sequence[int], components: Sequence[ComponentSpec]) -> None:
    """Every item in exactly one component; each component's bands cover its own totals,
    and its good-fidelity total is one of them; at least one component is read by the
    cadence."""
    if not components:
        return
    counted: dict[int, str] = {}
    for component in components:
        for number in component.item_numbers:
            if number in counted:
                raise InvalidBands(
                    f"Item {number} is in both component {counted[number]!r} "
                    f"and {component.code!r}."
                )
            counted[number] = component.code
        if not component.item_numbers:
            raise InvalidBands(f"Component {component.code!r} has no items.")
        try:
            validate_bands(component.item_count, component.bands)
        except InvalidBands as error:
            raise InvalidBands(f"Component {component.code!r}: {error}") from None
        good = component.good_fidelity_from
        if good is not None and not component.min_total <= good <= component.max_total:
            raise InvalidBands(
                f"Component {component.code!r}: good fidelity from {good} is not a total "
                f"between {component.min_total} and {component.max_total}."
            )
    outside = sorted(set(item_numbers) - set(counted))
    if outside:
        raise InvalidBands(f"Item(s) {', '.join(map(str, outside))} are in no component.")
    if not any(component.read_by_cadence for component in components):
        raise InvalidBands("The cadence must read at least one component.")


def component_results(scale: ScaleSpec, sheet: ScoreSheet) -> tuple[ComponentResult, ...]:
    """Each component's total and band of a complete sheet (one for a scale without
    components); raises IncompleteScores listing what is missing."""
    state = completeness(scale, sheet)
    if not state.complete:
        raise IncompleteScores(state.missing)
    results = []
    for component in scale.parts:
        total = sum(sheet.scores[n] for n in component.item_numbers)
        band = next((b for b in component.bands if b.min_total <= total <= b.max_total), None)
        if band is None:
            raise InvalidBands(f"Component {component.code!r} has no band for {total}.")
        good = component.good_fidelity_from
        results.append(
            ComponentResult(
                code=component.code,
                total=total,
                max_total=component.max_total,
                band=band,
                good_fidelity=good is not None and total >= good,
                read_by_cadence=component.read_by_cadence,
                name_en=component.name_en,
                name_nb=component.name_nb,
                name_nn=component.name_nn,
            )
        )
    return tuple(results)


def good_fidelity(results: Sequence[ComponentResult]) -> bool:
    """Good fidelity for the cadence: every component the cadence reads shows it."""
    read = [result for result in results if result.read_by_cadence]
    return bool(read) and all(result.good_fidelity for result in read)


def validate_threshold(threshold: Mapping) -> None:
    """A threshold maps a measured value to a suggested score (see suggest_score)."""
    direction = threshold.get("direction")
    if direction not in ("lower", "higher"):
        raise InvalidThreshold(f"direction must be 'lower' or 'higher', not {direction!r}.")
    bounds = threshold.get("bounds")
    if (
        not isinstance(bounds, list)
        or len(bounds) != MAX_SCORE - MIN_SCORE
        or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
    ):
        raise InvalidThreshold(
            f"bounds must be {MAX_SCORE - MIN_SCORE} numbers (the value for score 2 to 5), "
            f"not {bounds!r}."
        )
    steps = list(pairwise(bounds))
    rising = all(a < b for a, b in steps)
    falling = all(a > b for a, b in steps)
    if direction == "higher" and not rising:
        raise InvalidThreshold(f"With direction 'higher' the bounds must rise: {bounds}.")
    if direction == "lower" and not falling:
        raise InvalidThreshold(f"With direction 'lower' the bounds must fall: {bounds}.")
    too_few = threshold.get("too_few")
    if too_few is not None and not (
        isinstance(too_few, Mapping)
        and isinstance(too_few.get("metric"), str)
        and isinstance(too_few.get("below"), int)
        and not isinstance(too_few.get("below"), bool)
        and too_few["below"] > 0
    ):
        raise InvalidThreshold(
            f"too_few must name a count metric and the count below which the item "
            f"scores 1, not {too_few!r}."
        )


def compared_value(threshold: Mapping, value: float) -> float:
    """The measured value as it is compared with the bounds: rounded half up to the
    precision of the bounds, whole numbers for every IPS-25 threshold.

    The anchors are written as whole-number ranges ("30 % or less", "31-39 %"), so a
    reported 30.5 % would otherwise fall between two of them. One rule for every item:
    30.5 counts as 31, 30.4 as 30; 20.5 clients per specialist as 21.
    """
    places = max(_decimal_places(bound) for bound in threshold["bounds"])
    step = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def _decimal_places(number: float) -> int:
    exponent = Decimal(str(number)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def suggest_score(threshold: Mapping, value: float) -> int:
    """The score a measured value suggests, under an item's threshold.

    bounds[k] is the value needed for score k + 2: at least it when higher
    values are better, at most it when lower values are better. The reviewer
    decides; this is only a suggestion.
    """
    validate_threshold(threshold)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidThreshold(f"The measured value must be a number, not {value!r}.")
    if value < 0:
        raise InvalidThreshold(f"The measured value cannot be negative: {value}.")
    value = compared_value(threshold, value)
    if threshold["direction"] == "higher":
        reached = sum(1 for bound in threshold["bounds"] if value >= bound)
    else:
        reached = sum(1 for bound in threshold["bounds"] if value <= bound)
    return MIN_SCORE + reached


@dataclass(frozen=True)
class Agreement:
    """How far two reviewers agreed, item by item, before consensus."""

    item_count: int
    exact: float  # share of items with the same score, 0..1
    within_one: float  # share of items at most one point apart, 0..1
    # Quadratically weighted Cohen's kappa over the fixed categories 1..5.
    # None when it is undefined: both reviewers gave one and the same score
    # to every item, so there is no variation to agree on beyond chance.
    weighted_kappa: float | None
    total_a: int
    total_b: int


def inter_rater_agreement(scale: ScaleSpec, sheet_a: ScoreSheet, sheet_b: ScoreSheet) -> Agreement:
    """Agreement between two complete score sheets for the same scale version."""
    total_a = total_score(scale, sheet_a)
    total_b = total_score(scale, sheet_b)
    pairs = [(sheet_a.scores[n], sheet_b.scores[n]) for n in scale.item_numbers]
    count = len(pairs)
    exact = sum(1 for a, b in pairs if a == b) / count
    within_one = sum(1 for a, b in pairs if abs(a - b) <= 1) / count
    return Agreement(
        item_count=count,
        exact=exact,
        within_one=within_one,
        weighted_kappa=quadratic_weighted_kappa(pairs),
        total_a=total_a,
        total_b=total_b,
    )


def quadratic_weighted_kappa(pairs: Sequence[tuple[int, int]]) -> float | None:
    """Cohen's kappa with quadratic weights over the categories MIN_SCORE..MAX_SCORE.

    kappa = 1 - sum(w * observed) / sum(w * expected), with
    w[i][j] = (i - j)^2 and expected from the two reviewers' own score
    distributions. The weights' scale cancels out of the ratio.
    """
    if not pairs:
        raise ScoringError("Agreement needs at least one pair of scores.")
    categories = range(MIN_SCORE, MAX_SCORE + 1)
    count = len(pairs)
    share_a = {c: sum(1 for a, _b in pairs if a == c) / count for c in categories}
    share_b = {c: sum(1 for _a, b in pairs if b == c) / count for c in categories}
    observed = sum((a - b) ** 2 for a, b in pairs) / count
    expected = sum((i - j) ** 2 * share_a[i] * share_b[j] for i in categories for j in categories)
    if expected == 0:
        return None
    return 1 - observed / expected


@dataclass(frozen=True)
class Suggestion:
    """A score suggested by a measured value, with what it was derived from."""

    score: int
    value: float
    unit: str
    direction: str
    # The bound the value reached for this score; None for the lowest score,
    # which means the value did not reach the first bound.
    bound: float | None
    first_bound: float
    # The value after the rounding rule (compared_value), when it differs.
    rounded: float | None = None
    # Set when the item scores 1 because the count it rests on is too small to
    # judge (IPS-25 item 21: fewer than 10 jobs): that minimum count.
    too_few_below: int | None = None


def suggest_for_item(
    threshold: Mapping, measurements: Mapping[str, float], components: Mapping[str, Sequence]
) -> Suggestion | None:
    """The suggestion for one item from the pre-visit data, or None if its number is missing."""
    metric, bounds = threshold["metric"], threshold["bounds"]
    too_few = threshold.get("too_few")
    count = measurements.get(too_few["metric"]) if too_few else None
    if too_few and count is not None and count < too_few["below"]:
        # Too few to judge a share by (item 21: fewer than 10 jobs): 1, whatever the share.
        return Suggestion(
            score=MIN_SCORE,
            value=count,
            unit="count",
            direction=threshold["direction"],
            bound=None,
            first_bound=bounds[0],
            too_few_below=too_few["below"],
        )
    if threshold.get("unit") == "components":
        present = components.get(metric)
        if present is None:
            return None
        value: float = len(present)
    else:
        if measurements.get(metric) is None:
            return None
        value = measurements[metric]
    score = suggest_score(threshold, value)
    rounded = compared_value(threshold, value)
    return Suggestion(
        score=score,
        value=value,
        unit=threshold.get("unit", ""),
        direction=threshold["direction"],
        bound=bounds[score - MIN_SCORE - 1] if score > MIN_SCORE else None,
        first_bound=bounds[0],
        rounded=rounded if rounded != value else None,
    )
