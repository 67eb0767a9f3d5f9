"""Suggested scores at the boundaries of every quantitative item, as the domain tables give them.

The expectations are written out from the published anchors, not read from
the scale file, so a wrong threshold in the file fails here.
"""

import pytest

from reviews.scale.models import ScaleItem
from reviews.scoring import suggest_for_item

pytestmark = pytest.mark.django_db

BOUNDARIES = {
    1: [(0, 5), (20, 5), (21, 4), (25, 4), (26, 3), (30, 3), (31, 2), (40, 2), (41, 1)],
    2: [(59, 1), (60, 2), (73, 2), (74, 3), (86, 3), (87, 4), (95, 4), (96, 5), (100, 5)],
    15: [(7, 5), (30, 5), (31, 4), (60, 4), (61, 3), (150, 3), (151, 2), (270, 2), (271, 1)],
    16: [(24, 1), (25, 2), (49, 2), (50, 3), (74, 3), (75, 4), (89, 4), (90, 5)],
    17: [(1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (6, 5), (9, 5)],
    19: [(49, 1), (50, 2), (59, 2), (60, 3), (69, 3), (70, 4), (84, 4), (85, 5)],
    20: [(49, 1), (50, 2), (59, 2), (60, 3), (69, 3), (70, 4), (84, 4), (85, 5)],
    21: [(63, 1), (64, 2), (74, 2), (75, 3), (84, 3), (85, 4), (94, 4), (95, 5)],
    24: [(30, 1), (31, 2), (39, 2), (40, 3), (49, 3), (50, 4), (64, 4), (65, 5)],
}
COMPONENT_BOUNDARIES = {
    5: [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)],
    8: [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)],
    10: [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)],
    11: [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)],
    13: [(1, 2), (2, 3), (3, 4), (4, 5)],
    25: [(2, 1), (3, 2), (4, 3), (5, 4), (6, 5)],
}


def threshold_of(scale, number):
    return ScaleItem.objects.get(scale=scale, number=number).threshold


@pytest.mark.parametrize(
    ("number", "value", "score"),
    [(n, v, s) for n, cases in BOUNDARIES.items() for v, s in cases],
)
def test_measured_items_suggest_the_published_score(scale, number, value, score):
    threshold = threshold_of(scale, number)
    suggestion = suggest_for_item(threshold, {threshold["metric"]: value}, {})
    assert suggestion.score == score


@pytest.mark.parametrize(
    ("number", "count", "score"),
    [(n, c, s) for n, cases in COMPONENT_BOUNDARIES.items() for c, s in cases],
)
def test_component_items_suggest_from_how_many_are_in_place(scale, number, count, score):
    threshold = threshold_of(scale, number)
    present = list(range(count))
    suggestion = suggest_for_item(threshold, {}, {threshold["metric"]: present})
    assert suggestion.score == score


# Reported values between two anchors' whole-number ranges: rounded half up.
BETWEEN = {
    24: [(30.4, 1), (30.5, 2), (39.5, 3)],
    1: [(20.4, 5), (20.5, 4), (25.5, 3)],
    2: [(73.5, 3), (86.4, 3), (86.5, 4)],
    17: [(3.4, 2), (3.5, 3)],
    15: [(30.5, 4), (150.4, 3)],
}


@pytest.mark.parametrize(
    ("number", "value", "score"),
    [(n, v, s) for n, cases in BETWEEN.items() for v, s in cases],
)
def test_a_value_between_two_anchors_is_rounded_half_up(scale, number, value, score):
    threshold = threshold_of(scale, number)
    suggestion = suggest_for_item(threshold, {threshold["metric"]: value}, {})
    assert suggestion.score == score
    assert suggestion.rounded == round(value + 0.01)  # what the reviewer is told it counted as


@pytest.mark.parametrize(
    ("jobs", "share", "score"),
    [(9, 100, 1), (0, None, 1), (10, 100, 5), (10, 63, 1), (None, 96, 5), (25, 80, 3)],
)
def test_item_21_scores_1_with_fewer_than_10_jobs_whatever_the_share(scale, jobs, share, score):
    threshold = threshold_of(scale, 21)
    suggestion = suggest_for_item(
        threshold, {"jobs_counted": jobs, "competitive_jobs_percent": share}, {}
    )
    assert suggestion.score == score
    assert (suggestion.too_few_below == 10) == (jobs is not None and jobs < 10)
