"""Forms of the rating steps: pre-visit data, one rating, one consensus score."""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ipsfidelity.text import text_field
from reviews.scale.models import DataSource, ScaleItem, scale_text

SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]
EVIDENCE_HELP = format_lazy(
    "{} {}",
    _("No client names: use initials or case numbers."),
    _("No identity numbers either. Notes are deleted some weeks after the report is published."),
)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=SCORE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    data_sources = forms.MultipleChoiceField(
        label=_("Data sources"),
        choices=DataSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = text_field(_("Evidence"), rows=3, help_text=EVIDENCE_HELP)
    needs_follow_up = forms.BooleanField(label=_("Needs follow-up"), required=False)
    # The version of the rating the change was made on (0: none yet), and whose
    # change it is: a change kept on a device is only ever saved as its author's.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    reviewer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConsensusForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Consensus score"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    rationale = text_field(_("Rationale"), rows=2)
    recommendation = text_field(
        _("Recommendation"), rows=2, help_text=_("Required for every item scored below 5.")
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("score") is not None
            and data["score"] < 5
            and not (data.get("recommendation") or "").strip()
        ):
            self.add_error("recommendation", _("Every item scored below 5 needs a recommendation."))
        return data


class ConfirmForm(forms.Form):
    """A tick that the person has read what cannot be undone, for a step with no way back."""

    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the box to confirm: this step cannot be undone.")},
    )


class PreVisitForm(forms.Form):
    """One field per number the scale's thresholds ask for, built from the scale's data."""

    notes = text_field(
        _("Notes for the reviewers"),
        rows=3,
        help_text=_("No client names: use initials or case numbers."),
    )

    def __init__(self, *args: Any, items: list[ScaleItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measured: list[tuple[ScaleItem, str]] = []
        self.counted: list[str] = []  # counts a share rests on (too_few)
        for item in items:
            threshold = item.threshold
            if not threshold:
                continue
            metric = threshold["metric"]
            label = f"{item.number}. {item.name}: {scale_text(threshold, 'label')}"
            if threshold["unit"] == "components":
                components = scale_text(threshold, "components")
                self.fields[metric] = forms.TypedMultipleChoiceField(
                    label=label,
                    choices=list(enumerate(components)),
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Tick what is in place; leave all unticked if you do not know."),
                )
            else:
                self.fields[metric] = forms.DecimalField(
                    label=label,
                    required=False,
                    # Accept "18,5" under Norwegian as well as "18.5".
                    localize=True,
                    min_value=0,
                    max_value=100 if threshold["unit"] == "percent" else 100000,
                    decimal_places=1,
                    help_text=UNIT_HELP.get(threshold["unit"], ""),
                )
            self.measured.append((item, metric))
            too_few = threshold.get("too_few")
            if too_few:
                self.fields[too_few["metric"]] = forms.IntegerField(
                    label=f"{item.number}. {item.name}: {scale_text(too_few, 'label')}",
                    required=False,
                    min_value=0,
                    max_value=100000,
                    help_text=_("Fewer than %(count)s scores 1, whatever the share.")
                    % {"count": too_few["below"]},
                )
                self.counted.append(too_few["metric"])
        # The free-text notes come last.
        self.order_fields([*self.fields_in_item_order(), "notes"])

    def fields_in_item_order(self) -> list[str]:
        order = []
        for item, metric in self.measured:
            order.append(metric)
            too_few = (item.threshold or {}).get("too_few")
            if too_few:
                order.append(too_few["metric"])
        return order

    def values(self) -> tuple[dict[str, float | None], dict[str, list[int]]]:
        measurements: dict[str, float | None] = {}
        components: dict[str, list[int]] = {}
        for item, metric in self.measured:
            value = self.cleaned_data.get(metric)
            if (item.threshold or {}).get("unit") == "components":
                # Nothing ticked reads as "not answered", not "none present":
                # the reviewers then judge the item without a suggestion.
                if value:
                    components[metric] = value
            else:
                measurements[metric] = float(value) if value is not None else None
        for metric in self.counted:
            measurements[metric] = self.cleaned_data.get(metric)
        return measurements, components


UNIT_HELP = {
    "clients": _("Number of clients, e.g. 18.5"),
    "percent": _("Percent, 0 to 100"),
    "days": _("Days"),
    "contacts_per_week": _("Contacts per week"),
}
