"""The scale pages: every loaded version, one version with its items and anchors, and
(for national admins) loading a new version from a file in the browser."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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


@login_required
def scale_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scale = selectors.scale_get(pk)
    context = {
        "scale": scale,
        "sections": selectors.scale_sections(scale),
        "components": selectors.scale_components(scale),
        "can_load": is_national_admin(request.user),
    }
    return render(request, "reviews/scale_detail.html", context)


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
    if not is_national_admin(request.user):
        raise Http404
    scale = services.make_current(selectors.scale_get(pk))
    messages.success(
        request,
        _("New reviews of %(group)s now use %(scale)s.")
        % {"group": scale.get_target_group_display(), "scale": scale},
    )
    return redirect("reviews:scale_detail", pk=scale.pk)
