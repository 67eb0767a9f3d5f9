"""Writes of the follow-up: the site's action plan, its actions and comments.

One function per step, keyword-only, the acting user explicit, one
transaction under the review's row lock (the lock every step shares).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.followup.models import ActionPlan, PlanAction, PlanComment
from reviews.rating.models import ConsensusScore, Review
from reviews.rating.services import WorkflowError, lock_for_step
from sites import permissions


@dataclass(frozen=True)
class ActionDraft:
    """What the site leader chose for one item when writing the plan."""

    item_number: int
    goal: str
    actions: str
    owner: str
    due_on: date
    owner_email: str = ""


@transaction.atomic
def action_plan_create(*, actor, review: Review, actions: Iterable[ActionDraft]) -> ActionPlan:
    """Write the plan after a published review: one action per chosen item."""
    review = lock_for_step(
        permissions.can_write_action_plan,
        actor,
        review,
        gettext_lazy("Only the site's leaders write the action plan of a published review."),
    )
    if ActionPlan.objects.filter(review=review).exists():
        raise WorkflowError(_("This review already has an action plan."))
    drafts = list(actions)
    if not drafts:
        raise WorkflowError(_("Choose at least one item for the plan."))
    items = {
        c.item.number: c.item
        for c in ConsensusScore.objects.filter(review=review).select_related("item")
    }
    plan = ActionPlan.objects.create(review=review, created_by=actor)
    for draft in drafts:
        item = items.get(draft.item_number)
        if item is None:
            raise WorkflowError(_("This item is not part of the review."))
        if not draft.goal.strip():
            raise WorkflowError(_("Item %(number)s needs a goal.") % {"number": draft.item_number})
        if draft.owner_email and not draft.owner.strip():
            raise WorkflowError(_owner_unnamed(draft.item_number))
        PlanAction.objects.create(
            plan=plan,
            item=item,
            goal=draft.goal.strip(),
            actions=draft.actions.strip(),
            owner=draft.owner.strip(),
            owner_email=draft.owner_email.strip(),
            due_on=draft.due_on,
        )
    return plan


@transaction.atomic
def plan_action_save(
    *,
    actor,
    action: PlanAction,
    goal: str,
    actions: str,
    owner: str,
    due_on: date,
    status: str,
    notes: str,
    owner_email: str = "",
) -> PlanAction:
    """Change one action: what, who, by when, how far it has come.

    A new owner's address starts with the reminders on (the earlier owner's "stop"
    was theirs); a done action keeps no address, as nobody is reminded of it.
    """
    lock_for_step(
        permissions.can_write_action_plan,
        actor,
        action.plan.review,
        gettext_lazy("Only the site's leaders change the action plan."),
    )
    if status not in PlanAction.Status.values:
        raise WorkflowError(_("Unknown status."))
    if not goal.strip():
        raise WorkflowError(_("An action needs a goal."))
    owner_email = "" if status == PlanAction.Status.DONE else owner_email.strip()
    if owner_email and not owner.strip():
        raise WorkflowError(_owner_unnamed(action.item.number))
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    if owner_email.lower() != action.owner_email.lower():
        action.owner_reminders_off = False
    action.goal = goal.strip()
    action.actions = actions.strip()
    action.owner = owner.strip()
    action.owner_email = owner_email
    action.due_on = due_on
    action.status = status
    action.notes = notes.strip()
    action.save()
    return action


def _owner_unnamed(number: int) -> str:
    return _("Item %(number)s: give the owner's name with the e-mail address.") % {"number": number}


@transaction.atomic
def owner_reminders_stop(*, action_id: int, owner_email: str) -> bool:
    """The owner's own "stop": no reminder of this action goes to this address again.

    False when the action is gone or has another address now (the link was for an
    earlier owner); nothing changes then.
    """
    updated = PlanAction.objects.filter(
        pk=action_id, owner_email__iexact=owner_email, owner_email__gt=""
    ).update(owner_reminders_off=True)
    return updated == 1


@transaction.atomic
def plan_comment_add(*, actor, review: Review, text: str) -> PlanComment:
    """A reviewer's, coordinator's or the site's remark on the plan."""
    review = lock_for_step(
        permissions.can_comment_action_plan,
        actor,
        review,
        gettext_lazy("You cannot comment on this action plan."),
    )
    plan = ActionPlan.objects.filter(review=review).first()
    if plan is None:
        raise WorkflowError(_("There is no action plan to comment on yet."))
    if not text.strip():
        raise WorkflowError(_("Write a comment first."))
    return PlanComment.objects.create(plan=plan, author=actor, text=text.strip())
