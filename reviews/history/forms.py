from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A file of several thousand earlier reviews is well under this.
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of earlier reviews (.csv or .xlsx)"),
        help_text=gettext_lazy("One row per review; start from the template."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it in parts."))
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return file
