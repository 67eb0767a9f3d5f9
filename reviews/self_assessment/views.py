"""Self-assessment pages: start one (a site leader), score it together, publish it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.rating.selectors import review_detail
from reviews.rating.services import ConsensusConflict, WorkflowError
from reviews.scale.models import ScaleItem
from reviews.self_assessment import selectors, services
from reviews.self_assessment.forms import PublishForm, ScoreForm, StartForm
from sites import permissions


@login_required
def self_assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    site = permissions.get_visible_or_404(permissions.sites_visible_to(request.user), pk=pk)
    if not permissions.can_start_self_assessment(request.user, site):
        raise Http404
    leaders = services.site_leaders(site).exclude(pk=request.user.pk)
    form = StartForm(request.POST or None, leaders=leaders)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review = services.self_assessment_start(
                    actor=request.user, site=site, scorers=form.cleaned_data["scorers"]
                )
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The self-assessment has started."))
                return redirect("reviews:self_assessment", pk=review.pk)
        status = 400
    open_one = selectors.open_self_assessment(site)
    context = {"site": site, "form": form, "open_one": open_one, "has_others": leaders.exists()}
    return render(request, "reviews/self_assessment_start.html", context, status=status)


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_detail(user=request.user, pk=pk, require=permissions.can_score_self_assessment)
    context = {
        "review": review,
        "sheet": selectors.self_assessment_sheet(review),
        "publish": PublishForm(),
    }
    return render(request, "reviews/self_assessment.html", context)


@login_required
@require_POST
def self_assessment_save(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    review = review_detail(user=request.user, pk=pk, require=permissions.can_score_self_assessment)
    item = get_object_or_404(ScaleItem, scale_id=review.scale_id, number=number)
    form = ScoreForm(request.POST)
    context: dict[str, object] = {"review": review, "form": form}
    status = 400
    if form.is_valid():
        try:
            services.self_assessment_score(
                actor=request.user,
                review=review,
                item=item,
                score=form.cleaned_data["score"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ConsensusConflict as conflict:
            context["conflict"] = str(conflict)
            context["mine"] = form.cleaned_data
            status = 409
        except WorkflowError as error:
            form.add_error(None, str(error))
            status = error.status_code
        else:
            context["saved"] = True
            status = 200
    if request.headers.get("HX-Request") != "true":
        if status == 200:
            return redirect(
                reverse("reviews:self_assessment", args=[review.pk]) + f"#item-{number}"
            )
        messages.error(request, str(context.get("conflict") or " ".join(_errors(form))))
        return redirect("reviews:self_assessment", pk=review.pk)
    context["row"] = selectors.sheet_row(review, item)
    return render(request, "reviews/_self_assessment_row.html", context, status=status)


def _errors(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


@login_required
@require_POST
def self_assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_detail(user=request.user, pk=pk, require=permissions.can_score_self_assessment)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.self_assessment_publish(actor=request.user, review=review)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The self-assessment is published."))
            return redirect("sites:site_detail", pk=review.site_id)
    else:
        messages.error(request, " ".join(_errors(form)))
    return redirect("reviews:self_assessment", pk=review.pk)
