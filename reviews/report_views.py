"""Report pages: draft preview, sign-off, task state, corrections, downloads, verification."""

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from ipsfidelity.accounts.lockout import client_address
from ipsfidelity.accounts.models import User
from reviews import selectors, workflow
from reviews.models import Report, ReportDownload
from reviews.reports import render as report_render
from reviews.reports.verify import MAX_UPLOAD_BYTES, verify_code, verify_file
from sites import permissions


class SignOffForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Signing off is a personal confirmation: enter your password."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the report corrected?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Printed in the corrected report."),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=20, required=False)
    file = forms.FileField(label=gettext_lazy("Or upload the PDF"), required=False)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than any report this system makes."))
        return file

    def clean(self):
        data = super().clean() or {}
        if not data.get("code") and not data.get("file"):
            raise forms.ValidationError(_("Enter a verification code or choose a PDF file."))
        return data


def _followed_review(request: HttpRequest, pk: int):
    return selectors.review_detail(user=request.user, pk=pk, require=permissions.can_follow_report)


@login_required
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it stands, as a PDF marked DRAFT and unsigned."""
    review = _followed_review(request, pk)
    if not permissions.can_view_all_ratings(request.user, review):
        raise Http404
    html = report_render.report_html(
        report_render.ReportInput(
            review=review, language=report_render.report_language(review), draft=True
        )
    )
    response = HttpResponse(report_render.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-report-{review.pk}.pdf"'
    return response


@login_required
def report_signoff(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(
        user=request.user, pk=pk, require=permissions.is_assigned_reviewer
    )
    form = SignOffForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.report_sign_off(actor=request.user, review=review)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You have signed off the report."))
        return redirect("reviews:report", pk=review.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reviews/report_signoff.html", {"review": review, "form": form}, status=status
    )


@login_required
@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_in_scope(request, pk)
    try:
        workflow.report_retry(actor=request.user, report=report)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is queued again."))
    return redirect("reviews:report", pk=report.review_id)


@login_required
@require_POST
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(user=request.user, pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the report is corrected."))
        return redirect("reviews:report", pk=review.pk)
    try:
        workflow.report_correct(
            actor=request.user, review=review, reason=form.cleaned_data["reason"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("reviews:report", pk=review.pk)
    messages.success(
        request, _("The review is open for a corrected report. Adjust and sign again.")
    )
    return redirect("reviews:consensus", pk=review.pk)


def _report_in_scope(request: HttpRequest, pk: int) -> Report:
    return permissions.get_visible_or_404(
        Report.objects.filter(permissions.review_scope(request.user, via="review")).select_related(
            "review__site"
        ),
        pk=pk,
    )


@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = permissions.get_visible_or_404(
        Report.objects.filter(permissions.report_download_scope(request.user)).select_related(
            "review__site"
        ),
        pk=pk,
    )
    ReportDownload.objects.create(report=report, user=cast(User, request.user))
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"{report.review.site.name} v{report.version}.pdf",
        content_type="application/pdf",
    )


@ratelimit(key=client_address, rate=lambda group, request: settings.VERIFY_RATE, block=False)
def verify(request: HttpRequest) -> HttpResponse:
    """Public: is a report authentic and current? By code or by uploading the file."""
    if getattr(request, "limited", False):
        # Guessing codes or hashing many files from one address: slow it down.
        return render(
            request,
            "reviews/verify.html",
            {"form": VerifyForm(), "verdict": None, "limited": True},
            status=429,
        )
    form = VerifyForm(request.POST or request.GET or None, request.FILES or None)
    verdict = None
    if form.is_bound and form.is_valid():
        if form.cleaned_data.get("file"):
            verdict = verify_file(form.cleaned_data["file"].read())
        else:
            verdict = verify_code(form.cleaned_data["code"])
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "reviews/verify.html", {"form": form, "verdict": verdict}, status=status)
