"""Forms of the follow-up: writing the plan, changing an action, a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipsfidelity.text import no_identity_number, text_field
from reviews.followup.models import PlanAction

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OWNER_EMAIL_HELP = _(
    "Optional, for an owner without a login: they are mailed a week before the due date "
    "and when it has passed, with a link to stop the mails."
)


def owner_email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Owner's e-mail"),
        required=False,
        max_length=254,
        help_text=OWNER_EMAIL_HELP,
        validators=[no_identity_number],
    )


def check_owner_named(form: forms.Form, data: dict) -> None:
    """An address comes with its owner's name (the database holds the same rule)."""
    if data.get("owner_email") and not (data.get("owner") or "").strip():
        form.add_error("owner", _("Give the owner's name with the e-mail address."))


class PlanItemForm(forms.Form):
    """One proposed item: take it into the plan or not, and what to do about it."""

    include = forms.BooleanField(label=_("Take this item into the plan"), required=False)
    item_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    goal = text_field(_("Goal"), rows=2)
    actions = text_field(_("Actions"), rows=2)
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, validators=[no_identity_number]
    )
    owner_email = owner_email_field()
    due_on = forms.DateField(label=_("Due date"), widget=DATE_INPUT, required=False)

    def clean(self):
        data = super().clean() or {}
        check_owner_named(self, data)
        if data.get("include"):
            if not (data.get("goal") or "").strip():
                self.add_error("goal", _("A chosen item needs a goal."))
            if not data.get("due_on"):
                self.add_error("due_on", _("A chosen item needs a due date."))
        return data


PlanItemFormSet = forms.formset_factory(PlanItemForm, extra=0)


class PlanActionForm(forms.Form):
    goal = text_field(_("Goal"), rows=2)
    actions = text_field(_("Actions"), rows=2)
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, validators=[no_identity_number]
    )
    owner_email = owner_email_field()
    due_on = forms.DateField(label=_("Due date"), widget=DATE_INPUT)
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)
    notes = text_field(_("Notes"), rows=2)

    def clean(self):
        data = super().clean() or {}
        check_owner_named(self, data)
        return data

    def clean_goal(self):
        goal = self.cleaned_data["goal"].strip()
        if not goal:
            raise forms.ValidationError(_("An action needs a goal."))
        return goal


class PlanCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_identity_number],
    )
