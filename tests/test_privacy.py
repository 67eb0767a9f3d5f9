"""National identity numbers in free text: found when real, not when a check digit is off."""

import json
from pathlib import Path

import pytest

from ipsfidelity.privacy import contains_national_identity_number, is_national_identity_number

# 15076500565: the example number in common use; both control digits check out
# (k1 = 11 - (1*3+5*7+0*6+7*1+6*8+5*9+0*4+0*5+5*2) mod 11 = 6, k2 = 5).
VALID = "15076500565"
WRONG_CHECK_DIGIT = "15076500566"
D_NUMBER = "41019012393"  # day 01 + 40


def test_a_valid_number_is_one():
    assert is_national_identity_number(VALID)


def test_a_wrong_check_digit_makes_it_none():
    assert not is_national_identity_number(WRONG_CHECK_DIGIT)
    assert not is_national_identity_number("15076500575")  # first control digit off


def test_a_d_number_counts():
    assert is_national_identity_number(D_NUMBER)


@pytest.mark.parametrize("value", ["", "1507650056", "150765005650", "1507650056a", "00000000000"])
def test_not_eleven_digits_or_no_birth_date_is_none(value):
    assert not is_national_identity_number(value)


# The same texts are checked by the rating page's script (tests/e2e/test_offline_rating.py).
CASES = json.loads((Path(__file__).parent / "identity_numbers.json").read_text())


@pytest.mark.parametrize("text", CASES["found"])
def test_found_in_text_written_together_or_in_groups(text):
    assert contains_national_identity_number(text)


@pytest.mark.parametrize("text", CASES["not_found"])
def test_not_found_where_there_is_none(text):
    assert not contains_national_identity_number(text)
