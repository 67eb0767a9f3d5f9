"""Free text as it is stored, shown and signed: without bidirectional controls,
and without national identity numbers.

The embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069)
make a text display in another order than it is stored, so a signed report or
an export could read differently from the data behind it. They have no place
in anything typed into this app, so they are removed wherever text comes in.

A national identity number identifies a client; no text here may hold one. Each
model field that people type into carries the validator `no_identity_number`
(ModelForms and the admin check it and say so), the forms' own text fields
carry it too, and `refuse_identity_numbers` checks those model fields again on
every save, whichever path saves them (a service, an import, the shell).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, Model, TextField
from django.utils.translation import gettext_lazy as _

from ipsfidelity.privacy import contains_national_identity_number

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


IDENTITY_NUMBER_REFUSED = _(
    "This text seems to hold a national identity number (11 digits). Remove it: no text "
    "here may identify a client; use initials or case numbers."
)


def no_identity_number(value: object) -> None:
    """A field validator: refuse a text that holds a national identity number."""
    if isinstance(value, str) and contains_national_identity_number(value):
        raise ValidationError(IDENTITY_NUMBER_REFUSED, code="identity_number")


def refuse_identity_numbers(sender, instance: Model, **kwargs) -> None:
    """pre_save: every field that carries the validator, whichever path saves it."""
    if sender._meta.app_label not in APP_LABELS:
        return
    for field in sender._meta.concrete_fields:
        if no_identity_number in field.validators:
            try:
                no_identity_number(getattr(instance, field.attname))
            except ValidationError as error:
                raise ValidationError({field.name: error.messages}) from None


def text_field(label, *, rows: int, max_length: int = 5000, help_text="") -> forms.CharField:
    """A form's optional multi-line text, refused if it holds an identity number; what
    is required is decided by the workflow step."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        validators=[no_identity_number],
    )
