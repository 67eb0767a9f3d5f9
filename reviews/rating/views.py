"""Rating pages: the review's own page, pre-visit data, ratings and consensus.

Thin views that parse, call a step from reviews.rating.services or a
selector, and render. Every view loads the review through the user's scope
first (404 outside it); what the user may do with it is then decided by
sites.permissions, enforced again inside the step.
"""

import json
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipsfidelity.accounts.people import LoggedInRequest
from reviews.rating import selectors, services
from reviews.rating.forms import ConfirmForm, ConsensusForm, PreVisitForm, RatingForm
from reviews.rating.models import Rating, Review
from reviews.rating.offline import offline_texts
from reviews.scale import selectors as scale_selectors
from reviews.scale.models import DataSource, ScaleItem
from reviews.scoring import MAX_SCORE
from reviews.spreadsheets import write_csv
from sites import permissions
from sites.selectors import reviewers_still_eligible


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _item(review: Review, number: int) -> ScaleItem:
    return scale_selectors.scale_item(review.scale_id, number)


@login_required
def review_detail(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(user=request.user, pk=pk)
    user = request.user
    context: dict[str, object] = {
        "review": review,
        "can_view_plan": permissions.can_view_action_plan(user, review),
    }
    if permissions.can_follow_report(user, review):
        context["reports"], context["reminders"] = selectors.reports_and_reminders(review=review)
    if permissions.is_assigned_reviewer(user, review):
        context["own_progress"] = selectors.rating_progress(user=user, review=review)
        if review.visit_start and not permissions.has_visit_started(user, review):
            context["rating_closed"] = services.rating_closed_message(review)
    if permissions.can_view_all_ratings(user, review):
        context["table"] = selectors.consensus_table(user=user, review=review)
    elif permissions.can_view_consensus(user, review):
        context["summary"] = selectors.consensus_summary(review=review)
        if review.is_imported:
            # Earlier records have no report: the scores and summary are all there is.
            context["item_scores"] = selectors.consensus_by_item(review=review)
    if permissions.can_manage_review(user, review):
        context["progress"] = selectors.reviewers_progress(review=review)
        if review.status not in (Review.Status.PUBLISHED, Review.Status.CANCELLED):
            region = review.site.region_id
            eligible = reviewers_still_eligible(
                {(reviewer.pk, region) for reviewer in review.reviewers}
            )
            context["reviewers_left"] = [
                reviewer for reviewer in review.reviewers if (reviewer.pk, region) not in eligible
            ]
    return render(request, "reviews/review_detail.html", context)


@login_required
def previsit(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(
        user=request.user, pk=pk, require=permissions.can_view_previsit
    )
    sections = scale_selectors.scale_sections(review.scale)
    items = [item for section in sections for item in section.items.all()]
    data = selectors.previsit_of(review)
    editable = permissions.can_edit_previsit(request.user, review)
    initial = {"notes": data.notes} if data else {}
    if data:
        initial.update(data.measurements)
        initial.update(data.components)
    form = PreVisitForm(
        request.POST if request.method == "POST" else None, items=items, initial=initial
    )
    status = 200
    if request.method == "POST":
        if not editable:
            return HttpResponse(_("The pre-visit data can no longer be changed."), status=403)
        if form.is_valid():
            measurements, components = form.values()
            try:
                services.previsit_save(
                    actor=request.user,
                    review=review,
                    measurements=measurements,
                    components=components,
                    notes=form.cleaned_data["notes"],
                )
            except services.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The pre-visit data is saved."))
                return redirect("reviews:previsit", pk=review.pk)
        status = 400
    previous = selectors.previous_follow_up(review)
    context = {
        "review": review,
        "form": form,
        "data": data,
        "editable": editable,
        "previous": previous,
        "previous_rows": previous.rows(items) if previous else [],
        # The follow-up part records it; read through the relation name.
        "data_deleted": getattr(review, "personal_data_deletion", None),
        "suggestions": [
            (item, suggestion)
            for item in items
            if (suggestion := selectors.suggestions_for([item], data).get(item.pk))
        ],
    }
    return render(request, "reviews/previsit.html", context, status=status)


def _rateable_review(request: LoggedInRequest, pk: int) -> Review:
    return selectors.review_detail(
        user=request.user, pk=pk, require=permissions.is_assigned_reviewer
    )


def _workspace_page(
    request: LoggedInRequest,
    review: Review,
    *,
    missing: list[ScaleItem] | None = None,
    confirm: ConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_rate = permissions.can_rate(request.user, review)
    context = {
        "confirm": confirm,
        "workspace": selectors.rating_workspace(user=request.user, review=review),
        "review": review,
        "can_rate": can_rate,
        "closed_message": None if can_rate else services.rating_closed_message(review),
        # Translated once, not once per item and use (a lazy label is slow to write).
        "data_sources": [(code, str(label)) for code, label in DataSource.choices],
        "missing": missing,
        "texts": offline_texts(),
    }
    response = render(request, "reviews/rating_workspace.html", context, status=status)
    # Whose copy this is, for the offline worker: it keeps each person's pages apart.
    response["X-Offline-Owner"] = str(request.user.pk)
    return response


@login_required
def rating_workspace(request: LoggedInRequest, pk: int) -> HttpResponse:
    return _workspace_page(request, _rateable_review(request, pk))


def offline_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that keeps the rating pages readable without a network.

    Served from /reviews/ (not /static/) so that its scope may cover the rating
    pages; it decides nothing and holds no data of its own (see docs/offline.md).
    """
    not_kept = format_html(
        '<!doctype html><html lang="{}"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>ipsfidelity</title><p>{}</p></html>",
        get_language(),
        offline_texts()["not_kept_offline"],
    )
    response = render(
        request,
        "reviews/offline-worker.js",
        {"static_prefix": json.dumps(settings.STATIC_URL), "not_kept": json.dumps(not_kept)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _saved_at(moment: datetime) -> str:
    """The time of a save, with the date only when it was not today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "TIME_FORMAT")
    return date_format(local, "SHORT_DATETIME_FORMAT")


def _rating_json(rating: Rating) -> dict[str, object]:
    return {
        "score": rating.score,
        "data_sources": rating.data_sources,
        "evidence": rating.evidence,
        "needs_follow_up": rating.needs_follow_up,
        "version": rating.version,
        "saved_at": _saved_at(rating.updated_at),
    }


@login_required
@require_POST
def rating_save(request: LoggedInRequest, pk: int, number: int) -> HttpResponse:
    """Save one item's rating: JSON for the page's offline queue, a redirect without it."""
    review = _rateable_review(request, pk)
    item = _item(review, number)
    form = RatingForm(request.POST)
    answer: dict[str, object]
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        answer, status = {"error": error}, 422
    elif form.cleaned_data["reviewer"] not in (None, request.user.pk):
        # A change kept on a shared device, sent while someone else is logged in.
        answer = {"error": _("You are logged in as someone else."), "other_user": True}
        status = 403
    else:
        data = form.cleaned_data
        try:
            rating = services.rating_save(
                actor=request.user,
                review=review,
                item=item,
                score=data["score"],
                evidence=data["evidence"],
                data_sources=data["data_sources"],
                needs_follow_up=data["needs_follow_up"],
                expected_version=data["version"],
            )
        except services.RatingConflict as conflict:
            answer = {"error": str(conflict), "saved": _rating_json(conflict.current)}
            status = 409
        except services.WorkflowError as failure:
            answer, status = {"error": str(failure)}, failure.status_code
        else:
            scored, item_count = selectors.rating_progress(user=request.user, review=review)
            answer = {**_rating_json(rating), "scored": scored, "item_count": item_count}
            status = 200
    if _wants_json(request):
        return JsonResponse(answer, status=status)
    if status != 200:
        messages.error(request, f"{item.number}. {item.name}: {answer['error']}")
    return redirect(reverse("reviews:rating", args=[review.pk]) + f"#item-{item.number}")


@login_required
@require_POST
def rating_submit(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = _rateable_review(request, pk)
    confirm = ConfirmForm(request.POST)
    if not confirm.is_valid():
        return _workspace_page(request, review, confirm=confirm, status=400)
    try:
        services.rating_submit(actor=request.user, review=review)
    except services.IncompleteRatings as error:
        # Shown on the page itself, with a link to each missing item.
        return _workspace_page(request, review, missing=error.missing, status=422)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("reviews:rating", pk=review.pk)
    messages.success(request, _("Your ratings are submitted and can no longer be changed."))
    return redirect("reviews:review_detail", pk=review.pk)


@login_required
def ratings_csv(request: LoggedInRequest, pk: int) -> HttpResponse:
    """The ratings this user may see, as CSV: their own, or both once both submitted."""
    review = selectors.review_detail(
        user=request.user, pk=pk, require=permissions.can_export_ratings
    )
    ratings = (
        permissions.ratings_visible_to(request.user, review)
        .select_related("item", "reviewer")
        .order_by("item__number", "reviewer__full_name")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="review-{review.pk}-ratings.csv"'
    # Evidence is free text typed by people: written so a spreadsheet never runs it.
    write_csv(
        response,
        [_("Item"), _("Name"), _("Reviewer"), _("Score"), _("Data sources"), _("Evidence")],
        (
            [
                rating.item.number,
                rating.item.name,
                str(rating.reviewer),
                rating.score or "",
                " ".join(rating.data_sources),
                rating.evidence,
            ]
            for rating in ratings
        ),
    )
    return response


def _consensus_review(request: LoggedInRequest, pk: int) -> Review:
    return selectors.review_detail(
        user=request.user, pk=pk, require=permissions.can_view_all_ratings
    )


@login_required
def consensus(request: LoggedInRequest, pk: int) -> HttpResponse:
    return _consensus_page(request, _consensus_review(request, pk))


def _consensus_page(
    request: LoggedInRequest,
    review: Review,
    *,
    confirm: ConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    table = selectors.consensus_table(user=request.user, review=review)
    context = {
        "review": review,
        "table": table,
        "can_edit": permissions.can_edit_consensus(request.user, review),
        "hints": selectors.next_anchor_hints(review),
        "agreed_open": sum(
            1
            for row in table.rows
            if row.gap == 0
            and not row.consensus
            and row.rating_a
            and row.rating_a.score == MAX_SCORE
        ),
        "confirm": confirm,
    }
    return render(request, "reviews/consensus.html", context, status=status)


@login_required
@require_POST
def consensus_save(request: LoggedInRequest, pk: int, number: int) -> HttpResponse:
    review = _consensus_review(request, pk)
    item = _item(review, number)
    form = ConsensusForm(request.POST)
    conflict = None
    status = 200
    if form.is_valid():
        try:
            services.consensus_save(
                actor=request.user,
                review=review,
                item=item,
                score=form.cleaned_data["score"],
                rationale=form.cleaned_data["rationale"],
                recommendation=form.cleaned_data["recommendation"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ConsensusConflict as error:
            conflict, status = error, 409
        except services.WorkflowError as error:
            form.add_error(None, str(error))
            status = error.status_code
    else:
        status = 422
    if not _is_htmx(request):
        if status != 200:
            messages.error(request, str(conflict or _("The consensus score was not saved.")))
        return redirect(reverse("reviews:consensus", args=[review.pk]) + f"#item-{item.number}")
    table = selectors.consensus_table(user=request.user, review=review)
    row = next(row for row in table.rows if row.item.pk == item.pk)
    context = {
        "review": review,
        "table": table,
        "row": row,
        "can_edit": permissions.can_edit_consensus(request.user, review),
        "hints": selectors.next_anchor_hints(review, items=[item]),
        "form": form if status in (400, 403, 422) else None,
        "conflict": conflict,
        # What this person wrote stays in the form, whatever was refused.
        "mine": form.cleaned_data if conflict else (request.POST if status == 422 else None),
        "saved": status == 200,
    }
    return render(request, "reviews/_consensus_saved.html", context, status=status)


def take_step(
    request: LoggedInRequest,
    step: Callable[..., Review],
    review: Review,
    *,
    done: str,
    next_page: str,
    back_page: str,
) -> HttpResponse:
    """Run a workflow step from a plain form post and say how it went."""
    try:
        step(actor=request.user, review=review)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(back_page, pk=review.pk)
    messages.success(request, done)
    return redirect(next_page, pk=review.pk)


@login_required
@require_POST
def consensus_accept_agreed(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = _consensus_review(request, pk)
    try:
        accepted = services.consensus_accept_agreed(actor=request.user, review=review)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s item you both scored 5 accepted.",
                "%(count)s items you both scored 5 accepted.",
                accepted,
            )
            % {"count": accepted}
            if accepted
            else _("Every item you both scored 5 already has a consensus score."),
        )
    return redirect("reviews:consensus", pk=review.pk)


@login_required
@require_POST
def consensus_complete(request: LoggedInRequest, pk: int) -> HttpResponse:
    review = _consensus_review(request, pk)
    confirm = ConfirmForm(request.POST)
    if not confirm.is_valid():
        return _consensus_page(request, review, confirm=confirm, status=400)
    try:
        review = services.consensus_complete(actor=request.user, review=review)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("reviews:consensus", pk=review.pk)
    if review.status == Review.Status.CONSENSUS:
        messages.success(
            request,
            _("You marked the consensus complete. %(name)s has been asked to confirm it.")
            % {"name": review.co_reviewer(request.user)},
        )
        return redirect("reviews:consensus", pk=review.pk)
    messages.success(request, _("Consensus is complete. Write the report text."))
    return redirect("reviews:report", pk=review.pk)
