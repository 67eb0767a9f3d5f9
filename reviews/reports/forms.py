"""Forms of the report steps: the text, a sign-off, a correction, and the public check."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsfidelity.accounts.lockout import password_confirmed
from ipsfidelity.text import no_identity_number, text_field
from reviews.rating.models import MAX_PRIORITIES
from reviews.reports.verify import MAX_UPLOAD_BYTES


class ReportForm(forms.Form):
    """The report text, and the reviewers' priorities among their recommendations:
    one choice per place, most important first."""

    summary = text_field(gettext_lazy("Summary"), rows=6, max_length=20000)
    strengths = text_field(gettext_lazy("Strengths"), rows=6, max_length=20000)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, recommended: list[tuple[int, str]], **kwargs: Any) -> None:
        """`recommended`: (item number, label) of the items that have a recommendation."""
        super().__init__(*args, **kwargs)
        choices = [("", "–")] + [(str(number), label) for number, label in recommended]
        for place in range(1, MAX_PRIORITIES + 1):
            self.fields[f"priority_{place}"] = forms.TypedChoiceField(
                label=_("Priority %(place)s") % {"place": place},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def priority_fields(self) -> list[forms.BoundField]:
        return [self[f"priority_{place}"] for place in range(1, MAX_PRIORITIES + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        priorities: list[int] = []
        for place in range(1, MAX_PRIORITIES + 1):
            number = data.get(f"priority_{place}")
            if number is None:
                continue
            if number in priorities:
                self.add_error(f"priority_{place}", _("This item is already a priority above."))
            else:
                priorities.append(number)
        data["priorities"] = priorities
        return data


class SignOffForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Signing off is a personal confirmation: enter your password."),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        # Counted like a log-in: guessing a colleague's password here locks too.
        password: str = self.cleaned_data["password"]
        if not password_confirmed(self.request, password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the report corrected?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Printed in the corrected report."),
        validators=[no_identity_number],
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=20, required=False)
    file = forms.FileField(label=gettext_lazy("Or upload the PDF"), required=False)

    def clean_file(self) -> UploadedFile | None:
        file: UploadedFile | None = self.cleaned_data.get("file")
        if file and (file.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than any report this system makes."))
        return file

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and not data.get("file"):
            raise forms.ValidationError(_("Enter a verification code or choose a PDF file."))
        return data
