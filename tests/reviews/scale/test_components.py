"""A scale in components (IPS-Y has two: employment and education), each with its own
total, bands and good-fidelity total, read from the scale file and scored. Shown on a
made-up scale (two-components.toml): IPS-Y's own text is licensed."""

import copy
import tomllib
from pathlib import Path

import pytest

from reviews.scale.files import ScaleFileError, check_scale_data, spec_of
from reviews.scale.selectors import scale_spec
from reviews.scale.services import install_scale
from reviews.scoring import (
    IncompleteScores,
    ScoreSheet,
    component_results,
    good_fidelity,
)

FILE = Path(__file__).with_name("two-components.toml")


@pytest.fixture
def data() -> dict:
    with FILE.open("rb") as handle:
        return tomllib.load(handle)


def problems(data) -> list[str]:
    with pytest.raises(ScaleFileError) as error:
        check_scale_data(data, source="test.toml")
    return error.value.problems


def sheet_with(spec, totals: dict[str, int]) -> ScoreSheet:
    """A complete sheet whose components add up to these totals."""
    scores = {}
    for component in spec.parts:
        left = totals[component.code]
        for position, number in enumerate(component.item_numbers):
            remaining_items = component.item_count - position - 1
            score = max(1, min(5, left - remaining_items))
            scores[number] = score
            left -= score
        assert left == 0
    return ScoreSheet(spec.code, spec.version, scores)


def test_the_made_up_scale_is_a_valid_file(data):
    spec = spec_of(check_scale_data(data))
    assert [(c.code, c.item_count, c.min_total, c.max_total) for c in spec.parts] == [
        ("employment", 6, 6, 30),
        ("education", 4, 4, 20),
    ]


def test_each_component_has_its_own_band_at_every_band_edge(data):
    spec = spec_of(check_scale_data(data))
    for component in spec.parts:
        other = next(c for c in spec.parts if c is not component)
        for band in component.bands:
            for total in (band.min_total, band.max_total):
                totals = {component.code: total, other.code: other.min_total}
                results = {r.code: r for r in component_results(spec, sheet_with(spec, totals))}
                assert results[component.code].total == total
                assert results[component.code].band.code == band.code, (component.code, total)
                assert results[component.code].max_total == component.max_total
                assert results[other.code].band.code == "not-ips"


def test_good_fidelity_is_per_component_and_the_cadence_reads_the_one_named(data):
    spec = spec_of(check_scale_data(data))
    good_work_poor_school = component_results(
        spec, sheet_with(spec, {"employment": 22, "education": 4})
    )
    assert [r.good_fidelity for r in good_work_poor_school] == [True, False]
    assert good_fidelity(good_work_poor_school)  # the cadence reads employment only
    just_below = component_results(spec, sheet_with(spec, {"employment": 21, "education": 20}))
    assert [r.good_fidelity for r in just_below] == [False, True]
    assert not good_fidelity(just_below)


def test_a_scale_without_components_is_one_component_of_all_items():
    from reviews.scale.files import SCALES_DIR, read_scale_file

    spec = spec_of(read_scale_file(SCALES_DIR / "ips-25.toml"))
    (whole,) = spec.parts
    assert (whole.item_count, whole.min_total, whole.max_total) == (25, 25, 125)
    sheet = ScoreSheet(spec.code, spec.version, dict.fromkeys(spec.item_numbers, 4))
    (result,) = component_results(spec, sheet)
    assert (result.total, result.band.code, result.good_fidelity) == (100, "good", True)
    assert good_fidelity([result])


def test_an_incomplete_sheet_has_no_component_results(data):
    spec = spec_of(check_scale_data(data))
    with pytest.raises(IncompleteScores):
        component_results(spec, ScoreSheet(spec.code, spec.version, {1: 3}))


def test_every_rule_of_a_component_file_is_checked(data):
    unknown = copy.deepcopy(data)
    unknown["sections"][1]["component"] = "school"
    assert any("component must be one of" in p for p in problems(unknown))

    gap = copy.deepcopy(data)
    gap["components"][1]["bands"][0]["min_total"] = 19
    assert any("Component 'education'" in p for p in problems(gap))

    good_outside = copy.deepcopy(data)
    good_outside["components"][0]["good_fidelity_from"] = 31
    assert any("good fidelity from 31" in p for p in problems(good_outside))

    nobody_read = copy.deepcopy(data)
    for component in nobody_read["components"]:
        component["read_by_cadence"] = False
    assert any("cadence must read" in p for p in problems(nobody_read))

    both = copy.deepcopy(data)
    both["bands"] = both["components"][0]["bands"]
    assert any("gives bands per component" in p for p in problems(both))

    twice = copy.deepcopy(data)
    twice["components"][1]["code"] = "employment"
    assert any("used more than once" in p for p in problems(twice))

    stray = copy.deepcopy(data)
    stray["components"][0]["weight"] = 2
    assert problems(stray)

    compared = copy.deepcopy(data)
    compared["components"][1]["compared_with"] = "housing"
    assert any(
        "compared_with must be one of employment, education" in p for p in problems(compared)
    )


def test_a_section_names_a_component_only_in_a_scale_in_components():
    from reviews.scale.files import SCALES_DIR

    with (SCALES_DIR / "ips-25.toml").open("rb") as handle:
        ips25 = tomllib.load(handle)
    ips25["sections"][0]["component"] = "employment"
    assert any("needs a [[components]] table" in p for p in problems(ips25))


@pytest.mark.django_db
def test_an_installed_scale_in_components_scores_as_its_file_does(data):
    definition = check_scale_data(data, source="two-components.toml")
    scale = install_scale(definition)
    assert scale.good_fidelity_from is None
    assert [
        (c.code, c.items.count(), c.bands.count(), c.good_fidelity_from, c.read_by_cadence)
        for c in scale.components.order_by("position")
    ] == [("employment", 6, 4, 22, True), ("education", 4, 4, 15, False)]
    stored, from_file = scale_spec(scale), spec_of(definition)
    assert stored.parts == from_file.parts
    sheet = sheet_with(stored, {"employment": 27, "education": 14})
    assert [(r.code, r.band.code) for r in component_results(stored, sheet)] == [
        ("employment", "exemplary"),
        ("education", "fair"),
    ]


@pytest.mark.django_db
def test_a_scale_without_components_is_stored_with_its_one_component(scale):
    (whole,) = scale.components.all()
    assert (whole.code, whole.items.count(), whole.bands.count()) == ("total", 25, 4)
    assert whole.compared_with == "employment"  # what fidelity is for
    assert whole.good_fidelity_from == scale.good_fidelity_from == 100
