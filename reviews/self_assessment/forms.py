"""Forms of a self-assessment: who scores, one item's score, publishing."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ipsfidelity.text import no_identity_number

SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]


class StartForm(forms.Form):
    scorers = forms.ModelMultipleChoiceField(
        label=_("Who else scores it"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You score it yourself; add other leaders of the site if they take part."),
    )

    def __init__(self, *args, leaders, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scorers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = leaders


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you based the score on. No client names: use initials or case numbers."),
        validators=[no_identity_number],
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("We have scored every item; publish the self-assessment."),
        error_messages={"required": _("Tick the box to publish.")},
    )
