import math

import pytest

from reviews.scoring import (
    BandSpec,
    IncompleteScores,
    InvalidBands,
    InvalidScore,
    InvalidThreshold,
    ScaleMismatch,
    ScaleSpec,
    ScoreSheet,
    SectionSpec,
    TotalOutOfRange,
    UnknownItem,
    compared_value,
    completeness,
    fidelity_band,
    section_subtotals,
    suggest_for_item,
    suggest_score,
    total_score,
    validate_bands,
    validate_score,
)

IPS25 = ScaleSpec(
    code="IPS-25",
    version="1",
    sections=(
        SectionSpec("staffing", (1, 2, 3)),
        SectionSpec("organization", tuple(range(4, 12))),
        SectionSpec("services", tuple(range(12, 26))),
    ),
    bands=(
        BandSpec("exemplary", 115, 125),
        BandSpec("good", 100, 114),
        BandSpec("fair", 74, 99),
        BandSpec("not_supported", 25, 73),
    ),
)

# The synthetic fixtures of the domain description, items 1-25 in order.
FIXTURES = {
    "max": ([5] * 25, 125, "exemplary"),
    "exemplary": (
        [5, 5, 5] + [5, 5, 4, 5, 5, 5, 4, 4] + [5, 5, 5, 5, 5, 4, 5, 5, 5, 5, 5, 5, 4, 5],
        120,
        "exemplary",
    ),
    "good edge": (
        [4, 5, 5] + [4, 4, 3, 5, 4, 5, 3, 3] + [3, 5, 4, 5, 4, 3, 4, 4, 4, 5, 4, 4, 3, 3],
        100,
        "good",
    ),
    "fair": (
        [3, 4, 4] + [4, 3, 2, 3, 3, 4, 3, 2] + [3, 4, 3, 4, 3, 2, 3, 4, 4, 5, 3, 3, 2, 2],
        80,
        "fair",
    ),
    "fair edge": (
        [4, 4, 4] + [2, 2, 2, 3, 3, 3, 2, 2] + [3, 3, 3, 3, 3, 2, 3, 4, 4, 5, 3, 3, 2, 2],
        74,
        "fair",
    ),
    "not SE edge": (
        [4, 3, 4] + [2, 2, 2, 3, 3, 3, 2, 2] + [3, 3, 3, 3, 3, 2, 3, 4, 4, 5, 3, 3, 2, 2],
        73,
        "not_supported",
    ),
    "min": ([1] * 25, 25, "not_supported"),
}


def sheet(scores, scale=IPS25) -> ScoreSheet:
    if isinstance(scores, list):
        scores = dict(enumerate(scores, start=1))
    return ScoreSheet(scale.code, scale.version, scores)


@pytest.mark.parametrize("name", FIXTURES)
def test_domain_fixtures_total_and_band(name):
    scores, total, band = FIXTURES[name]
    assert total_score(IPS25, sheet(scores)) == total
    assert fidelity_band(IPS25, total).code == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (25, "not_supported"),
        (73, "not_supported"),
        (74, "fair"),
        (99, "fair"),
        (100, "good"),
        (114, "good"),
        (115, "exemplary"),
        (125, "exemplary"),
    ],
)
def test_band_boundaries_are_inclusive(total, band):
    assert fidelity_band(IPS25, total).code == band


@pytest.mark.parametrize("total", [24, 126, 0, -1])
def test_band_refuses_totals_outside_the_scale(total):
    with pytest.raises(TotalOutOfRange, match="from 25 to 125"):
        fidelity_band(IPS25, total)


@pytest.mark.parametrize("total", [99.5, "100", None, True])
def test_band_refuses_a_total_that_is_not_a_whole_number(total):
    with pytest.raises(TotalOutOfRange, match="whole number"):
        fidelity_band(IPS25, total)


def test_section_subtotals_follow_the_sections():
    scores, _total, _band = FIXTURES["fair"]
    subtotals = section_subtotals(IPS25, sheet(scores))
    assert [(s.code, s.subtotal, s.max_subtotal) for s in subtotals] == [
        ("staffing", 11, 15),
        ("organization", 24, 40),
        ("services", 45, 70),
    ]
    assert sum(s.subtotal for s in subtotals) == 80
    assert all(s.complete for s in subtotals)


def test_section_subtotals_count_what_is_scored_so_far():
    subtotals = section_subtotals(IPS25, sheet({1: 4, 2: 5, 12: 3}))
    assert [(s.scored, s.item_count, s.subtotal) for s in subtotals] == [
        (2, 3, 9),
        (0, 8, 0),
        (1, 14, 3),
    ]
    assert not subtotals[0].complete


def test_completeness_lists_missing_items_in_order():
    scores = {n: 3 for n in range(1, 26) if n not in (7, 3, 25)}
    state = completeness(IPS25, sheet(scores))
    assert state.missing == (3, 7, 25)
    assert (state.scored, state.item_count, state.complete) == (22, 25, False)


def test_total_refuses_an_incomplete_sheet_and_names_the_missing_items():
    scores = {n: 3 for n in range(1, 25)}
    with pytest.raises(IncompleteScores, match=r"1 item\(s\) have no score: 25\.") as error:
        total_score(IPS25, sheet(scores))
    assert error.value.missing == (25,)


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "4", None, True, math.nan])
def test_invalid_scores_are_refused_with_the_item_number(bad):
    scores = [3] * 25
    scores[9] = bad
    with pytest.raises(InvalidScore, match="Item 10"):
        total_score(IPS25, sheet(scores))


@pytest.mark.parametrize("good", [1, 2, 3, 4, 5])
def test_validate_score_accepts_one_to_five(good):
    assert validate_score(good) == good


def test_scores_for_another_scale_version_are_refused():
    other = ScoreSheet("IPS-25", "2", {n: 3 for n in range(1, 26)})
    with pytest.raises(ScaleMismatch, match="IPS-25 v2, not for IPS-25 v1"):
        total_score(IPS25, other)


def test_unknown_item_numbers_are_refused():
    scores = {n: 3 for n in range(1, 27)}
    with pytest.raises(UnknownItem, match="no item\\(s\\) numbered 26"):
        total_score(IPS25, sheet(scores))


def test_nothing_assumes_twenty_five_items():
    youth = ScaleSpec(
        code="IPS-Y",
        version="1",
        sections=(SectionSpec("a", tuple(range(1, 20))), SectionSpec("b", tuple(range(20, 36)))),
        bands=(BandSpec("high", 140, 175), BandSpec("low", 35, 139)),
    )
    validate_bands(youth.item_count, youth.bands)
    all_fours = ScoreSheet("IPS-Y", "1", {n: 4 for n in range(1, 36)})
    assert total_score(youth, all_fours) == 140
    assert fidelity_band(youth, 140).code == "high"
    assert fidelity_band(youth, 35).code == "low"
    with pytest.raises(TotalOutOfRange, match="from 35 to 175"):
        fidelity_band(youth, 25)


def test_validate_bands_accepts_the_ips25_bands():
    validate_bands(25, IPS25.bands)


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([BandSpec("a", 25, 99), BandSpec("b", 101, 125)], "starts at 101; expected 100"),
        ([BandSpec("a", 25, 100), BandSpec("b", 100, 125)], "starts at 100; expected 101"),
        ([BandSpec("a", 26, 125)], "starts at 26; expected 25"),
        ([BandSpec("a", 25, 120)], "end at 120; they must end at 125"),
        ([BandSpec("a", 25, 124), BandSpec("b", 125, 124)], "after its end"),
        ([], "at least one"),
    ],
)
def test_validate_bands_refuses_gaps_and_overlaps(bands, message):
    with pytest.raises(InvalidBands, match=message):
        validate_bands(25, bands)


CASELOAD = {"direction": "lower", "bounds": [40, 30, 25, 20]}
STAFF_TIME = {"direction": "higher", "bounds": [60, 74, 87, 96]}


@pytest.mark.parametrize(
    ("value", "score"),
    [(0, 5), (20, 5), (20.5, 4), (25, 4), (26, 3), (30, 3), (31, 2), (40, 2), (41, 1), (200, 1)],
)
def test_suggestion_for_a_lower_is_better_item(value, score):
    assert suggest_score(CASELOAD, value) == score


@pytest.mark.parametrize(
    ("value", "score"),
    [
        (0, 1),
        (59.4, 1),
        (59.5, 2),
        (60, 2),
        (73, 2),
        (73.5, 3),
        (74, 3),
        (86, 3),
        (87, 4),
        (95, 4),
        (96, 5),
        (100, 5),
    ],
)
def test_suggestion_for_a_higher_is_better_item(value, score):
    assert suggest_score(STAFF_TIME, value) == score


@pytest.mark.parametrize(
    ("bounds", "value", "compared"),
    [([60, 74], 59.5, 60), ([60, 74], 59.49, 59), ([2.5, 4], 2.45, 2.5), ([2.5, 4], 2.44, 2.4)],
)
def test_one_rounding_rule_half_up_to_the_precision_of_the_bounds(bounds, value, compared):
    assert compared_value({"bounds": bounds}, value) == compared


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        ({"direction": "up", "bounds": [1, 2, 3, 4]}, "direction"),
        ({"direction": "higher", "bounds": [1, 2, 3]}, "4 numbers"),
        ({"direction": "higher", "bounds": [4, 3, 2, 1]}, "must rise"),
        ({"direction": "lower", "bounds": [1, 2, 3, 4]}, "must fall"),
        ({"direction": "higher", "bounds": [1, 2, "3", 4]}, "4 numbers"),
    ],
)
def test_invalid_thresholds_are_refused(threshold, message):
    with pytest.raises(InvalidThreshold, match=message):
        suggest_score(threshold, 10)


@pytest.mark.parametrize("value", [-1, "12", None, math.nan, True])
def test_suggestion_refuses_values_that_are_not_measurements(value):
    with pytest.raises(InvalidThreshold):
        suggest_score(CASELOAD, value)


def test_a_suggestion_says_which_bound_the_value_reached():
    threshold = {**CASELOAD, "metric": "clients_per_es", "unit": "clients"}
    suggestion = suggest_for_item(threshold, {"clients_per_es": 22}, {})
    assert (suggestion.score, suggestion.bound, suggestion.value) == (4, 25, 22)
    lowest = suggest_for_item(threshold, {"clients_per_es": 55}, {})
    assert (lowest.score, lowest.bound, lowest.first_bound) == (1, None, 40)


def test_a_component_item_is_suggested_from_the_count_of_components():
    threshold = {
        "metric": "team_contact_components_present",
        "unit": "components",
        "direction": "higher",
        "bounds": [2, 3, 4, 5],
    }
    suggestion = suggest_for_item(threshold, {}, {"team_contact_components_present": [0, 2, 4]})
    assert (suggestion.score, suggestion.value) == (3, 3)
    assert suggest_for_item(threshold, {}, {"team_contact_components_present": []}).score == 1


def test_no_suggestion_without_the_number():
    threshold = {**CASELOAD, "metric": "clients_per_es", "unit": "clients"}
    assert suggest_for_item(threshold, {}, {}) is None
    assert suggest_for_item(threshold, {"clients_per_es": None}, {}) is None
