"""Forms of the planning pages: plan a review, set its visit and reviewers; leave,
capacity, conflicts of interest and the region's review policy."""

from datetime import date
from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipsfidelity.text import no_identity_number, text_field
from reviews.planning.availability import availability
from reviews.planning.selectors import proposed_reviewers
from reviews.planning.services import eligible_reviewers
from reviews.rating.models import Review
from sites import selectors as sites_selectors
from sites.logos import MAX_UPLOAD_BYTES
from sites.models import Region, RegionPolicy, Role, Site, Team
from sites.permissions import sites_plannable_by


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
    # A self-assessment is the site's own, started from its page.
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(Review.Kind.EXTERNAL, Review.Kind.EXTERNAL.label)],
        initial=Review.Kind.EXTERNAL,
    )
    due_from = forms.DateField(label=_("Due from"), widget=DateInput())
    due_by = forms.DateField(label=_("Due by"), widget=DateInput())
    past_window_confirmed = forms.BooleanField(
        label=_("Plan it anyway, although its due window is over: it shows as overdue at once"),
        required=False,
        widget=forms.HiddenInput,  # a tick box only once the window is found to be over
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by clean(): the due window has ended, and nobody has said it is meant.
        self.past_window = False
        # Only sites the user coordinates can be picked; the workflow checks again.
        sites = sites_plannable_by(user).filter(active=True).select_related("region")
        self.has_sites = sites.exists()
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = sites
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = Team.objects.filter(
            site__in=sites, active=True
        ).select_related("site")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        site, team = data.get("site"), data.get("team")
        if site and team and team.site_id != site.pk:
            self.add_error("team", _("The team does not belong to this site."))
        if data.get("due_from") and data.get("due_by") and data["due_by"] < data["due_from"]:
            self.add_error("due_by", _("The due window must not end before it starts."))
        late = data.get("due_by") and data["due_by"] < timezone.localdate()
        if late and not data.get("past_window_confirmed"):
            # Most often a review that took place before the app: that is an import.
            self.past_window = True
            self.fields["past_window_confirmed"].widget = forms.CheckboxInput()
            self.add_error("due_by", _("This due window is already over."))
        return data


class ReviewerChoiceField(forms.ModelChoiceField):
    """Reviewers by name, each with their load and any leave over the chosen visit days;
    one borrowed from another region says so."""

    own_region: set[int] = set()
    notes: dict[int, str] = {}

    def label_from_instance(self, obj) -> str:
        name = (
            str(obj)
            if obj.pk in self.own_region
            else str(_("%(name)s (lent from another region)") % {"name": obj})
        )
        note = self.notes.get(obj.pk)
        return f"{name} – {note}" if note else name


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
        self.availability = availability(reviewers, *self.visit_days())
        own_region = set(
            reviewers.filter(
                memberships__role=Role.REVIEWER,
                memberships__region_id=review.site.region_id,
                memberships__ended_at=None,
            ).values_list("pk", flat=True)
        )
        for name in ("reviewer_a", "reviewer_b"):
            field = cast(ReviewerChoiceField, self.fields[name])
            field.queryset = reviewers
            field.own_region = own_region
            field.notes = {pk: free.note() for pk, free in self.availability.items()}
        self.proposed = set(proposed_reviewers(review))
        if not self.proposed:
            del self.fields["override_reason"]

    def visit_days(self) -> tuple[date | None, date | None]:
        """The visit days as typed (or as saved), before the form is cleaned: the reviewer
        lists say who is on leave over them."""
        days: list[date | None] = []
        for name in ("visit_start", "visit_end"):
            raw = self.data.get(name) if self.is_bound else self.initial.get(name)
            try:
                days.append(raw if isinstance(raw, date) else date.fromisoformat(str(raw)))
            except ValueError:
                days.append(None)
        return days[0], days[1]

    def clashes(self) -> list[str]:
        """Leave of the chosen reviewers over the chosen days, for both, in words (also
        while other fields are still wrong)."""
        self.is_valid()  # cleans once; what is valid is in cleaned_data either way
        return [
            message
            for name in ("reviewer_a", "reviewer_b")
            if (chosen := self.cleaned_data.get(name)) is not None
            for message in self.availability[chosen.pk].clash_messages()
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("reviewer_a") and data.get("reviewer_a") == data.get("reviewer_b"):
            self.add_error("reviewer_b", _("The two reviewers must be different people."))
        start, end = data.get("visit_start"), data.get("visit_end")
        if start and end and end < start:
            self.add_error("visit_end", _("The last visit day is before the first."))
        chosen = {getattr(data.get(n), "pk", None) for n in ("reviewer_a", "reviewer_b")}
        if (
            self.proposed
            and chosen != self.proposed
            and not (data.get("override_reason") or "").strip()
        ):
            self.add_error("override_reason", _("Say why you chose other reviewers than proposed."))
        return data


class LeaveForm(forms.Form):
    """A period of leave on the reviewer's own page."""

    first_day = forms.DateField(label=_("First day of leave"), widget=DateInput())
    last_day = forms.DateField(label=_("Last day of leave"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For example holiday or parental leave. Your coordinator sees it."),
        validators=[no_identity_number],
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day of leave is before the first."))
        return data


class RegionLeaveForm(LeaveForm):
    """A period of leave that a coordinator records for one of the region's reviewers."""

    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=get_user_model().objects.none())
    field_order = ["reviewer", "first_day", "last_day", "note"]

    def __init__(self, *args, reviewers, **kwargs):
        # The conflict form on the same page has a "reviewer" field too.
        kwargs.setdefault("auto_id", "id_leave_%s")
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["reviewer"]).queryset = reviewers
        self.fields["note"].help_text = _(
            "For example holiday or sick leave. The reviewer sees it."
        )


class ProfileForm(forms.Form):
    reviews_per_year = forms.IntegerField(label=_("Reviews a year"), min_value=0, max_value=40)
    experienced = forms.BooleanField(label=_("Experienced"), required=False)


class ConflictForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=Site.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        validators=[no_identity_number],
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        reviewer = cast(forms.ModelChoiceField, self.fields["reviewer"])
        reviewer.queryset = sites_selectors.reviewers_of(region)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = region.sites.order_by("name")


class CapacityForm(forms.Form):
    reviews_per_year = forms.IntegerField(
        label=_("How many reviews a year can you take?"), min_value=0, max_value=40
    )


class RegionPolicyForm(forms.ModelForm):
    class Meta:
        model = RegionPolicy
        fields = [
            "first_review_months",
            "interval_months",
            "good_interval_months",
            "window_days",
            "allow_lending",
            "lend_reviewers",
            "reminder_days",
            "report_due_days",
            "days_per_review",
            "report_shows_agreement",
            "action_plan_weeks",
            "personal_data_weeks",
        ]

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"]
        try:
            days = [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("Write whole numbers of days separated by commas, e.g. 30,7.")
            ) from None
        if not days or any(day < 1 or day > 365 for day in days):
            raise forms.ValidationError(_("Each reminder is from 1 to 365 days before the visit."))
        return ",".join(str(day) for day in sorted(set(days), reverse=True))


class ReportLogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo for the reports' header"),
        help_text=_("PNG or JPEG, at most 2 MB; it is redrawn at header size."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        if logo.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The logo file is larger than 2 MB."))
        return logo


class SiteScaleForm(forms.Form):
    """Which of the current scales for the site's target group its reviews use."""

    code = forms.ChoiceField(label=_("Fidelity scale"), widget=forms.RadioSelect)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (scale.code, f"{scale.name} ({scale.code} v{scale.version})") for scale in options
        ]
