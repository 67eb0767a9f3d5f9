"""Pure rules about personal data in free text: Norwegian national identity numbers.

A fødselsnummer (or a D-number, whose day is raised by 40, or an H-number, whose
month is) is 11 digits: the birth date (DDMMYY), a three-digit individual number
and two control digits,
each a weighted sum modulo 11. Eleven digits that pass both checks are taken
as an identity number, however they are grouped; a typo in a check digit makes
them none.
"""

import re

_FIRST = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_SECOND = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Digits in groups joined by spaces, dots or dashes: "08106913340", "081069 13340",
# "08 10 69 133 40", "081069 - 13340". Any run of whole groups that adds up to
# eleven digits is a candidate, so a number cannot slip through by being
# written in pieces.
_DIGIT_GROUPS = re.compile(r"[0-9]+(?:[\s.\-]+[0-9]+)*")
_SEPARATOR = re.compile(r"[\s.\-]+")


def _control(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if remainder == 11:
        return 0
    if remainder == 10:  # no valid number has this
        return None
    return remainder


def is_national_identity_number(value: str) -> bool:
    """True for 11 digits with a valid birth date (or a D- or H-number's) and both
    control digits."""
    if len(value) != 11 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    day, month = int(value[0:2]), int(value[2:4])
    if day > 40:  # D-number: the day plus 40
        day -= 40
    if month > 40:  # H-number (health services): the month plus 40
        month -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    first = _control(digits[:9], _FIRST)
    if first is None or first != digits[9]:
        return False
    second = _control(digits[:10], _SECOND)
    return second is not None and second == digits[10]


def contains_national_identity_number(text: str) -> bool:
    """True if the text holds an identity number, written together or in groups of digits.

    static/js/identity-number.js is the same rule for the browser; both are tested
    against tests/identity_numbers.json.
    """
    for run in _DIGIT_GROUPS.finditer(text):
        groups = _SEPARATOR.split(run.group())
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) >= 11:
                    break
            if len(digits) == 11 and is_national_identity_number(digits):
                return True
    return False
