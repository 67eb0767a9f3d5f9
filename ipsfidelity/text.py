"""Free text as it is stored, shown and signed: without bidirectional controls.

The embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069)
make a text display in another order than it is stored, so a signed report or
an export could read differently from the data behind it. They have no place
in anything typed into this app, so they are removed wherever text comes in.
"""

import re

from django.db.models import CharField, Model, TextField

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
APP_LABELS = {"accounts", "sites", "reviews"}


def without_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def strip_bidi_controls(sender, instance: Model, **kwargs) -> None:
    """pre_save: every text field of the project's models, whichever path saves it."""
    if sender._meta.app_label not in APP_LABELS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, CharField | TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and BIDI_CONTROLS.search(value):
                setattr(instance, field.attname, without_bidi_controls(value))
