from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm, LoginForm
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ipsfidelity.accounts.lockout import password_confirmed
from ipsfidelity.text import no_identity_number


class EmailLoginForm(LoginForm):
    """allauth's log-in form, labelled as the project's pages always were.

    The page links to the password reset itself, so the password field carries
    no second link; labels, not placeholders, name the fields.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["password"].help_text = ""
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class CountedChangePasswordForm(ChangePasswordForm):
    """allauth's password change, with the current password checked the way log-in
    checks it: wrong guesses count toward the same lockout."""

    def clean_oldpassword(self) -> str:
        password = self.cleaned_data.get("oldpassword", "")
        if not password_confirmed(allauth_context.request, password):
            raise get_adapter().validation_error("enter_current_password")
        return password


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the report dashboard."),
        validators=[no_identity_number],
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=90,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))],
    )
