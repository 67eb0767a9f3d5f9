"""Forms for sites and teams; people and invitations have their own module."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sites.models import Site, Team, site_code_from_name
from sites.permissions import is_national_admin, regions_coordinated_by


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = [
            "region",
            "name",
            "code",
            "nav_office",
            "health_partner",
            "municipality",
            "target_group",
            "report_language",
            "start_date",
        ]
        widgets = {"start_date": DateInput()}
        help_texts = {
            "target_group": _("Young adults are reviewed with the youth scale once it is loaded."),
            "report_language": _("Reports of this site are written and signed in this language."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only regions the user coordinates; the service checks again.
        region = cast(forms.ModelChoiceField, self.fields["region"])
        region.queryset = regions_coordinated_by(user)
        if not self.instance.pk:
            self.fields["code"].required = False
            self.fields["code"].help_text = _(
                "Short and stable: lowercase letters, digits, hyphens. "
                "Leave empty to make it from the name."
            )
        elif not is_national_admin(user):
            # The code is what imports and exports know the site by.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Only a national admin can change the code.")

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().lower()

    def clean(self):
        data = super().clean() or {}
        if not data.get("code") and data.get("name") and not self.instance.pk:
            data["code"] = site_code_from_name(data["name"])
        return data

    def clean_name(self) -> str:
        return (self.cleaned_data.get("name") or "").strip()


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "employment_specialists"]

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        # The site is fixed by the page; set it so the unique name check sees it.
        self.instance.site = site

    def clean_name(self) -> str:
        return (self.cleaned_data.get("name") or "").strip()
