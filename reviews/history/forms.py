from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.states import ReviewKind
from sites.models import Region


class ResearchForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regions"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: all regions."),
    )
    year_from = forms.IntegerField(
        label=gettext_lazy("From year"), required=False, min_value=1990, max_value=2100
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To year"), required=False, min_value=1990, max_value=2100
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[
            ("", gettext_lazy("Both")),
            (ReviewKind.EXTERNAL.value, gettext_lazy("External reviews")),
            (ReviewKind.SELF_ASSESSMENT.value, gettext_lazy("Self-assessments")),
        ],
    )
    format = forms.ChoiceField(
        label=gettext_lazy("File"),
        choices=[
            ("xlsx", gettext_lazy("XLSX, with the codebook as a second sheet")),
            ("csv", gettext_lazy("CSV, with the codebook as a second file (zip)")),
        ],
    )

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The last year is before the first."))
        return data
