"""Agreement statistics, checked against scikit-learn's independent implementation."""

import math
import random

import pytest
from sklearn.metrics import cohen_kappa_score

from reviews.scoring import (
    IncompleteScores,
    ScaleMismatch,
    ScoreSheet,
    inter_rater_agreement,
    quadratic_weighted_kappa,
)
from tests.reviews.test_scoring import IPS25, sheet


def sklearn_kappa(a, b):
    return cohen_kappa_score(a, b, weights="quadratic", labels=[1, 2, 3, 4, 5])


@pytest.mark.parametrize("seed", range(25))
def test_weighted_kappa_matches_scikit_learn(seed):
    rng = random.Random(seed)
    a = [rng.randint(1, 5) for _ in range(25)]
    # Correlated second reviewer: mostly the same, sometimes one or two off.
    b = [min(5, max(1, x + rng.choice([0, 0, 0, 1, -1, 2, -2]))) for x in a]
    pairs = list(zip(a, b, strict=True))
    assert quadratic_weighted_kappa(pairs) == pytest.approx(sklearn_kappa(a, b), abs=1e-12)


def test_agreement_figures_for_two_known_sheets():
    a = [4] * 20 + [3] * 5
    b = [4] * 18 + [5, 2] + [3, 3, 3, 1, 5]
    agreement = inter_rater_agreement(IPS25, sheet(a), sheet(b))
    assert agreement.exact == pytest.approx(21 / 25)
    assert agreement.within_one == pytest.approx(22 / 25)
    assert agreement.weighted_kappa == pytest.approx(sklearn_kappa(a, b))
    assert (agreement.total_a, agreement.total_b) == (sum(a), sum(b))


def test_identical_constant_scores_leave_kappa_undefined():
    agreement = inter_rater_agreement(IPS25, sheet([4] * 25), sheet([4] * 25))
    assert (agreement.exact, agreement.within_one) == (1.0, 1.0)
    assert agreement.weighted_kappa is None
    with pytest.warns(UserWarning, match="undefined"):
        assert math.isnan(sklearn_kappa([4] * 25, [4] * 25))


def test_identical_varied_scores_give_kappa_one():
    scores = [1, 2, 3, 4, 5] * 5
    agreement = inter_rater_agreement(IPS25, sheet(scores), sheet(scores))
    assert agreement.weighted_kappa == pytest.approx(1.0)


def test_one_constant_reviewer_gives_kappa_zero_like_scikit_learn():
    a = [3] * 25
    b = [1, 2, 3, 4, 5] * 5
    agreement = inter_rater_agreement(IPS25, sheet(a), sheet(b))
    assert agreement.weighted_kappa == pytest.approx(sklearn_kappa(a, b))
    assert agreement.weighted_kappa == pytest.approx(0.0)


def test_opposite_reviewers_give_negative_kappa():
    a = [1, 2, 4, 5] * 6 + [1]
    b = [5, 4, 2, 1] * 6 + [5]
    kappa = inter_rater_agreement(IPS25, sheet(a), sheet(b)).weighted_kappa
    assert kappa == pytest.approx(sklearn_kappa(a, b)) and kappa < -0.9


def test_agreement_needs_both_sheets_complete():
    with pytest.raises(IncompleteScores):
        inter_rater_agreement(IPS25, sheet([3] * 25), sheet({n: 3 for n in range(1, 25)}))


def test_agreement_refuses_a_sheet_from_another_scale_version():
    other = ScoreSheet("IPS-25", "2", {n: 3 for n in range(1, 26)})
    with pytest.raises(ScaleMismatch):
        inter_rater_agreement(IPS25, sheet([3] * 25), other)
