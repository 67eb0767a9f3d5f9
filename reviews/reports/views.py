"""Report pages: the text, draft preview, sign-off, task state, corrections,
downloads, and the public verification page."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from ipsfidelity.accounts.lockout import client_address
from ipsfidelity.accounts.models import User
from ipsfidelity.accounts.people import LoggedInRequest
from reviews.rating import selectors
from reviews.rating.models import MAX_PRIORITIES, ConsensusScore, Review
from reviews.rating.selectors import consensus_summary
from reviews.rating.services import WorkflowError
from reviews.rating.views import take_step
from reviews.reports import render as report_render
from reviews.reports import selectors as report_selectors
from reviews.reports import services
from reviews.reports.forms import CorrectionForm, ReportForm, SignOffForm, VerifyForm
from reviews.reports.verify import MAX_UPLOAD_BYTES, verify_code, verify_file
from sites import permissions


def _consensus_review(request: LoggedInRequest, pk: int) -> Review:
    return selectors.review_detail(
        user=request.user, pk=pk, require=permissions.can_view_all_ratings
    )


@login_required
def report(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = _consensus_review(request, pk)
    editable = permissions.can_edit_report(request.user, review)
    recommended = report_selectors.recommendations_of(review)
    initial = _text_of(review, recommended)
    choices = [(c.item.number, f"{c.item.number}. {c.item.name} ({c.score})") for c in recommended]
    form = ReportForm(
        request.POST if request.method == "POST" else None, initial=initial, recommended=choices
    )
    status = 200
    conflict, mine = None, None
    if request.method == "POST":
        if not editable:
            return HttpResponse(_("The report text cannot be changed now."), status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_save(
                    actor=request.user,
                    review=review,
                    summary=data["summary"],
                    strengths=data["strengths"],
                    priorities=data["priorities"],
                    expected_version=data["version"],
                )
            except services.ReportTextConflict as error:
                # The saved text goes in the form (with its version); what this
                # person wrote is shown beside it, not lost.
                conflict, status = error, 409
                review.refresh_from_db()
                recommended = report_selectors.recommendations_of(review)
                form = ReportForm(initial=_text_of(review, recommended), recommended=choices)
                labels = dict(choices)
                mine = {**data, "priorities": [labels[n] for n in data["priorities"]]}
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The report text is saved."))
                return redirect("reviews:report", pk=review.pk)
        if conflict is None:
            status = 400
    version = report_selectors.next_report_version(review)
    context = {
        "review": review,
        "text": report_selectors.report_text_of(review),
        "form": form,
        "editable": editable,
        "recommended": recommended,
        "priorities": report_selectors.priorities_of(review),
        "max_priorities": MAX_PRIORITIES,
        "summary": consensus_summary(review=review),
        "reports": report_selectors.report_versions(review),
        "signoffs": report_selectors.signoffs_of_version(review, version),
        "signed_off_by_me": report_selectors.has_signed_off(review, version, request.user),
        "correction_form": CorrectionForm(),
        "conflict": conflict,
        "mine": mine,
    }
    return render(request, "reviews/report.html", context, status=status)


def _text_of(review: Review, recommended: list[ConsensusScore]) -> dict[str, object]:
    text = report_selectors.report_text_of(review)
    return {
        "summary": text.summary,
        "strengths": text.strengths,
        "version": text.version,
        **{f"priority_{c.priority}": c.item.number for c in recommended if c.priority},
    }


@login_required
@require_POST
def report_ready(request: LoggedInRequest, pk: int) -> HttpResponse:
    return take_step(
        request,
        services.report_mark_ready,
        _consensus_review(request, pk),
        done=_("The report is ready for the reviewers' sign-off."),
        next_page="reviews:report",
        back_page="reviews:report",
    )


@login_required
def report_preview(request: LoggedInRequest, pk: int) -> HttpResponse:
    """The report as it stands, as a PDF marked DRAFT and unsigned."""
    review = selectors.review_detail(
        user=request.user, pk=pk, require=permissions.can_preview_report
    )
    html = report_render.report_html(
        report_render.ReportInput(
            review=review, language=report_render.report_language(review), draft=True
        )
    )
    response = HttpResponse(report_render.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-report-{review.pk}.pdf"'
    return response


@login_required
def report_signoff(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(
        user=request.user, pk=pk, require=permissions.is_assigned_reviewer
    )
    form = SignOffForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_sign_off(actor=request.user, review=review)
        except WorkflowError as error:
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
def report_retry(request: LoggedInRequest, pk: int) -> HttpResponse:
    report = report_selectors.report_followed(user=request.user, pk=pk)
    try:
        services.report_retry(actor=request.user, report=report)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is queued again."))
    return redirect("reviews:report", pk=report.review_id)


@login_required
@require_POST
def report_correct(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(user=request.user, pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the report is corrected."))
        return redirect("reviews:report", pk=review.pk)
    try:
        services.report_correct(
            actor=request.user, review=review, reason=form.cleaned_data["reason"]
        )
    except WorkflowError as error:
        messages.error(request, str(error))
        # Earlier records have no report page to go back to.
        back = "reviews:review_detail" if review.is_imported else "reviews:report"
        return redirect(back, pk=review.pk)
    messages.success(
        request, _("The review is open for a corrected report. Adjust and sign again.")
    )
    return redirect("reviews:consensus", pk=review.pk)


@login_required
def report_download(request: LoggedInRequest, pk: int) -> FileResponse:
    report = report_selectors.report_downloadable(user=request.user, pk=pk)
    services.report_download_record(user=cast(User, request.user), report=report)
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=report.download_name,
        content_type="application/pdf",
    )


# django-ratelimit's decorator carries no types.
@ratelimit(key=client_address, rate=lambda group, request: settings.VERIFY_RATE, block=False)  # type: ignore[untyped-decorator]
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
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BYTES + 64 * 1024:
        # Refused before the upload is read: no report of ours is this large.
        context = {"form": VerifyForm(), "verdict": None, "too_large": True}
        return render(request, "reviews/verify.html", context, status=413)
    form = VerifyForm(request.POST or request.GET or None, request.FILES or None)
    verdict = None
    if form.is_bound and form.is_valid():
        if form.cleaned_data.get("file"):
            verdict = verify_file(form.cleaned_data["file"].read())
        else:
            verdict = verify_code(form.cleaned_data["code"])
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "reviews/verify.html", {"form": form, "verdict": verdict}, status=status)
