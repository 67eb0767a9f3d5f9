"""Forms for sites, teams and invitations."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from ipsfidelity.accounts.models import User
from ipsfidelity.text import no_identity_number
from sites.models import Region, Role, Site, Team, site_code_from_name
from sites.permissions import can_change_site_code, is_national_admin, regions_coordinated_by

if TYPE_CHECKING:
    # Generic for the type checker only: Django's ModelForm takes no [...] at run time
    # (django-stubs-ext, which would add it, is a development dependency).
    _SiteModelForm = forms.ModelForm[Site]
    _TeamModelForm = forms.ModelForm[Team]
else:
    _SiteModelForm = _TeamModelForm = forms.ModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SiteForm(_SiteModelForm):
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

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only regions the user coordinates; the service checks again.
        region = cast("forms.ModelChoiceField[Region]", self.fields["region"])
        region.queryset = regions_coordinated_by(user)
        if not self.instance.pk and not self.initial.get("region"):
            # A coordinator of one region has nothing to choose: preselect it.
            # National admins (every region) keep the empty choice.
            only = list(region.queryset[:2])
            if len(only) == 1:
                self.initial["region"] = only[0].pk
        if not self.instance.pk:
            self.fields["code"].required = False
            self.fields["code"].help_text = _(
                "Short and stable: lowercase letters, digits, hyphens. "
                "Leave empty to make it from the name."
            )
        elif not can_change_site_code(user):
            # The code is what imports and exports know the site by.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Only a national admin can change the code.")

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and data.get("name") and not self.instance.pk:
            data["code"] = site_code_from_name(data["name"])
        return data

    def clean_name(self) -> str:
        return (self.cleaned_data.get("name") or "").strip()


class TeamForm(_TeamModelForm):
    class Meta:
        model = Team
        fields = ["name", "employment_specialists"]

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The site is fixed by the page; set it so the unique name check sees it.
        self.instance.site = site

    def clean_name(self) -> str:
        return (self.cleaned_data.get("name") or "").strip()


class InviteForm(forms.Form):
    """Invite a person into one role in this region or one of its sites."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Name"), max_length=150, required=False, validators=[no_identity_number]
    )
    role = forms.ChoiceField(label=_("Role"))
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        required=False,
        help_text=_("Only for a site leader."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="nb"
    )

    def __init__(
        self, *args: Any, user: User | AnonymousUser, region: Region, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        roles = [
            (Role.REVIEWER, Role.REVIEWER.label),
            (Role.COORDINATOR, Role.COORDINATOR.label),
            (Role.SITE_LEADER, Role.SITE_LEADER.label),
        ]
        # Only a national admin makes another national admin.
        if is_national_admin(user):
            roles.append((Role.NATIONAL_ADMIN, Role.NATIONAL_ADMIN.label))
        cast(forms.ChoiceField, self.fields["role"]).choices = roles
        site = cast("forms.ModelChoiceField[Site]", self.fields["site"])
        site.queryset = region.sites.filter(active=True).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.SITE_LEADER and not data.get("site"):
            self.add_error("site", _("Choose the site this person will lead."))
        return data


class AcceptForm(forms.Form):
    """The invited person's own name, language and password."""

    full_name = forms.CharField(
        label=_("Your name"), max_length=150, validators=[no_identity_number]
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data
