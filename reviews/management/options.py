"""What the commands share in reading their options."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def person_from_by(by: str | None):
    """The user whose e-mail address --by names (None without it), recorded as the one
    who ran the command; an unknown address stops the command."""
    if not by:
        return None
    person = get_user_model().objects.filter(email__iexact=by).first()
    if person is None:
        raise CommandError(f"No user with the e-mail address {by}.")
    return person
