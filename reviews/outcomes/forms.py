"""Forms of the employment pages: one quarter's figures, a file to import, a period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from reviews.outcomes.services import FIGURES, OPTIONAL_FIGURES, Figures, figure_problems
from reviews.scale.models import FidelityScale
from sites.models import Region


def _count(label, help_text=""):
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, help_text=help_text)


class OutcomeForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        choices=[(q, f"Q{q}") for q in range(1, 5)],
        coerce=int,
    )
    people_served = _count(gettext_lazy("People served"))
    out_of_work_at_start = _count(
        gettext_lazy("Of them, out of work when they started"),
        gettext_lazy("The employment rate counts only these people."),
    )
    in_paid_work = _count(
        gettext_lazy("Of those, in ordinary paid work during the quarter"),
        gettext_lazy("Competitive jobs at ordinary pay; not sheltered or trial work."),
    )
    job_starts = _count(gettext_lazy("New job starts"))
    in_education = forms.IntegerField(
        label=gettext_lazy("Of those out of work, in ordinary education during the quarter"),
        help_text=gettext_lazy("Youth services count it; leave it empty if not recorded."),
        min_value=0,
        max_value=1_000_000,
        required=False,
    )

    def clean(self):
        data = super().clean() or {}
        if all(data.get(name) is not None for name in FIGURES):
            for problem in figure_problems(self._figures(data)):
                raise forms.ValidationError(problem)
        return data

    def figures(self) -> Figures:
        return self._figures(self.cleaned_data)

    @staticmethod
    def _figures(data) -> Figures:
        return Figures(**{name: data.get(name) for name in (*FIGURES, *OPTIONAL_FIGURES)})


class OverviewForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("All I see"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    scale = forms.ModelChoiceField(
        label=gettext_lazy("Scale"),
        queryset=FidelityScale.objects.filter(is_current=True).order_by("code"),
        required=False,
        empty_label=None,
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, regions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions

    @staticmethod
    def default_year() -> int:
        return timezone.localdate().year
