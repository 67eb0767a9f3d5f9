"""Action plan pages: write the plan after a published review, follow its actions, comment.

Thin views: the review (or action) is loaded through the user's scope first
(404 outside it); what the user may do is decided by sites.permissions and
checked again inside each step.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.followup import owner_reminders, selectors, services, timing
from reviews.followup.forms import PlanActionForm, PlanCommentForm, PlanItemFormSet
from reviews.rating.models import Review
from reviews.rating.services import WorkflowError
from sites import permissions


def _initial(proposals: list[selectors.Proposal], due) -> list[dict]:
    # The goal is the site's own words: it starts empty, with the next step as a hint.
    return [
        {
            "include": index < selectors.PROPOSED_TICKED,
            "item_number": proposal.item.number,
            "goal": "",
            "due_on": due,
        }
        for index, proposal in enumerate(proposals)
    ]


def _page(request, review: Review, *, formset=None, comment_form=None, status=200):
    user = request.user
    plan = selectors.plan_of(review)
    today = timezone.localdate()
    can_write = permissions.can_write_action_plan(user, review)
    context: dict[str, object] = {
        "review": review,
        "plan": plan,
        "due_on": selectors.plan_due_on(review),
        "today": today,
        "can_write": can_write,
        "can_comment": permissions.can_comment_action_plan(user, review),
        "comment_form": comment_form or PlanCommentForm(),
    }
    if plan is None and can_write:
        proposals = selectors.plan_proposals(review)
        formset = formset or PlanItemFormSet(
            initial=_initial(proposals, context["due_on"]), prefix="items"
        )
        for proposal, form in zip(proposals, formset.forms, strict=False):
            if proposal.next_step:
                form.fields["goal"].widget.attrs["placeholder"] = proposal.next_step
        context["rows"] = list(zip(proposals, formset.forms, strict=False))
        context["proposed_ticked"] = selectors.PROPOSED_TICKED
        context["formset"] = formset
    if plan is not None:
        actions = list(plan.actions.all())
        context["actions"] = [
            (
                action,
                PlanActionForm(
                    initial={
                        "goal": action.goal,
                        "actions": action.actions,
                        "owner": action.owner,
                        "owner_email": action.owner_email,
                        "due_on": action.due_on,
                        "status": action.status,
                        "notes": action.notes,
                    },
                    prefix=f"action-{action.pk}",
                ),
                timing.is_overdue(timing.ActionDue(action.due_on, action.status == "done"), today),
            )
            for action in actions
        ]
    return render(request, "reviews/action_plan.html", context, status=status)


@login_required
def action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan after a published review; its leader writes it here from the proposals."""
    review = selectors.plan_review(user=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, review)
    if not permissions.can_write_action_plan(request.user, review):
        raise PermissionDenied
    formset = PlanItemFormSet(request.POST, prefix="items")
    if not formset.is_valid():
        return _page(request, review, formset=formset, status=400)
    drafts = [
        services.ActionDraft(
            item_number=form.cleaned_data["item_number"],
            goal=form.cleaned_data["goal"],
            actions=form.cleaned_data["actions"],
            owner=form.cleaned_data["owner"],
            owner_email=form.cleaned_data["owner_email"],
            due_on=form.cleaned_data["due_on"],
        )
        for form in formset.forms
        if form.cleaned_data.get("include")
    ]
    try:
        services.action_plan_create(actor=request.user, review=review, actions=drafts)
    except WorkflowError as error:
        messages.error(request, str(error))
        return _page(request, review, formset=formset, status=error.status_code)
    messages.success(request, _("The action plan is saved."))
    return redirect("reviews:action_plan", pk=review.pk)


@login_required
@require_POST
def action_save(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_in_scope(user=request.user, pk=pk)
    review = action.plan.review
    if not permissions.can_write_action_plan(request.user, review):
        raise PermissionDenied
    form = PlanActionForm(request.POST, prefix=f"action-{action.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{action.item.number}. {error}")
        return redirect("reviews:action_plan", pk=review.pk)
    try:
        services.plan_action_save(actor=request.user, action=action, **form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Item %(number)s of the plan is saved.") % {"number": action.item.number}
        )
    return redirect("reviews:action_plan", pk=review.pk)


@login_required
@require_POST
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.plan_review(user=request.user, pk=pk)
    if not permissions.can_comment_action_plan(request.user, review):
        raise PermissionDenied
    form = PlanCommentForm(request.POST)
    if not form.is_valid():
        return _page(request, review, comment_form=form, status=400)
    try:
        services.plan_comment_add(actor=request.user, review=review, text=form.cleaned_data["text"])
    except WorkflowError as error:
        messages.error(request, str(error))
        return _page(request, review, comment_form=form, status=error.status_code)
    messages.success(request, _("Your comment is added."))
    return redirect("reviews:action_plan", pk=review.pk)


def owner_reminders_stop(request: HttpRequest, token: str) -> HttpResponse:
    """An action's owner (no login) stops the reminders from the link in one: a GET
    only asks (mail scanners open links), the button's POST stops them."""
    read = owner_reminders.read_stop_token(token)
    if read is None:
        return render(request, "reviews/owner_reminders_stop.html", {"state": "bad"}, status=404)
    action_id, address = read
    if request.method == "POST":
        stopped = services.owner_reminders_stop(action_id=action_id, owner_email=address)
        state = "stopped" if stopped else "gone"
        return render(request, "reviews/owner_reminders_stop.html", {"state": state})
    return render(request, "reviews/owner_reminders_stop.html", {"state": "ask"})
