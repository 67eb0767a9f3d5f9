"""The scale pages: every loaded version, one version with its items and anchors, and
(for national admins) loading a new version from a file in the browser."""

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reviews.scale import selectors, services
from reviews.scale.files import MAX_FILE_BYTES, ScaleFileError, preview_of, read_scale_bytes
from sites.permissions import is_national_admin


class ScaleUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Scale file (.toml)"),
        help_text=gettext_lazy("Checked and shown first; nothing is loaded until you confirm."),
    )


class ScaleLoadForm(forms.Form):
    """The checked file's text, sent back with the confirmation (and checked again)."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=MAX_FILE_BYTES)
    source = forms.CharField(widget=forms.HiddenInput, max_length=200)
    make_current = forms.BooleanField(
        label=gettext_lazy("Make it the version new reviews use"),
        help_text=gettext_lazy(
            "Reviews already started keep their version; sites move at their next review."
        ),
        required=False,
        initial=True,
    )


@login_required
def scale_list(request: HttpRequest) -> HttpResponse:
    context = {"scales": selectors.scale_list(), "can_load": is_national_admin(request.user)}
    return render(request, "reviews/scale_list.html", context)


class MakeCurrentForm(forms.Form):
    """The day a loaded version becomes the one new reviews use: today or later."""

    day = forms.DateField(
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Today, or a day ahead: it becomes current that night. Reviews already "
            "started keep their version; sites move at their next review."
        ),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"day": today})
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day < self.today:
            raise forms.ValidationError(_("Choose today or a later day."))
        return day


@login_required
def scale_detail(
    request: HttpRequest, pk: int, form: MakeCurrentForm | None = None
) -> HttpResponse:
    scale = selectors.scale_get(pk)
    context = {
        "scale": scale,
        "sections": selectors.scale_sections(scale),
        "components": selectors.scale_components(scale),
        "can_load": is_national_admin(request.user),
        "make_current_form": form or MakeCurrentForm(today=timezone.localdate()),
    }
    return render(request, "reviews/scale_detail.html", context, status=400 if form else 200)


@login_required
def scale_upload(request: HttpRequest) -> HttpResponse:
    """Check an uploaded scale file and show it (items, anchors, components, bands, in
    each language); loading it is a second step."""
    if not is_national_admin(request.user):
        raise Http404
    form = ScaleUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_FILE_BYTES + 1)
        try:
            definition = read_scale_bytes(content, source=upload.name[:200])
        except ScaleFileError as error:
            context["problems"] = error.problems
        else:
            context["preview"] = preview_of(definition)
            context["load_form"] = ScaleLoadForm(
                initial={"content": content.decode("utf-8"), "source": definition.source}
            )
            return render(request, "reviews/scale_upload.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviews/scale_upload.html", context, status=status)


@login_required
@require_POST
def scale_load(request: HttpRequest) -> HttpResponse:
    if not is_national_admin(request.user):
        raise Http404
    form = ScaleLoadForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reviews/scale_upload.html",
            {"form": ScaleUploadForm(), "problems": [_("Upload the file again.")]},
            status=400,
        )
    data = form.cleaned_data
    try:
        definition = read_scale_bytes(data["content"].encode("utf-8"), source=data["source"])
        scale = services.install_scale(definition, make_current=data["make_current"])
    except (ScaleFileError, services.ScaleInUse) as error:
        problems = error.problems if isinstance(error, ScaleFileError) else [str(error)]
        context = {"form": ScaleUploadForm(), "problems": problems}
        return render(request, "reviews/scale_upload.html", context, status=400)
    messages.success(request, _("%(scale)s is loaded.") % {"scale": scale})
    return redirect("reviews:scale_detail", pk=scale.pk)


@login_required
@require_POST
def scale_make_current(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a loaded version current today or from a day ahead, or call off the day set."""
    if not is_national_admin(request.user):
        raise Http404
    scale = selectors.scale_get(pk)
    if "cancel" in request.POST:
        services.cancel_becoming_current(scale)
        messages.success(request, _("%(scale)s does not become current.") % {"scale": scale})
        return redirect("reviews:scale_detail", pk=scale.pk)
    if scale.is_current:  # a second click, say: nothing left to do
        return redirect("reviews:scale_detail", pk=scale.pk)
    today = timezone.localdate()
    form = MakeCurrentForm(request.POST, today=today)
    if not form.is_valid():
        return scale_detail(request, pk, form=form)
    day = form.cleaned_data["day"]
    scale = services.make_current_on(scale, day, today=today)
    names = {"group": scale.get_target_group_display(), "scale": scale}
    if scale.is_current:
        messages.success(request, _("New reviews of %(group)s now use %(scale)s.") % names)
    else:
        names["day"] = date_format(day, "DATE_FORMAT")
        messages.success(request, _("New reviews of %(group)s use %(scale)s from %(day)s.") % names)
    return redirect("reviews:scale_detail", pk=scale.pk)
