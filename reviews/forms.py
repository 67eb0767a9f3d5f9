from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reviews.models import DataSource, Review, ScaleItem
from reviews.scale.models import text_language
from reviews.workflow import eligible_reviewers
from sites.models import Site, Team
from sites.permissions import sites_plannable_by

SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]


def text_field(label, *, rows: int, max_length: int = 5000, help_text="") -> forms.CharField:
    """An optional multi-line text; what is required is decided by the workflow step."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReviewCreateForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Leave empty to review the whole site."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Review.Kind.choices)
    due_from = forms.DateField(label=_("Due from"), widget=DateInput())
    due_by = forms.DateField(label=_("Due by"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only sites the user coordinates can be picked; the workflow checks again.
        sites = sites_plannable_by(user).filter(active=True).select_related("region")
        self.has_sites = sites.exists()
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = sites
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = Team.objects.filter(
            site__in=sites
        ).select_related("site")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        site, team = data.get("site"), data.get("team")
        if site and team and team.site_id != site.pk:
            self.add_error("team", _("The team does not belong to this site."))
        if data.get("due_from") and data.get("due_by") and data["due_by"] < data["due_from"]:
            self.add_error("due_by", _("The due window must not end before it starts."))
        return data


class ReviewerChoiceField(forms.ModelChoiceField):
    """Reviewers by name; one borrowed from another region says so."""

    own_region: set[int] = set()

    def label_from_instance(self, obj) -> str:
        if obj.pk in self.own_region:
            return str(obj)
        return str(_("%(name)s (lent from another region)") % {"name": obj})


class ReviewScheduleForm(forms.Form):
    visit_start = forms.DateField(label=_("First visit day"), widget=DateInput())
    visit_end = forms.DateField(label=_("Last visit day"), widget=DateInput())
    reviewer_a = ReviewerChoiceField(
        label=_("First reviewer"), queryset=get_user_model().objects.none()
    )
    reviewer_b = ReviewerChoiceField(
        label=_("Second reviewer"), queryset=get_user_model().objects.none()
    )
    override_reason = text_field(
        _("Why other reviewers than proposed?"),
        rows=2,
        max_length=1000,
        help_text=_("Needed only when you do not take the planner's proposal."),
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        reviewers = eligible_reviewers(review.site)
        own_region = set(
            reviewers.filter(memberships__region_id=review.site.region_id).values_list(
                "pk", flat=True
            )
        )
        for name in ("reviewer_a", "reviewer_b"):
            field = cast(ReviewerChoiceField, self.fields[name])
            field.queryset = reviewers
            field.own_region = own_region
        if not review.proposal.get("reviewers"):
            del self.fields["override_reason"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("reviewer_a") and data.get("reviewer_a") == data.get("reviewer_b"):
            self.add_error("reviewer_b", _("The two reviewers must be different people."))
        start, end = data.get("visit_start"), data.get("visit_end")
        if start and end and end < start:
            self.add_error("visit_end", _("The last visit day is before the first."))
        proposed = set(self.review.proposal.get("reviewers", []))
        chosen = {getattr(data.get(n), "pk", None) for n in ("reviewer_a", "reviewer_b")}
        if proposed and chosen != proposed and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Say why you chose other reviewers than proposed."))
        return data


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
    evidence = text_field(
        _("Evidence"), rows=3, help_text=_("No client names: use initials or case numbers.")
    )
    needs_follow_up = forms.BooleanField(label=_("Needs follow-up"), required=False)


class ConsensusForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Consensus score"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    rationale = text_field(_("Rationale"), rows=2)
    recommendation = text_field(
        _("Recommendation"), rows=2, help_text=_("Required for every item scored below 5.")
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (
            data.get("score") is not None
            and data["score"] < 5
            and not (data.get("recommendation") or "").strip()
        ):
            self.add_error("recommendation", _("Every item scored below 5 needs a recommendation."))
        return data


class ReportForm(forms.Form):
    summary = text_field(_("Summary"), rows=6, max_length=20000)
    strengths = text_field(_("Strengths"), rows=6, max_length=20000)
    recommendations = text_field(
        _("Prioritised recommendations"),
        rows=12,
        max_length=20000,
        help_text=_("Most important first. Pre-filled from the item recommendations."),
    )


class PreVisitForm(forms.Form):
    """One field per number the scale's thresholds ask for, built from the scale's data."""

    notes = text_field(
        _("Notes for the reviewers"),
        rows=3,
        help_text=_("No client names: use initials or case numbers."),
    )

    def __init__(self, *args, items: list[ScaleItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.measured: list[tuple[ScaleItem, str]] = []
        for item in items:
            threshold = item.threshold
            if not threshold:
                continue
            metric = threshold["metric"]
            label = f"{item.number}. {item.name}: {threshold['label_' + text_language()]}"
            if threshold["unit"] == "components":
                components = threshold["components_" + text_language()]
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
        # The free-text notes come last.
        self.order_fields([metric for _item, metric in self.measured] + ["notes"])

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
        return measurements, components


UNIT_HELP = {
    "clients": _("Number of clients, e.g. 18.5"),
    "percent": _("Percent, 0 to 100"),
    "days": _("Days"),
    "contacts_per_week": _("Contacts per week"),
}
