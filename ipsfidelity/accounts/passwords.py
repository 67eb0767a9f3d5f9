"""Password rules with messages in the user's language.

Django 5.2 changed the wording of its minimum-length message, and its Bokmål
catalogue has not caught up: the message showed in English on Norwegian pages.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import ngettext


class TranslatedMinimumLengthValidator(MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
